import type { Snapshot } from './snapshot';
import type { AgentId } from './tokens';
import { AGENT_LABELS } from './tokens';

/** The label every cost carries (here, not beside the schemas: the CLI and the scan workers must not load zod). */
export const COST_LABEL = 'list-price estimate; subscriptions differ';

const UNITS: Array<[number, string]> = [
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/**
 * Compact token counts, the one format of the badge, its tooltip, the panel, the native views and the
 * CLI: 850, 2.0K, 12.3M, 1.2B — always one decimal below 100 (so figures line up and "2M" never sits
 * beside "2.4M"), none from 100.
 */
export function formatTokens(n: number): string {
  const abs = Math.abs(n);
  for (const [size, unit] of UNITS) {
    if (abs >= size * 0.9995) {
      const v = n / size;
      const text = Math.abs(v) >= 99.95 ? Math.round(v).toString() : v.toFixed(1);
      return `${text}${unit}`;
    }
  }
  return Math.round(n).toString();
}

/**
 * Full count with thousands separators, for tooltips and tables: what `toLocaleString('en-US')`
 * writes, without it — its first call loads ICU's number data (~40 ms of a cold extension host,
 * on the activation path through the Breakdown view).
 */
export function formatExact(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatPercent(fraction: number): string {
  return `${Math.floor(fraction * 100)}%`;
}

/**
 * A part of a whole, rounded, but never "0%" for something that is there nor "100%" while
 * something else is: an agent with 0.3 % of a team's tokens is in use, and reading "0%" says it is not.
 */
export function formatShare(fraction: number): string {
  const pct = Math.round(fraction * 100);
  if (fraction > 0 && pct === 0) return '<1%';
  if (fraction < 1 && pct === 100) return '>99%';
  return `${pct}%`;
}

/** An agent or model mix as rows: its label (an agent's name, else the id as logged), total and share of the mix. */
export function mixShares(mix: ReadonlyArray<{ name: string; total: number }>): Array<{ label: string; total: number; share: string }> {
  const sum = mix.reduce((a, b) => a + b.total, 0) || 1;
  return mix.map((x) => ({ label: AGENT_LABELS[x.name as AgentId] ?? x.name, total: x.total, share: formatShare(x.total / sum) }));
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

/**
 * The gap in one short line, for the panel's first screen and the badge: "1.7M/day more for
 * Architect (20.0M)"; the top of the ladder and the first step say what they are.
 */
export function gapLine(s: Snapshot): string {
  const tier = s.tiers[s.standing.tierIndex]!;
  const next = s.tiers[s.standing.tierIndex + 1];
  if (!next) return `${tier.name} — the top of the ladder`;
  if (s.standing.tierIndex === 0) return `Any agent use in ${s.windowDays} days makes you a ${next.name}`;
  return `${formatTokens(s.standing.perDayNeeded)}/day more for ${next.name} (${formatTokens(next.min)})`;
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
  const v = s.value;
  const all = v.freshTokens + v.cacheReadTokens + v.cacheWriteTokens;
  if (all === 0) return '';
  const perDay = (n: number) => formatTokens(n / s.windowDays);
  return `Fresh input and output ${perDay(v.freshTokens)}/day (${formatPercent(v.freshTokens / all)}) · cache reads ${perDay(v.cacheReadTokens)}/day · cache writes ${perDay(v.cacheWriteTokens)}/day`;
}

/** Dollars at a glance: "$0.42", "$12.30", "$1,234", "<$0.01"; exact cents below $1,000. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.005) return '<$0.01';
  if (usd < 1000) return `$${usd.toFixed(2)}`;
  return `$${formatExact(usd)}`;
}

/** A cost figure that owns up to what it leaves out: "≥ $1.20" when some tokens have no price, "no price" when none has one. */
export function costText(usd: number, unpricedTokens: number): string {
  if (unpricedTokens > 0) return usd >= 0.005 ? `≥ ${formatUsd(usd)}` : 'no price';
  return formatUsd(usd);
}

/** The window's estimated cost, per day and today, and which models it could not price. */
export function costLine(s: Snapshot): string {
  const v = s.value;
  if (v.costMicros === 0 && v.unpricedTokens === 0) return '';
  const usd = v.costMicros / 1e6;
  const parts = [`Est. cost ${costText(usd, v.unpricedTokens)} for ${s.windowDays} days (${formatUsd(usd / s.windowDays)}/day) · today ${formatUsd(v.todayCostMicros / 1e6)}`];
  if (v.unpricedTokens > 0) {
    const names = v.unpricedModels.slice(0, 3).join(', ') + (v.unpricedModels.length > 3 ? ` +${v.unpricedModels.length - 3}` : '');
    parts.push(`no price for ${names} (${formatTokens(v.unpricedTokens)} tokens)`);
  }
  return parts.join(' · ');
}

/** "A", "A and B", "A, B and C". */
export function listPhrase(items: readonly string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items.join('');
}
