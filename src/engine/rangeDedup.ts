import type { FileTaskResult } from './fileTask';
import { FIELDS, FIRST_WINS, FLAGS_AT, GROUP_HI_AT, GROUP_LO_AT, HAS_DEDUP, SIDECHAIN, VARIANT_AT } from './eventPack';

/** Where a group's events in the range stand; `kept` is the one event that can matter. */
interface GroupSeen {
  hi: number;
  lo: number;
  variant: number;
  flags: number;
  mixed: boolean;
  kept: FileTaskResult;
  at: number;
  total: number;
}

const KIND = SIDECHAIN | FIRST_WINS;

/**
 * A Map key from a group's 64-bit hash, cut to the 53 bits a number holds exactly. Two groups
 * that share it are told apart by their full hash and then kept whole (see `note`).
 */
function keyOf(hi: number, lo: number): number {
  return hi * 0x200000 + (lo >>> 11);
}

/**
 * Finds, in the results of a contiguous range of files, the events the dedup index would ignore
 * anyway, so the thread that read them does that work and the merge applies only the rest.
 *
 * Exact whatever the index held before the range and whichever thread reads it: when every event
 * of a group in the range has the same variant, side-chain flag and policy and comes from a file
 * that is not a complete set, they all meet the same index entry (or, if there is none, the
 * first one creates it and the others meet that), so only the first event with the greatest
 * total can change the outcome ('max'), or only the first ('first'). A group with mixed events,
 * or one a complete-set file holds, keeps all its events in order.
 */
export class DominatedEvents {
  private readonly groups = new Map<number, GroupSeen>();

  /**
   * Notes one file's events. Files come in file order, or (`backward`, as a thread reading from
   * the back of the list does) all in reverse order, when an earlier copy wins a tie.
   */
  note(r: FileTaskResult | { error: string }, backward = false): void {
    if ('error' in r) return;
    const n = r.nums;
    const last = n.length - FIELDS;
    for (let k = 0; k <= last; k += FIELDS) {
      const i = backward ? last - k : k;
      const flags = n[i + FLAGS_AT]!;
      if (!(flags & HAS_DEDUP)) continue;
      const hi = n[i + GROUP_HI_AT]!;
      const lo = n[i + GROUP_LO_AT]!;
      const variant = n[i + VARIANT_AT]!;
      const total = n[i + 1]! + n[i + 2]! + n[i + 3]! + n[i + 4]!;
      const key = keyOf(hi, lo);
      const g = this.groups.get(key);
      if (!g) {
        this.groups.set(key, { hi, lo, variant, flags: flags & KIND, mixed: r.complete, kept: r, at: i, total });
      } else if (r.complete || g.hi !== hi || g.lo !== lo || g.variant !== variant || g.flags !== (flags & KIND)) {
        g.mixed = true;
      } else if (backward ? flags & FIRST_WINS || total >= g.total : !(flags & FIRST_WINS) && total > g.total) {
        g.kept = r;
        g.at = i;
        g.total = total;
      }
    }
  }

  /** Drops the dominated events from the noted results (which must be the whole range). */
  drop(results: ReadonlyArray<FileTaskResult | { error: string }>): void {
    for (const r of results) {
      if ('error' in r || r.complete) continue;
      const n = r.nums;
      let w = 0;
      for (let i = 0; i < n.length; i += FIELDS) {
        if (n[i + FLAGS_AT]! & HAS_DEDUP) {
          const g = this.groups.get(keyOf(n[i + GROUP_HI_AT]!, n[i + GROUP_LO_AT]!))!;
          if (!g.mixed && (g.kept !== r || g.at !== i)) continue;
        }
        if (w !== i) n.copyWithin(w, i, i + FIELDS);
        w += FIELDS;
      }
      if (w < n.length) r.nums = n.subarray(0, w);
    }
  }
}
