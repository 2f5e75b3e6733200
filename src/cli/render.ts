import type { Snapshot, ScanReport } from '../shared/snapshot';
import type { TokenCounts } from '../shared/tokens';
import { AGENT_LABELS } from '../shared/tokens';
import { SKIP_REASON_TEXT } from '../sources/source';
import { plural } from './sources';
import { formatBytes, formatExact, formatPercent, formatTokens, progressText, tierName } from '../shared/format';

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

/** The default terminal view. */
export function renderSummary(s: Snapshot, st: Style): string {
  const out: string[] = [];
  const head = `Token Tier — ${st.bold(tierName(s))}${s.demo ? st.dim('  (demo data)') : ''}`;
  out.push(head, st.dim(`time zone ${s.timezone} · tier from the mean of the last ${s.windowDays} days · counting ${s.countedKinds.join(', ')}`), '');
  const width = 24;
  const filled = Math.round(s.standing.fraction * width);
  out.push(`  ${st.accent('█'.repeat(filled))}${st.dim('░'.repeat(width - filled))} ${formatPercent(s.standing.fraction)}  ${progressText(s)}`);
  out.push(`  Today        ${pad(formatTokens(s.todayCounted), 7)} ${st.dim(kindsLine(s.todayCounts))}`);
  out.push(`  Window mean  ${pad(formatTokens(s.standing.meanPerDay), 7)} ${st.dim('tokens/day')}`);
  out.push(
    `  Active ${s.activeDaysInWindow} of ${s.windowDays} days · streak ${s.streak} day${s.streak === 1 ? '' : 's'} · smoothness ${s.smoothness.toFixed(2)} (${s.activeHours} of 168 hours of the week)`,
  );
  out.push('', curve(s, 30, st));
  if (s.byAgent.length > 0) {
    out.push('', st.bold(`By agent, last ${s.windowDays} days`));
    for (const r of s.byAgent) out.push(`  ${pad(AGENT_LABELS[r.agent], 28, true)} ${pad(formatTokens(r.total), 7)}  ${st.dim(kindsLine(r.counts))}`);
    out.push('', st.bold(`By model, last ${s.windowDays} days`));
    for (const r of s.byModel) out.push(`  ${pad(r.model, 28, true)} ${pad(formatTokens(r.total), 7)}  ${st.dim(`${AGENT_LABELS[r.agent]} · ${kindsLine(r.counts)}`)}`);
  }
  if (s.scan) out.push('', ...scanLines(s.scan, st));
  return out.join('\n');
}

function kindsLine(c: TokenCounts): string {
  const parts = [`in ${formatTokens(c.input)}`, `out ${formatTokens(c.output)}`, `cache read ${formatTokens(c.cacheRead)}`, `cache write ${formatTokens(c.cacheWrite)}`];
  if (c.reasoning > 0) parts.push(`(reasoning ${formatTokens(c.reasoning)} of out)`);
  return parts.join(' · ');
}

/** A sparkline of the last `n` days with the tier line the user is aiming for. */
function curve(s: Snapshot, n: number, st: Style): string {
  const days = s.days.slice(-n);
  const max = Math.max(1, ...days.map((d) => d.counted));
  const bars = days.map((d) => (d.counted === 0 ? st.dim('·') : SPARKS[Math.min(7, Math.floor((d.counted / max) * 7.999))]!)).join('');
  const first = days[0]!.date.slice(5);
  const last = days[days.length - 1]!.date.slice(5);
  return [
    st.bold(`Last ${n} days`) + st.dim(`  (peak ${formatTokens(max)}/day; · = no tokens)`),
    `  ${bars}`,
    `  ${first}${' '.repeat(Math.max(1, days.length - first.length - last.length))}${last}`,
  ].join('\n');
}

export function scanLines(r: ScanReport, st: Style): string[] {
  const out = [st.bold('Sources')];
  const found = r.sources.filter((src) => src.files > 0);
  for (const src of found) {
    const folders = src.folders.filter((f) => f.found).map((f) => f.path).join(', ');
    const rows = src.rowsRead ? `, ${plural(src.rowsRead, 'row')} read` : '';
    out.push(`  ${pad(AGENT_LABELS[src.agent], 13, true)} ${plural(src.files, 'file')}${rows} in ${folders}`);
  }
  const missing = r.sources.filter((src) => src.files === 0).map((src) => AGENT_LABELS[src.agent]);
  if (missing.length) out.push(st.dim(`  Not found: ${missing.join(', ')} (token-tier sources shows where it looked)`));
  const skips = Object.entries(r.skipped).filter(([, n]) => n > 0);
  if (skips.length) {
    out.push(`  Skipped: ${skips.map(([k, n]) => `${formatExact(n)} ${SKIP_REASON_TEXT[k as keyof typeof SKIP_REASON_TEXT] ?? k}`).join('; ')}`);
  }
  for (const p of r.problems) out.push(st.dim(`  ! ${p}`));
  out.push(st.dim(`  Scanned ${plural(r.filesSeen, 'file')} (${r.filesParsed} read, ${formatBytes(r.bytesRead)}) in ${r.durationMs} ms`));
  return out;
}

/** What a machine without logs is told: every agent and where it was looked for. */
export function renderNoLogs(r: ScanReport, st: Style): string {
  const lines = [st.bold('No AI coding agent logs found on this machine.'), 'Looked for:'];
  for (const src of r.sources) {
    const shown = src.folders.slice(0, 2).map((f) => f.path);
    const more = src.folders.length - shown.length;
    lines.push(`  ${pad(AGENT_LABELS[src.agent], 13, true)} ${shown.join(', ')}${more > 0 ? st.dim(` and ${more} more`) : ''}`);
  }
  lines.push('Add a folder with --dir AGENT=PATH (e.g. --dir claude-code=/mnt/c/Users/me/.claude/projects),', 'see every folder with `token-tier sources`, or try --demo.');
  return lines.join('\n');
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padEnd(n) : s.padStart(n);
}
