import type { AgentId, TokenCounts } from '../shared/tokens';
import { AGENT_IDS } from '../shared/tokens';
import { totalOf } from '../shared/tokens';
import type { LedgerRow } from './ledger';
import { SLOT_MS } from './ledger';
import { dailyTotals } from './snapshot';
import { weekStart, Zone } from './time';

export interface DailyJsonDay extends TokenCounts {
  date: string;
  total: number;
  agents: Partial<Record<AgentId, TokenCounts & { total: number }>>;
}

export interface DailyJson {
  timezone: string;
  days: DailyJsonDay[];
}

/** `token-tier daily --json`: every local day with tokens, oldest first, within the range. */
export function dailyJson(rows: readonly LedgerRow[], timezone: string, since?: string, until?: string): DailyJson {
  const perDay = dailyTotals(rows, new Zone(timezone));
  const days: DailyJsonDay[] = [];
  for (const date of [...perDay.keys()].sort()) {
    if ((since && date < since) || (until && date > until)) continue;
    const d = perDay.get(date)!;
    const agents: DailyJsonDay['agents'] = {};
    for (const [agent, c] of Object.entries(d.agents) as Array<[AgentId, TokenCounts]>) agents[agent] = withTotal(c);
    days.push({ date, ...withTotal(d.counts), agents });
  }
  return { timezone, days };
}

export type Period = 'day' | 'week' | 'month';

export interface PeriodRow extends TokenCounts {
  /** The day, the week's Monday, or `YYYY-MM`. */
  period: string;
  total: number;
  agents: Partial<Record<AgentId, TokenCounts & { total: number }>>;
}

/** The days summed by calendar week (from Monday, in the same zone) or month; days keep theirs. */
export function periodRows(days: readonly DailyJsonDay[], period: Period): PeriodRow[] {
  const keyOf = period === 'week' ? weekStart : period === 'month' ? (d: string) => d.slice(0, 7) : (d: string) => d;
  const out = new Map<string, PeriodRow>();
  for (const d of days) {
    const key = keyOf(d.date);
    let row = out.get(key);
    if (!row) out.set(key, (row = { period: key, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, total: 0, agents: {} }));
    addInto(row, d);
    for (const [agent, c] of Object.entries(d.agents) as Array<[AgentId, TokenCounts & { total: number }]>) {
      addInto((row.agents[agent] ??= { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, total: 0 }), c);
    }
  }
  return [...out.values()];
}

/** Counts and totals of several rows added up (a table's total row). */
export function sumCounts(rows: ReadonlyArray<TokenCounts & { total: number }>): TokenCounts & { total: number } {
  const sum = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, total: 0 };
  for (const r of rows) addInto(sum, r);
  return sum;
}

function addInto(into: TokenCounts & { total: number }, c: TokenCounts & { total: number }): void {
  into.input += c.input;
  into.output += c.output;
  into.cacheRead += c.cacheRead;
  into.cacheWrite += c.cacheWrite;
  into.reasoning += c.reasoning;
  into.total += c.total;
}

function withTotal(c: TokenCounts): TokenCounts & { total: number } {
  return { input: c.input, output: c.output, cacheRead: c.cacheRead, cacheWrite: c.cacheWrite, reasoning: c.reasoning, total: totalOf(c) };
}

/** The same days as CSV, one row a day, per-agent totals as extra columns (agents with any tokens). */
export function dailyCsv(data: DailyJson): string {
  return periodCsv(periodRows(data.days, 'day'), 'date');
}

/** Rows as CSV under a first column named `label`, per-agent totals as extra columns. */
export function periodCsv(rows: readonly PeriodRow[], label: string): string {
  const kinds = ['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'total'] as const;
  const agents = AGENT_IDS.filter((a) => rows.some((d) => d.agents[a]));
  const header = [label, ...kinds, ...agents.map((a) => `${a}_total`)];
  const lines = rows.map((d) => [d.period, ...kinds.map((k) => d[k]), ...agents.map((a) => d.agents[a]?.total ?? 0)].join(','));
  return [header.join(','), ...lines].join('\n') + '\n';
}

export interface ProjectRow extends TokenCounts {
  project: string;
  total: number;
}

/**
 * Tokens per period and project, biggest project first, from a ledger whose rows carry the project
 * where other ledgers carry the model (the local-only `--by project` ledger; never reported).
 */
export function projectPeriods(rows: readonly LedgerRow[], timezone: string, period: Period, since?: string, until?: string): Array<{ period: string; projects: ProjectRow[] }> {
  const zone = new Zone(timezone);
  const keyOf = period === 'week' ? weekStart : period === 'month' ? (d: string) => d.slice(0, 7) : (d: string) => d;
  const out = new Map<string, Map<string, ProjectRow>>();
  for (const r of rows) {
    const date = zone.date(r.slot * SLOT_MS);
    if ((since && date < since) || (until && date > until)) continue;
    const key = keyOf(date);
    let projects = out.get(key);
    if (!projects) out.set(key, (projects = new Map()));
    let p = projects.get(r.model);
    if (!p) projects.set(r.model, (p = { project: r.model, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, total: 0 }));
    addInto(p, { ...r.counts, total: totalOf(r.counts) });
  }
  return [...out.keys()].sort().map((k) => ({ period: k, projects: [...out.get(k)!.values()].sort((a, b) => b.total - a.total || a.project.localeCompare(b.project)) }));
}
