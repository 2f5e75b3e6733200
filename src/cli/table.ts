import type { PeriodRow, Totals } from '../core/daily';
import { sumCounts } from '../core/daily';
import { costText, formatExact, formatTokens } from '../shared/format';

type Row = readonly string[];

/**
 * Aligned columns: the first left-aligned, the rest right-aligned (numbers line up), two spaces
 * apart; a rule above the footer. A first column too wide for `width` is shortened with "…".
 */
export function renderTable(head: Row, rows: readonly Row[], footer: Row | undefined, width: number): string[] {
  const all = [head, ...rows, ...(footer ? [footer] : [])];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const rest = widths.slice(1).reduce((n, w) => n + w + 2, 0);
  widths[0] = Math.max(8, Math.min(widths[0]!, width - rest));
  const line = (r: Row) => r.map((cell, i) => (i === 0 ? clip(cell, widths[0]!).padEnd(widths[0]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [line(head), ...rows.map(line)];
  if (footer) out.push('─'.repeat(widths.reduce((n, w) => n + w, 0) + 2 * (widths.length - 1)), line(footer));
  return out;
}

/** Shortens to `n` characters; a trailing "(…)" qualifier is kept whole, the name before it cut. */
function clip(s: string, n: number): string {
  if (s.length <= n) return s;
  const q = /( \([^()]+\))$/.exec(s)?.[1] ?? '';
  return q && n - q.length >= 6 ? `${s.slice(0, n - q.length - 1)}…${q}` : `${s.slice(0, n - 1)}…`;
}


/**
 * A table of token counts, exact with thousands separators when it fits `width`, else in compact
 * units (12.3M): a terminal never wraps a row. The last column is the estimated cost ("Est. $").
 */
export function countsTable(
  label: string,
  rows: ReadonlyArray<{ label: string; counts: Totals }>,
  footer: Totals | undefined,
  width: number,
  opts: { totalFirst?: boolean; compact?: boolean } = {},
): string[] {
  const totalFirst = opts.totalFirst === true;
  const headsOf = (kinds: string[]) => [...(totalFirst ? ['Total', ...kinds] : [...kinds, 'Total']), 'Est. $'];
  const long = headsOf(['Input', 'Output', 'Cache read', 'Cache write']);
  const short = headsOf(['In', 'Out', 'Cache rd', 'Cache wr']);
  const cells = (c: Totals, f: (n: number) => string) => {
    const v = [f(c.input), f(c.output), f(c.cacheRead), f(c.cacheWrite)];
    return [...(totalFirst ? [f(c.total), ...v] : [...v, f(c.total)]), costText(c.cost, c.unpricedTokens)];
  };
  const build = (f: (n: number) => string, heads: string[]) =>
    renderTable([label, ...heads], rows.map((r) => [r.label, ...cells(r.counts, f)]), footer ? ['Total', ...cells(footer, f)] : undefined, width);
  // The widest form that fits without cutting a name short (a date, a project path, a model id):
  // exact figures, then compact units, then compact units under short headers.
  const all = [...rows.map((r) => r.counts), ...(footer ? [footer] : [])];
  const labels = Math.max(label.length, 'Total'.length, ...rows.map((r) => r.label.length));
  const needed = (f: (n: number) => string, heads: string[]) => labels + heads.reduce((n, h, i) => n + 2 + Math.max(h.length, ...all.map((c) => cells(c, f)[i]!.length)), 0);
  const forms: Array<[(n: number) => string, string[]]> = [[formatExact, long], [formatTokens, long], [formatTokens, short]];
  const [f, heads] = forms.slice(opts.compact ? 1 : 0).find(([fmt, h]) => needed(fmt, h) <= width) ?? forms[2]!;
  return build(f, heads);
}

/** Compact units with one decimal kept ("8.0M" under "9.2M"), so a column reads at one precision. */

/** `daily`, `weekly`, `monthly` as a table with a total row. */
export function periodTable(rows: readonly PeriodRow[], label: string, width: number): string[] {
  return countsTable(label, rows.map((r) => ({ label: r.period, counts: r })), sumCounts(rows), width);
}
