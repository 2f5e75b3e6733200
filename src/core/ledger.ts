import type { AgentId, TokenCounts } from '../shared/tokens';
import { addInto, zeroCounts } from '../shared/tokens';

/** Ledger rows are 15-minute UTC slots: every time zone's offset is a multiple of 15 minutes, so
 * any zone's local days and hours can be derived exactly without re-reading logs. */
export const SLOT_MS = 15 * 60 * 1000;

export function slotOf(ts: number): number {
  return Math.floor(ts / SLOT_MS);
}

/** UTC month of a slot (`YYYY-MM`): the unit the ledger is stored in, so writes touch few files. */
const SLOTS_PER_DAY = 96;
const monthByDay = new Map<number, string>();

export function monthOfSlot(slot: number): string {
  const day = Math.floor(slot / SLOTS_PER_DAY);
  let m = monthByDay.get(day);
  if (m === undefined) {
    m = new Date(day * SLOTS_PER_DAY * SLOT_MS).toISOString().slice(0, 7);
    monthByDay.set(day, m);
  }
  return m;
}

export interface LedgerRow {
  slot: number;
  agent: AgentId;
  model: string;
  counts: TokenCounts;
}

/** Token totals per (15-minute slot, agent, model); the source of every number shown. */
export class Ledger {
  private readonly rows = new Map<string, LedgerRow>();
  private readonly dirty = new Set<string>();

  add(slot: number, agent: AgentId, model: string, counts: TokenCounts, sign: 1 | -1 = 1): void {
    const key = `${slot}|${agent}|${model}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { slot, agent, model, counts: zeroCounts() };
      this.rows.set(key, row);
    }
    addInto(row.counts, counts, sign);
    const c = row.counts;
    if (c.input === 0 && c.output === 0 && c.cacheRead === 0 && c.cacheWrite === 0 && c.reasoning === 0) this.rows.delete(key);
    this.dirty.add(monthOfSlot(slot));
  }

  all(): LedgerRow[] {
    return [...this.rows.values()];
  }

  get size(): number {
    return this.rows.size;
  }

  /** Rows of one UTC month, for storage. */
  month(month: string): LedgerRow[] {
    return this.all().filter((r) => monthOfSlot(r.slot) === month);
  }

  /** Months changed since the last call. */
  takeDirtyMonths(): string[] {
    const out = [...this.dirty];
    this.dirty.clear();
    return out;
  }

  load(rows: Iterable<LedgerRow>): void {
    for (const r of rows) this.rows.set(`${r.slot}|${r.agent}|${r.model}`, r);
  }
}
