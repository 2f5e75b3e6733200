import type { NoCounts, ScanReport } from '../shared/snapshot';
import { AGENT_LABELS } from '../shared/tokens';
import { SKIP_REASON_TEXT } from '../shared/skipReasons';
import { formatExact } from '../shared/format';
import type { style } from './render';

type Style = ReturnType<typeof style>;

/** `token-tier sources --json`: the scan report per agent, times as ISO strings. */
export function sourcesJson(r: ScanReport): unknown {
  return {
    scannedAt: new Date(r.finishedAt).toISOString(),
    agents: r.sources.map((s) => ({
      agent: s.agent,
      label: AGENT_LABELS[s.agent],
      found: s.files > 0,
      files: s.files,
      rowsRead: s.rowsRead,
      lastActivity: s.lastActivity === null ? null : new Date(s.lastActivity).toISOString(),
      folders: s.folders,
      skipped: s.skipped,
      problems: s.problems,
    })),
    // Found here, but their files hold no exact token counts: never in the tier.
    noCounts: r.noCounts ?? [],
  };
}

/** `token-tier sources`: every agent, found or not, where, what was read or skipped, and when it last worked. */
export function renderSources(r: ScanReport, st: Style): string {
  const out = [st.bold('Sources') + st.dim(`  (scanned ${shortTime(r.finishedAt)}; --json lists every folder looked in)`)];
  for (const s of r.sources) {
    const label = AGENT_LABELS[s.agent].padEnd(13);
    const missing = s.folders.filter((f) => !f.found);
    const empty = s.folders.filter((f) => f.found);
    if (s.files === 0 && empty.length) {
      // The folder is there (the agent was installed) but holds no session yet: say so, with where.
      out.push(`  ${st.dim(`– ${label} no sessions yet in ${empty.map((f) => f.path).join(', ')}`)}`);
    } else if (s.files === 0) {
      const shown = missing.slice(0, 2).map((f) => f.path).join(', ');
      out.push(`  ${st.dim(`– ${label} not found in ${shown}${missing.length > 2 ? ` and ${missing.length - 2} more` : ''}`)}`);
    } else {
      const read = `${plural(s.files, 'file')}${s.rowsRead ? `, ${plural(s.rowsRead, 'row')} read` : ''}`;
      const last = s.lastActivity === null ? 'no tokens yet' : `last active ${shortTime(s.lastActivity)}`;
      out.push(`  ✓ ${st.bold(label)} ${read} · ${last}`);
      for (const f of s.folders) if (f.found) out.push(`      ${f.path}`);
      if (missing.length) out.push(st.dim(`      (also looked in ${plural(missing.length, 'other place')})`));
    }
    for (const [reason, n] of Object.entries(s.skipped)) out.push(`      skipped ${formatExact(n)} ${SKIP_REASON_TEXT[reason as keyof typeof SKIP_REASON_TEXT] ?? reason}`);
    for (const p of s.problems) out.push(st.dim(`      ! ${p}`));
  }
  for (const n of r.noCounts ?? []) out.push(`  ${st.dim(`– ${n.label.padEnd(13)} ${noCountsLine(n)} — ${n.paths.join(', ')}`)}`);
  return out.join('\n');
}

/** The one line Sources says of an editor or agent whose files hold no counts it can read. */
export function noCountsLine(n: NoCounts): string {
  return `found; its local files hold no exact token counts (${n.why})`;
}

export function plural(n: number, word: string): string {
  return `${formatExact(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** `2026-11-20 10:00` in the local zone. */
function shortTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
