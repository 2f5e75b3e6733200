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
 * Drops, from the results of a contiguous range of files, the events the dedup index would
 * ignore anyway, so the thread that read them does that work and the merge applies only the rest.
 *
 * Exact whatever the index held before the range and whichever thread reads it: when every event
 * of a group in the range has the same variant, side-chain flag and policy and comes from a file
 * that is not a complete set, they all meet the same index entry (or, if there is none, the
 * first one creates it and the others meet that), so only the first event with the greatest
 * total can change the outcome ('max'), or only the first ('first'). A group with mixed events,
 * or one a complete-set file holds, keeps all its events in order.
 */
export function dropDominated(results: ReadonlyArray<FileTaskResult | { error: string }>): void {
  const groups = new Map<string, GroupSeen>();
  for (const r of results) {
    if ('error' in r) continue;
    const { nums: n, strings: s } = r;
    for (let i = 0; i < n.length; i += FIELDS) {
      const flags = n[i + 10]!;
      if (!(flags & HAS_DEDUP)) continue;
      const group = s[n[i + 8]!]!;
      const variant = s[n[i + 9]!]!;
      const total = n[i + 1]! + n[i + 2]! + n[i + 3]! + n[i + 4]!;
      const g = groups.get(group);
      if (!g) {
        groups.set(group, { variant, flags: flags & KIND, mixed: r.complete, kept: r, at: i, total });
      } else if (r.complete || g.variant !== variant || g.flags !== (flags & KIND)) {
        g.mixed = true;
      } else if (!(flags & FIRST_WINS) && total > g.total) {
        g.kept = r;
        g.at = i;
        g.total = total;
      }
    }
  }
  for (const r of results) {
    if ('error' in r || r.complete) continue;
    const { nums: n, strings: s } = r;
    let w = 0;
    for (let i = 0; i < n.length; i += FIELDS) {
      if (n[i + 10]! & HAS_DEDUP) {
        const g = groups.get(s[n[i + 8]!]!)!;
        if (!g.mixed && (g.kept !== r || g.at !== i)) continue;
      }
      if (w !== i) n.copyWithin(w, i, i + FIELDS);
      w += FIELDS;
    }
    if (w < n.length) r.nums = n.subarray(0, w);
  }
}
