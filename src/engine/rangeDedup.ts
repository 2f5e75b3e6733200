import type { FileTaskResult } from './fileTask';
import { FIELDS, FIRST_WINS, HAS_DEDUP, SIDECHAIN } from './fileTask';

/** Where a group's events in the range stand; `kept` is the one event that can matter. */
interface GroupSeen {
  variant: string;
  flags: number;
  mixed: boolean;
  kept: FileTaskResult;
  at: number;
  total: number;
}

const KIND = SIDECHAIN | FIRST_WINS;

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
  private readonly groups = new Map<string, GroupSeen>();

  /**
   * Notes one file's events. Files come in file order, or (`backward`, as a thread reading from
   * the back of the list does) all in reverse order, when an earlier copy wins a tie.
   */
  note(r: FileTaskResult | { error: string }, backward = false): void {
    if ('error' in r) return;
    const { nums: n, strings: s } = r;
    const last = n.length - FIELDS;
    for (let k = 0; k <= last; k += FIELDS) {
      const i = backward ? last - k : k;
      const flags = n[i + 10]!;
      if (!(flags & HAS_DEDUP)) continue;
      const group = s[n[i + 8]!]!;
      const variant = s[n[i + 9]!]!;
      const total = n[i + 1]! + n[i + 2]! + n[i + 3]! + n[i + 4]!;
      const g = this.groups.get(group);
      if (!g) {
        this.groups.set(group, { variant, flags: flags & KIND, mixed: r.complete, kept: r, at: i, total });
      } else if (r.complete || g.variant !== variant || g.flags !== (flags & KIND)) {
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
      const { nums: n, strings: s } = r;
      let w = 0;
      for (let i = 0; i < n.length; i += FIELDS) {
        if (n[i + 10]! & HAS_DEDUP) {
          const g = this.groups.get(s[n[i + 8]!]!)!;
          if (!g.mixed && (g.kept !== r || g.at !== i)) continue;
        }
        if (w !== i) n.copyWithin(w, i, i + FIELDS);
        w += FIELDS;
      }
      if (w < n.length) r.nums = n.subarray(0, w);
    }
  }
}

/** Drops the dominated events of a range's results, given in file order. */
export function dropDominated(results: ReadonlyArray<FileTaskResult | { error: string }>): void {
  const d = new DominatedEvents();
  for (const r of results) d.note(r);
  d.drop(results);
}
