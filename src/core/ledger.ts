import type { AgentId, TokenCounts } from '../shared/tokens';
import { addInto, zeroCounts } from '../shared/tokens';

/** Ledger rows are 15-minute UTC slots: every time zone's offset is a multiple of 15 minutes, so
 * any zone's local days and hours can be derived exactly without re-reading logs. */
export const SLOT_MS = 15 * 60 * 1000;
const SLOTS_PER_DAY = 96;

export function slotOf(ts: number): number {
  return Math.floor(ts / SLOT_MS);
}

/** The UTC day (`YYYY-MM-DD`) a day index stands for; the ledger is stored one UTC day a file,
 * so an update rewrites only today's small file. */
export function utcDayName(dayIndex: number): string {
  return new Date(dayIndex * SLOTS_PER_DAY * SLOT_MS).toISOString().slice(0, 10);
}

export interface LedgerRow {
  slot: number;
  agent: AgentId;
  model: string;
  counts: TokenCounts;
}

/** Token totals per (15-minute slot, agent, model); the source of every number shown. */
export class Ledger {
  private readonly days = new Map<number, Map<number, LedgerRow>>();
  private readonly dirty = new Set<number>();
  /** (agent, model) pairs as small numbers, so a row's key is a number, not a string made per add. */
  private readonly pairs = new Map<string, Map<string, number>>();
  private pairCount = 0;

  add(slot: number, agent: AgentId, model: string, counts: TokenCounts, sign: 1 | -1 = 1): void {
    const dayIndex = Math.floor(slot / SLOTS_PER_DAY);
    let day = this.days.get(dayIndex);
    if (!day) this.days.set(dayIndex, (day = new Map()));
    let models = this.pairs.get(agent);
    if (!models) this.pairs.set(agent, (models = new Map()));
    let pair = models.get(model);
    if (pair === undefined) models.set(model, (pair = this.pairCount++));
    const key = pair * SLOTS_PER_DAY + (slot - dayIndex * SLOTS_PER_DAY);
    let row = day.get(key);
    if (!row) day.set(key, (row = { slot, agent, model, counts: zeroCounts() }));
    addInto(row.counts, counts, sign);
    const c = row.counts;
    if (c.input === 0 && c.output === 0 && c.cacheRead === 0 && c.cacheWrite === 0 && c.reasoning === 0 && !c.costMicros && !c.unpriced) day.delete(key);
    this.dirty.add(dayIndex);
  }

  all(): LedgerRow[] {
    const out: LedgerRow[] = [];
    for (const day of this.days.values()) for (const r of day.values()) out.push(r);
    return out;
  }

  /** Rows of one UTC day, for storage. */
  day(dayIndex: number): LedgerRow[] {
    return [...(this.days.get(dayIndex)?.values() ?? [])];
  }

  /** UTC day indexes changed since the last call. */
  takeDirtyDays(): number[] {
    const out = [...this.dirty];
    this.dirty.clear();
    return out;
  }

  load(rows: Iterable<LedgerRow>): void {
    for (const r of rows) this.add(r.slot, r.agent, r.model, r.counts);
    this.dirty.clear();
  }
}
