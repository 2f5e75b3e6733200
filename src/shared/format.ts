import type { Snapshot } from './snapshot';

const UNITS: Array<[number, string]> = [
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** Compact token counts: 850, 12.3K, 12.3M, 1.2B (one decimal below 100, none above). */
export function formatTokens(n: number): string {
  const abs = Math.abs(n);
  for (const [size, unit] of UNITS) {
    if (abs >= size * 0.9995) {
      const v = n / size;
      const text = Math.abs(v) >= 99.95 ? Math.round(v).toString() : v.toFixed(1).replace(/\.0$/, '');
      return `${text}${unit}`;
    }
  }
  return Math.round(n).toString();
}

/** Full count with thousands separators, for tooltips and tables. */
export function formatExact(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatPercent(fraction: number): string {
  return `${Math.floor(fraction * 100)}%`;
}

/** The one-line progress sentence shared by the CLI, the tooltip and the panel. */
export function progressText(s: Snapshot): string {
  const tier = s.tiers[s.standing.tierIndex]!;
  const next = s.tiers[s.standing.tierIndex + 1];
  if (!next) return `${tier.name}: ${tier.blurb}`;
  if (s.standing.tierIndex === 0) {
    return `No agent tokens in the last ${s.windowDays} days: any use of an AI coding agent makes you a ${next.name}`;
  }
  // Said as the mean it is: "more this week" read as a weekly total on its own (issue #9).
  const days = s.windowDays === 1 ? 'today' : `for ${s.windowDays} days (${formatTokens(s.standing.windowNeeded)} in total)`;
  return (
    `${next.name} needs ${formatTokens(next.min)} tokens/day on average; you average ${formatTokens(s.standing.meanPerDay)}. ` +
    `${formatTokens(s.standing.perDayNeeded)}/day more ${days} would get you there.`
  );
}

export function tierName(s: Snapshot): string {
  return s.tiers[s.standing.tierIndex]!.name;
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/**
 * Value beside volume: the window's fresh tokens (input + output, what the model newly read and
 * wrote) per day beside its cache reads, which are most of any agent's count.
 */
export function freshLine(s: Snapshot): string {
  const sum = { fresh: 0, cacheRead: 0, cacheWrite: 0 };
  for (const r of s.byAgent) {
    sum.fresh += r.counts.input + r.counts.output;
    sum.cacheRead += r.counts.cacheRead;
    sum.cacheWrite += r.counts.cacheWrite;
  }
  const all = sum.fresh + sum.cacheRead + sum.cacheWrite;
  if (all === 0) return '';
  const perDay = (n: number) => formatTokens(n / s.windowDays);
  return `Fresh input and output ${perDay(sum.fresh)}/day (${formatPercent(sum.fresh / all)}) · cache reads ${perDay(sum.cacheRead)}/day · cache writes ${perDay(sum.cacheWrite)}/day`;
}

/** "A", "A and B", "A, B and C". */
export function listPhrase(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items.join('');
}
