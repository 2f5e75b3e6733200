import { homedir } from 'node:os';
import { sep } from 'node:path';
import { countsTable } from './table';
import { wrapAt } from './wrap';
import type { Snapshot, ScanReport } from '../shared/snapshot';
import type { TokenCounts } from '../shared/tokens';
import { AGENT_LABELS } from '../shared/tokens';
import { withTotal } from '../core/daily';
import { SKIP_REASON_TEXT } from '../shared/skipReasons';
import { plural } from './sources';
import { COST_LABEL, costLine, formatBytes, formatExact, formatPercent, formatTokens, freshLine, progressText, tierName } from '../shared/format';

const SPARKS = '▁▂▃▄▅▆▇█';

interface Style {
  bold(s: string): string;
  dim(s: string): string;
  accent(s: string): string;
}

export function style(color: boolean): Style {
  const wrap = (code: string) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { bold: wrap('1'), dim: wrap('2'), accent: wrap('36') };
}

/** The default terminal view, no line wider than `width`. */
export function renderSummary(s: Snapshot, st: Style, width = 80): string {
  const out: string[] = [];
  const head = `Token Tier — ${st.bold(tierName(s))}${s.demo ? st.dim('  (demo data)') : ''}`;
  out.push(head, ...fit(`time zone ${s.timezone} · tier from the mean of the last ${s.windowDays} days · counting ${s.countedKinds.join(', ')}`, width).map(st.dim), '');
  const tier = s.tiers[s.standing.tierIndex]!;
  const next = s.tiers[s.standing.tierIndex + 1];
  const way = next && s.standing.tierIndex > 0 ? ` of the way from ${tier.name} to ${next.name}` : '';
  const bar = Math.max(8, Math.min(24, width - 3 - formatPercent(s.standing.fraction).length - way.length));
  const filled = Math.round(s.standing.fraction * bar);
  out.push(`  ${st.accent('█'.repeat(filled))}${st.dim('░'.repeat(bar - filled))} ${formatPercent(s.standing.fraction)}${way}`);
  out.push(...wrapAt(progressText(s), width, '  '));
  out.push(`  Today        ${pad(formatTokens(s.todayCounted), 7)} tokens`);
  out.push(...fit(kindsLine(s.todayCounts), width, '               ').map(st.dim));
  out.push(`  Window mean  ${pad(formatTokens(s.standing.meanPerDay), 7)} tokens/day`);
  const fresh = freshLine(s);
  if (fresh) out.push(...fit(fresh, width, '               ').map(st.dim));
  const cost = costLine(s);
  if (cost) out.push(...fit(`${cost} · ${COST_LABEL} · prices: ${s.value.priceList}`, width, '               ').map(st.dim));
  out.push(
    ...wrapAt(`Active ${s.activeDaysInWindow} of ${s.windowDays} days, a ${s.streak}-day streak; agents ran in ${s.activeHours} of the week's 168 hours (smoothness ${s.smoothness.toFixed(2)}).`, width, '  '),
  );
  if (s.coach.steps.length) {
    out.push('', st.bold('Try this week'));
    s.coach.steps.forEach((x, i) => {
      out.push(...wrapAt(`${i + 1}. ${x.title}`, width, '  ').map((l, j) => (j ? `   ${l}` : l)));
      out.push(...wrapAt(`Why: ${x.why}${x.link ? ` ${x.link.url}` : ''}`, width, '     ').map(st.dim));
    });
  }
  out.push('', curve(s, 30, st));
  if (s.byAgent.length > 0) {
    out.push('', st.bold(`By agent, last ${s.windowDays} days`));
    const agents = s.byAgent.map((r) => ({ label: AGENT_LABELS[r.agent], counts: withTotal(r.counts) }));
    out.push(...countsTable('Agent', agents, undefined, width - 2, { totalFirst: true, compact: true }).map((l, i) => `  ${i === 0 ? st.dim(l) : l}`));
    out.push('', st.bold(`By model, last ${s.windowDays} days`));
    const repeated = new Set(s.byModel.filter((r, i) => s.byModel.findIndex((o) => o.model === r.model) !== i).map((r) => r.model));
    const models = s.byModel.map((r) => ({ label: repeated.has(r.model) ? `${r.model} (${AGENT_LABELS[r.agent]})` : r.model, counts: withTotal(r.counts) }));
    out.push(...countsTable('Model', models, undefined, width - 2, { totalFirst: true, compact: true }).map((l, i) => `  ${i === 0 ? st.dim(l) : l}`));
  }
  if (s.scan) out.push('', ...scanLines(s.scan, st, width));
  return out.join('\n');
}

/** A long " · "-separated line as lines of at most `width`, each starting with `indent`. */
export function fit(text: string, width: number, indent = ''): string[] {
  return wrapAt(text, width, indent, ' · ');
}

function kindsLine(c: TokenCounts): string {
  const parts = [`in ${formatTokens(c.input)}`, `out ${formatTokens(c.output)}`, `cache read ${formatTokens(c.cacheRead)}`, `cache write ${formatTokens(c.cacheWrite)}`];
  if (c.reasoning > 0) parts.push(`(reasoning ${formatTokens(c.reasoning)} of out)`);
  return parts.join(' · ');
}

/** A sparkline of the last `n` days with the tier line the user is aiming for. */
function curve(s: Snapshot, n: number, st: Style): string {
  const days = s.days.slice(-n);
  const peak = Math.max(0, ...days.map((d) => d.counted));
  if (peak === 0) return `${st.bold(`Last ${n} days`)}\n  ${st.dim(`no tokens in the last ${n} days`)}`;
  const max = peak;
  const bars = days.map((d) => (d.counted === 0 ? st.dim('·') : SPARKS[Math.min(7, Math.floor((d.counted / max) * 7.999))]!)).join('');
  const first = days[0]!.date.slice(5);
  const last = days[days.length - 1]!.date.slice(5);
  return [
    st.bold(`Last ${n} days`) + st.dim(`  (peak ${formatTokens(max)}/day; · = no tokens)`),
    `  ${bars}`,
    `  ${first}${' '.repeat(Math.max(1, days.length - first.length - last.length))}${last}`,
  ].join('\n');
}

export function scanLines(r: ScanReport, st: Style, width = 80): string[] {
  const out = [st.bold('Sources')];
  const found = r.sources.filter((src) => src.files > 0);
  for (const src of found) {
    const folders = src.folders.filter((f) => f.found).map((f) => tildify(f.path)).join(', ');
    const rows = src.rowsRead ? `, ${plural(src.rowsRead, 'record')} read` : '';
    out.push(clipStart(`  ${pad(AGENT_LABELS[src.agent], 13, true)} ${plural(src.files, 'file')}${rows} in `, folders, width));
  }
  const missing = r.sources.filter((src) => src.files === 0).map((src) => AGENT_LABELS[src.agent]);
  // Names stay whole across lines ("Kilo Code", not "Kilo" then "Code").
  const names = missing.map((m) => m.replace(/ /g, '\u00a0')).join(', ');
  if (missing.length) out.push(...wrapAt(`Not found: ${names} (token-tier sources shows where it looked)`, width, '  ').map((l) => st.dim(l.replace(/\u00a0/g, ' '))));
  out.push(...noCountsLines(r, width, '  ').map(st.dim));
  const skips = Object.entries(r.skipped).filter(([, n]) => n > 0);
  if (skips.length) {
    out.push(`  Skipped: ${skips.map(([k, n]) => `${formatExact(n)} ${SKIP_REASON_TEXT[k as keyof typeof SKIP_REASON_TEXT] ?? k}`).join('; ')}`);
  }
  for (const p of r.problems) out.push(st.dim(`  ! ${p}`));
  out.push(st.dim(`  Scanned ${plural(r.filesSeen, 'file')} (${r.filesParsed} read, ${formatBytes(r.bytesRead)}) in ${r.durationMs} ms`));
  return out;
}

/** What a machine without logs is told: every agent and where it was looked for, within `width`. */
export function renderNoLogs(r: ScanReport, st: Style, width = 80): string {
  const unread = noCountsLines(r, width, '');
  // What is here but unreadable comes first: "no logs" would be a false zero for them.
  const lines = [`Token Tier — ${st.bold('Not started')}`, ...unread, `No ${unread.length ? 'other ' : ''}AI coding agent logs found on this machine. Looked for:`];
  for (const src of r.sources) {
    const first = src.folders[0] ? tildify(src.folders[0].path) : '';
    const more = src.folders.length > 1 ? ` +${src.folders.length - 1} more` : '';
    lines.push(clipStart(`  ${pad(AGENT_LABELS[src.agent], 13, true)} `, first, width - more.length) + st.dim(more));
  }
  lines.push(
    'Logs elsewhere? --dir AGENT=PATH adds a folder, e.g. --dir codex=/mnt/c/.codex',
    'Every folder: `token-tier sources`. A look at a busy month: --demo.',
  );
  return lines.join('\n');
}

/** Editors and agents found here whose files hold no counts: named, never counted in the tier. */
function noCountsLines(r: ScanReport, width: number, indent: string): string[] {
  const found = (r.noCounts ?? []).map((n) => n.label.replace(/ /g, '\u00a0'));
  if (!found.length) return [];
  const text = `Found, but no exact token counts on this machine: ${found.join(', ')} — not in the tier (token-tier sources says why)`;
  return wrapAt(text, width, indent).map((l) => l.replace(/\u00a0/g, ' '));
}

/** `head` then `path`, the path cut from its start to fit `width`: its end says the most (…/saoudrizwan.claude-dev/tasks). */
function clipStart(head: string, path: string, width: number): string {
  const room = width - head.length;
  return head + (path.length > room && room > 8 ? `…${path.slice(path.length - room + 1)}` : path);
}

/** Paths under the home folder as ~/…: shorter, and the same on every machine. */
export function tildify(p: string): string {
  const home = homedir();
  return home && (p === home || p.startsWith(home + sep)) ? `~${p.slice(home.length)}` : p;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padEnd(n) : s.padStart(n);
}
