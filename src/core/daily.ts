import type { AgentId, TokenCounts } from '../shared/tokens';
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
