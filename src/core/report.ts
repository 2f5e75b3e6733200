import type { AgentId } from '../shared/tokens';
import type { LedgerRow } from './ledger';
import { SLOT_MS } from './ledger';
import { Zone } from './time';

/** One local day's tokens for one agent and model: what opt-in reporting may share (no device yet). */
export interface ReportRow {
  date: string;
  timezone: string;
  agent: AgentId;
  model: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
  /** All four kinds per local hour 0–23. */
  hourly: number[];
}

/** Daily aggregates per (local date, agent, model) from `since` on, sorted; pure. */
export function reportRows(rows: readonly LedgerRow[], timezone: string, since: string): ReportRow[] {
  const zone = Zone.of(timezone);
  const out = new Map<string, ReportRow>();
  for (const r of rows) {
    const p = zone.parts(r.slot * SLOT_MS);
    if (p.date < since) continue;
    const key = `${p.date}|${r.agent}|${r.model}`;
    let row = out.get(key);
    if (!row) {
      row = { date: p.date, timezone, agent: r.agent, model: r.model, input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, hourly: new Array<number>(24).fill(0) };
      out.set(key, row);
    }
    const c = r.counts;
    row.input += c.input;
    row.output += c.output;
    row.cacheRead += c.cacheRead;
    row.cacheWrite += c.cacheWrite;
    row.reasoning += c.reasoning;
    row.hourly[p.hour]! += c.input + c.output + c.cacheRead + c.cacheWrite;
  }
  return [...out.values()].sort((a, b) => (a.date + a.agent + a.model < b.date + b.agent + b.model ? -1 : 1));
}
