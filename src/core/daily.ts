import type { AgentId, TokenCounts } from '../shared/tokens';
import { AGENT_IDS } from '../shared/tokens';
import { totalOf } from '../shared/tokens';
import type { LedgerRow } from './ledger';
import { SLOT_MS } from './ledger';
import { dailyTotals } from './snapshot';
import { weekStart, Zone } from './time';
import { COST_BASIS } from './prices/priceList';

/**
 * Counts with their total and value: `cost` is the list-price estimate in USD (an agent's own
 * logged cost where it logs one; "list-price estimate; subscriptions differ"), `unpricedTokens` the
 * tokens of models the price list has no price for (not in `cost`, never guessed).
 */
export interface Totals extends TokenCounts {
  total: number;
  cost: number;
  unpricedTokens: number;
}

export interface DailyJsonDay extends Totals {
  date: string;
  agents: Partial<Record<AgentId, Totals>>;
}

export interface DailyJson {
  timezone: string;
  /** What `cost` is: "list-price estimate; subscriptions differ", and from which price list. */
  costBasis: string;
  days: DailyJsonDay[];
}

/** `token-tier daily --json`: every local day with tokens, oldest first, within the range. */
export function dailyJson(rows: readonly LedgerRow[], timezone: string, since?: string, until?: string): DailyJson {
  const perDay = dailyTotals(rows, Zone.of(timezone));
  const days: DailyJsonDay[] = [];
  for (const date of [...perDay.keys()].sort()) {
    if ((since && date < since) || (until && date > until)) continue;
    const d = perDay.get(date)!;
    const agents: DailyJsonDay['agents'] = {};
    for (const [agent, c] of Object.entries(d.agents) as Array<[AgentId, TokenCounts]>) agents[agent] = withTotal(c);
    days.push({ date, ...withTotal(d.counts), agents });
  }
  return { timezone, costBasis: COST_BASIS, days };
}

export type Period = 'day' | 'week' | 'month';

export interface PeriodRow extends Totals {
  /** The day, the week's Monday, or `YYYY-MM`. */
  period: string;
  agents: Partial<Record<AgentId, Totals>>;
}

/** The days summed by calendar week (from Monday, in the same zone) or month; days keep theirs. */
export function periodRows(days: readonly DailyJsonDay[], period: Period): PeriodRow[] {
  const keyOf = period === 'week' ? weekStart : period === 'month' ? (d: string) => d.slice(0, 7) : (d: string) => d;
  const out = new Map<string, PeriodRow>();
  for (const d of days) {
    const key = keyOf(d.date);
    let row = out.get(key);
    if (!row) out.set(key, (row = { period: key, ...zeroTotals(), agents: {} }));
    addInto(row, d);
    for (const [agent, c] of Object.entries(d.agents) as Array<[AgentId, Totals]>) addInto((row.agents[agent] ??= zeroTotals()), c);
  }
  return [...out.values()];
}

/** Counts and totals of several rows added up (a table's total row). */
export function sumCounts(rows: readonly Totals[]): Totals {
  const sum = zeroTotals();
  for (const r of rows) addInto(sum, r);
  return sum;
}

function zeroTotals(): Totals {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, total: 0, cost: 0, unpricedTokens: 0 };
}

function addInto(into: Totals, c: Totals): void {
  into.input += c.input;
  into.output += c.output;
  into.cacheRead += c.cacheRead;
  into.cacheWrite += c.cacheWrite;
  into.reasoning += c.reasoning;
  into.total += c.total;
  // Dollars summed as whole micro-dollars, so a total never shows float dust.
  into.cost = (Math.round(into.cost * 1e6) + Math.round(c.cost * 1e6)) / 1e6;
  into.unpricedTokens += c.unpricedTokens;
}

/** Ledger counts as totals (micro-dollars become dollars). */
export function withTotal(c: TokenCounts): Totals {
  return { input: c.input, output: c.output, cacheRead: c.cacheRead, cacheWrite: c.cacheWrite, reasoning: c.reasoning, total: totalOf(c), cost: (c.costMicros ?? 0) / 1e6, unpricedTokens: c.unpriced ?? 0 };
}

/** The same days as CSV, one row a day, per-agent totals as extra columns (agents with any tokens). */
export function dailyCsv(data: DailyJson): string {
  return periodCsv(periodRows(data.days, 'day'), 'date');
}

/** Rows as CSV under a first column named `label`, per-agent totals as extra columns. */
export function periodCsv(rows: readonly PeriodRow[], label: string): string {
  const kinds = ['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'total'] as const;
  const agents = AGENT_IDS.filter((a) => rows.some((d) => d.agents[a]));
  const header = [label, ...kinds, 'cost_usd_estimate', 'unpriced_tokens', ...agents.map((a) => `${a}_total`)];
  const lines = rows.map((d) => [d.period, ...kinds.map((k) => d[k]), d.cost.toFixed(6), d.unpricedTokens, ...agents.map((a) => d.agents[a]?.total ?? 0)].join(','));
  return [header.join(','), ...lines].join('\n') + '\n';
}

export interface ProjectRow extends Totals {
  project: string;
}

/**
 * Tokens per period and project, biggest project first, from a ledger whose rows carry the project
 * where other ledgers carry the model (the local-only `--by project` ledger; never reported).
 */
export function projectPeriods(rows: readonly LedgerRow[], timezone: string, period: Period, since?: string, until?: string): Array<{ period: string; projects: ProjectRow[] }> {
  const zone = Zone.of(timezone);
  const keyOf = period === 'week' ? weekStart : period === 'month' ? (d: string) => d.slice(0, 7) : (d: string) => d;
  const out = new Map<string, Map<string, ProjectRow>>();
  for (const r of rows) {
    const date = zone.date(r.slot * SLOT_MS);
    if ((since && date < since) || (until && date > until)) continue;
    const key = keyOf(date);
    let projects = out.get(key);
    if (!projects) out.set(key, (projects = new Map()));
    let p = projects.get(r.model);
    if (!p) projects.set(r.model, (p = { project: r.model, ...zeroTotals() }));
    addInto(p, withTotal(r.counts));
  }
  return [...out.keys()].sort().map((k) => ({ period: k, projects: [...out.get(k)!.values()].sort((a, b) => b.total - a.total || a.project.localeCompare(b.project)) }));
}
