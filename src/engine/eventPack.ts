import type { AgentId } from '../shared/tokens';
import type { UsageEvent } from '../sources/source';
import type { DedupHashes } from '../core/dedupIndex';
import { groupHashes, variantHash } from '../core/dedupIndex';
import { valueOf } from '../core/prices/pricing';

/**
 * Events in a compact form that crosses a thread boundary cheaply: FIELDS numbers an event in a
 * Float64Array, strings in a table. A dedup key travels as its hashes (made on the thread that
 * parsed it, and all the index needs); its strings are kept only when `keepKeys` (a complete-set
 * file names the groups it holds, to take back those it drops).
 */
export const FIELDS = 16;
export const HAS_DEDUP = 1;
export const SIDECHAIN = 2;
export const FIRST_WINS = 4;
const STAND_IN = 8;
/** Offsets in an event: ts 0, counts 1-5, model 6, session 7, group 8, variant 9, flags and hashes 10-13, cost 14, unpriced 15. */
export const FLAGS_AT = 10;
export const GROUP_HI_AT = 11;
export const GROUP_LO_AT = 12;
export const VARIANT_AT = 13;
const COST_AT = 14;
const UNPRICED_AT = 15;

/** Collects events into the compact form, strings interned. */
export class EventSink {
  private nums = new Float64Array(FIELDS * 64);
  private length = 0;
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  /** Per field (model, session, group, variant), the last string and its index. */
  private readonly lastString = ['', '', '', ''];
  private readonly lastIndex = [-1, -1, -1, -1];
  private lastGroup = '';
  private lastHashes: readonly [number, number] = [0, 0];

  /**
   * `label`: what a row's model field holds. By default the model; the local-only `--by project`
   * ledger (a cache of its own, never reported) files events under their project instead.
   */
  constructor(
    private readonly keepKeys = false,
    private readonly label?: (e: UsageEvent) => string,
  ) {}

  readonly emit = (e: UsageEvent): void => {
    if (this.length + FIELDS > this.nums.length) {
      const more = new Float64Array(this.nums.length * 2);
      more.set(this.nums);
      this.nums = more;
    }
    const n = this.nums;
    const i = this.length;
    this.length += FIELDS;
    const d = e.dedup;
    const k = e.counts;
    n[i] = e.ts;
    n[i + 1] = k.input;
    n[i + 2] = k.output;
    n[i + 3] = k.cacheRead;
    n[i + 4] = k.cacheWrite;
    n[i + 5] = k.reasoning;
    n[i + 6] = this.str(this.label ? this.label(e) : e.model, 0);
    n[i + 7] = this.str(e.sessionId, 1);
    n[i + 8] = d && this.keepKeys ? this.str(d.group, 2) : -1;
    n[i + 9] = d && this.keepKeys ? this.str(d.variant, 3) : -1;
    // Priced here, on the thread that parsed it, by the real model (a `--by project` row's label is a folder).
    const v = valueOf(e.model, e.ts, k, e.cost);
    n[i + COST_AT] = v.costMicros;
    n[i + UNPRICED_AT] = v.unpriced;
    n[i + FLAGS_AT] = d ? HAS_DEDUP | (d.sidechain ? SIDECHAIN : 0) | (d.policy === 'first' ? FIRST_WINS : 0) | (d.standIn ? STAND_IN : 0) : 0;
    if (d) {
      // A response's copies come one after another: its hashes are those of the last event.
      if (d.group !== this.lastGroup) {
        this.lastGroup = d.group;
        this.lastHashes = groupHashes(d.group);
      }
      n[i + GROUP_HI_AT] = this.lastHashes[0];
      n[i + GROUP_LO_AT] = this.lastHashes[1];
      n[i + VARIANT_AT] = variantHash(d.variant);
    }
  };

  /** The events so far, as an array of their own (transferable). */
  take(): Float64Array {
    return this.nums.slice(0, this.length);
  }

  private str(s: string, field: number): number {
    // A response's lines follow each other with the same strings: most look-ups are the last one.
    if (s === this.lastString[field] && this.lastIndex[field]! >= 0) return this.lastIndex[field]!;
    let i = this.index.get(s);
    if (i === undefined) this.index.set(s, (i = this.strings.push(s) - 1));
    this.lastString[field] = s;
    return (this.lastIndex[field] = i);
  }
}

/**
 * The events of a compact list, in order, each with its dedup hashes. Without kept keys, an
 * event's `dedup.group` and `variant` are empty: only the hashes say which response it is.
 */
export function forEachEvent(pack: { nums: Float64Array; strings: string[] }, agent: AgentId, fn: (e: UsageEvent, key: DedupHashes | undefined) => void): void {
  const { nums: n, strings: s } = pack;
  for (let i = 0; i < n.length; i += FIELDS) {
    const flags = n[i + FLAGS_AT]!;
    const dedup = flags & HAS_DEDUP;
    fn(
      {
        ts: n[i]!,
        agent,
        model: s[n[i + 6]!]!,
        sessionId: s[n[i + 7]!]!,
        counts: { input: n[i + 1]!, output: n[i + 2]!, cacheRead: n[i + 3]!, cacheWrite: n[i + 4]!, reasoning: n[i + 5]!, costMicros: n[i + COST_AT]!, unpriced: n[i + UNPRICED_AT]! },
        dedup: dedup
          ? { group: s[n[i + 8]!] ?? '', variant: s[n[i + 9]!] ?? '', sidechain: (flags & SIDECHAIN) !== 0, policy: flags & FIRST_WINS ? 'first' : 'max', standIn: (flags & STAND_IN) !== 0 }
          : undefined,
      },
      dedup ? { hi: n[i + GROUP_HI_AT]!, lo: n[i + GROUP_LO_AT]!, variant: n[i + VARIANT_AT]! } : undefined,
    );
  }
}
