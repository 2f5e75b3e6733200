import type { AgentId, TokenCounts } from '../shared/tokens';
import type { LedgerRow } from '../core/ledger';

/** slot, agent, model, then the seven counts (NaN: a cost or unpriced count the row does not have). */
const FIELDS = 10;

/**
 * Ledger rows as numbers in one transferable array and their strings in a table: how a cold scan's
 * answer crosses from the CLI's scan thread to its main thread. A structured clone of ten thousand
 * row objects cost ~40 ms to read back; this, a few.
 */
export interface RowPack {
  nums: Float64Array;
  strings: string[];
}

export function packRows(rows: readonly LedgerRow[]): RowPack {
  const nums = new Float64Array(rows.length * FIELDS);
  const strings: string[] = [];
  const index = new Map<string, number>();
  const str = (s: string) => {
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = strings.push(s) - 1));
    return i;
  };
  rows.forEach((r, k) => {
    const o = k * FIELDS;
    const c = r.counts;
    nums[o] = r.slot;
    nums[o + 1] = str(r.agent);
    nums[o + 2] = str(r.model);
    nums[o + 3] = c.input;
    nums[o + 4] = c.output;
    nums[o + 5] = c.cacheRead;
    nums[o + 6] = c.cacheWrite;
    nums[o + 7] = c.reasoning;
    nums[o + 8] = c.costMicros ?? NaN;
    nums[o + 9] = c.unpriced ?? NaN;
  });
  return { nums, strings };
}

export function unpackRows({ nums, strings }: RowPack): LedgerRow[] {
  const rows: LedgerRow[] = [];
  for (let o = 0; o < nums.length; o += FIELDS) {
    const counts: TokenCounts = { input: nums[o + 3]!, output: nums[o + 4]!, cacheRead: nums[o + 5]!, cacheWrite: nums[o + 6]!, reasoning: nums[o + 7]! };
    if (!Number.isNaN(nums[o + 8])) counts.costMicros = nums[o + 8]!;
    if (!Number.isNaN(nums[o + 9])) counts.unpriced = nums[o + 9]!;
    rows.push({ slot: nums[o]!, agent: strings[nums[o + 1]!] as AgentId, model: strings[nums[o + 2]!]!, counts });
  }
  return rows;
}
