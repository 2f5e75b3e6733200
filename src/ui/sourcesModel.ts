import type { ScanReport } from '../shared/snapshot';
import { AGENT_LABELS } from '../shared/tokens';
import { formatExact } from '../shared/format';
import { markdownText, plainText } from '../shared/plainText';
import { SKIP_REASON_TEXT } from '../shared/skipReasons';
import type { TreeRow } from './breakdownModel';

/**
 * "Where Token Tier looked", as a native tree (pure): the agents found, with their folders, what
 * their logs hold that could not be counted and their last activity; the editors and agents found
 * whose files hold no exact counts (never a silent zero); and, collapsed, where the others were
 * looked for. Paths are shown from `~` and are only ever local.
 */
export function sourcesRows(r: ScanReport | null, home: string, now = Date.now()): TreeRow[] {
  if (!r) return [{ id: 'not-scanned', label: 'Not scanned yet', icon: { id: 'loading~spin' } }];
  const rows: TreeRow[] = [];
  const found = r.sources.filter((s) => s.files > 0).sort((a, b) => (b.lastActivity ?? -1) - (a.lastActivity ?? -1));
  for (const s of found) {
    const name = AGENT_LABELS[s.agent];
    const skips = Object.entries(s.skipped).filter(([, n]) => n > 0);
    const last = s.lastActivity === null ? 'no tokens yet' : relativeTime(s.lastActivity, now);
    const files = `${formatExact(s.files)} file${s.files === 1 ? '' : 's'}`;
    const children: TreeRow[] = s.folders
      .filter((f) => f.found)
      .map((f) => ({ id: `folder:${s.agent}:${f.path}`, label: tildify(f.path, home), tooltip: markdownText(f.path, 1000), icon: { id: 'folder' }, contextValue: 'folder', path: f.path }));
    for (const [reason, n] of skips) {
      children.push({ id: `skip:${s.agent}:${reason}`, label: `Skipped ${formatExact(n)} ${skipText(reason)}`, icon: { id: 'warning', color: 'list.warningForeground' }, tooltip: 'Not counted: the log holds them but they cannot be read as usage. The Token Tier log has examples.' });
    }
    for (const [i, p] of s.problems.entries()) children.push({ id: `problem:${s.agent}:${i}`, label: plainText(p, 200), tooltip: markdownText(p, 1000), icon: { id: 'error', color: 'list.errorForeground' } });
    rows.push({
      id: `agent:${s.agent}`,
      label: name,
      description: `${files} · ${last}`,
      tooltip: [`**${markdownText(name)}** — ${files}${s.rowsRead ? `, ${formatExact(s.rowsRead)} database records read in the last scan` : ''}; last activity ${last}.`, '', ...s.folders.filter((f) => f.found).map((f) => `- ${markdownText(tildify(f.path, home), 1000)}`), ...(skips.length ? ['', `Skipped: ${skips.map(([k, n]) => `${formatExact(n)} ${skipText(k)}`).join('; ')}.`] : [])].join('\n'),
      icon: skips.length || s.problems.length ? { id: 'warning', color: 'list.warningForeground' } : { id: 'pass', color: 'testing.iconPassed' },
      contextValue: 'agent',
      accessibility: `${name}: found, ${files}, last activity ${last}${skips.length ? `, ${skips.length} kind${skips.length === 1 ? '' : 's'} of records skipped` : ''}`,
      children,
      expanded: false,
    });
  }
  const none = r.noCounts ?? [];
  if (none.length) {
    rows.push({
      id: 'no-counts',
      label: 'Found, no exact counts',
      description: `${none.length} — not in your tier`,
      tooltip: 'These editors or agents are on this machine, but their local files hold no exact token counts Token Tier can read. Their use is not in your tier: zero here means "not readable", not "not used".',
      icon: { id: 'circle-slash' },
      expanded: true,
      children: none.map((n) => ({
        id: `no-counts:${n.id}`,
        label: plainText(n.label, 60),
        description: 'found; its local files hold no exact token counts',
        tooltip: [`**${markdownText(n.label, 60)}** — found; its local files hold no exact token counts.`, '', markdownText(n.why, 600), '', ...n.paths.map((p) => `- ${markdownText(tildify(p, home), 1000)}`)].join('\n'),
        icon: { id: 'circle-slash' },
        accessibility: `${plainText(n.label, 60)}: found; its local files hold no exact token counts. ${plainText(n.why, 300)}`,
        ...(n.paths[0] ? { contextValue: 'folder', path: n.paths[0] } : {}),
      })),
    });
  }
  const missing = r.sources.filter((s) => s.files === 0);
  if (missing.length) {
    rows.push({
      id: 'not-found',
      label: 'Not found',
      description: `${missing.length} agent${missing.length === 1 ? '' : 's'}`,
      tooltip: 'Agents whose log folders are not on this machine. Logs kept somewhere else? Add their folder (the + above).',
      icon: { id: 'circle-large-outline' },
      expanded: false,
      children: missing.map((s) => ({
        id: `missing:${s.agent}`,
        label: AGENT_LABELS[s.agent],
        description: `looked in ${s.folders.length} folder${s.folders.length === 1 ? '' : 's'}`,
        tooltip: [`**${markdownText(AGENT_LABELS[s.agent])}** — not found. Looked in:`, '', ...s.folders.map((f) => `- ${markdownText(tildify(f.path, home), 1000)}`)].join('\n'),
        icon: { id: 'circle-large-outline' },
        contextValue: 'missingAgent',
        children: s.folders.map((f) => ({ id: `looked:${s.agent}:${f.path}`, label: tildify(f.path, home), description: 'not found', tooltip: markdownText(f.path, 1000), icon: { id: 'folder' } })),
      })),
    });
  }
  const unreadable = r.skipped.unreadable ?? 0;
  if (unreadable > 0) {
    rows.push({ id: 'unreadable', label: `${formatExact(unreadable)} folder${unreadable === 1 ? '' : 's'} or file${unreadable === 1 ? '' : 's'} could not be read`, description: 'see the log', icon: { id: 'error', color: 'list.errorForeground' }, contextValue: 'openLog', tooltip: 'The Token Tier log names each one and why.' });
  }
  return rows;
}

/** "invalid-json" → "lines or files that are not valid JSON". */
function skipText(reason: string): string {
  return SKIP_REASON_TEXT[reason as keyof typeof SKIP_REASON_TEXT] ?? reason.replace(/-/g, ' ');
}

/** A path from `~` when it is under the home folder, as plain text. */
export function tildify(p: string, home: string): string {
  const text = home && (p === home || p.startsWith(`${home}/`) || p.startsWith(`${home}\\`)) ? `~${p.slice(home.length)}` : p;
  return plainText(text, 200);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function relativeTime(ms: number, now: number): string {
  const min = Math.max(0, Math.round((now - ms) / 60_000));
  if (min < 60) return min <= 1 ? 'just now' : `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}
