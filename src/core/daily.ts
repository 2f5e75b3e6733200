import type { AgentId, TokenCounts } from '../shared/tokens';
import { AGENT_IDS } from '../shared/tokens';
import { totalOf } from '../shared/tokens';
import type { LedgerRow } from './ledger';
import { dailyTotals } from './snapshot';
import { Zone } from './time';

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

function withTotal(c: TokenCounts): TokenCounts & { total: number } {
  return { input: c.input, output: c.output, cacheRead: c.cacheRead, cacheWrite: c.cacheWrite, reasoning: c.reasoning, total: totalOf(c) };
}

/** The same days as CSV, one row a day, per-agent totals as extra columns (agents with any tokens). */
export function dailyCsv(data: DailyJson): string {
  const kinds = ['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'total'] as const;
  const agents = AGENT_IDS.filter((a) => data.days.some((d) => d.agents[a]));
  const header = ['date', ...kinds, ...agents.map((a) => `${a}_total`)];
  const rows = data.days.map((d) => [d.date, ...kinds.map((k) => d[k]), ...agents.map((a) => d.agents[a]?.total ?? 0)].join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}
