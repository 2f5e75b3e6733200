import type { AgentId, TokenCounts } from '../shared/tokens';
import { totalOf } from '../shared/tokens';
import type { UsageEvent } from '../sources/source';
import type { ApplyOutcome, DedupHashes, DedupIndex } from '../core/dedupIndex';
import { groupHashes, variantHash } from '../core/dedupIndex';
import type { Ledger } from '../core/ledger';
import { slotOf } from '../core/ledger';
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
  /** The key of the last event kept, while later copies of it may still be dropped; its total. */
  private run: UsageEvent['dedup'];
  private runTotal = 0;

  /**
   * `label`: what a row's model field holds. By default the model; the local-only `--by project`
   * ledger (a cache of its own, never reported) files events under their project instead.
   */
  constructor(
    private readonly keepKeys = false,
    private readonly label?: (e: UsageEvent) => string,
  ) {}

  readonly emit = (e: UsageEvent): void => {
    const d = e.dedup;
    if (d && this.sameRun(d)) {
      // A copy of the response just kept (Claude Code writes one line per content block, each
      // repeating its usage). Of a run of copies alike in variant, side chain and policy, the index
      // can only ever keep the first largest ('max') or the first ('first'): the others would meet
      // the entry the first made and lose (rangeDedup.ts has the range-wide form of this rule).
      // A complete-set file keeps every copy, since it must name the groups it holds.
      const k = e.counts;
      if (d.policy === 'first' || totalOf(k) <= this.runTotal) return;
      this.length -= FIELDS;
    }
    if (this.length + FIELDS > this.nums.length) {
      const more = new Float64Array(this.nums.length * 2);
      more.set(this.nums);
      this.nums = more;
    }
    const n = this.nums;
    const i = this.length;
    this.length += FIELDS;
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
      this.runTotal = totalOf(k);
    }
    this.run = d && !this.keepKeys ? d : undefined;
  };

  /** The last event kept and `d` are copies of one response alike in every way the index compares. */
  private sameRun(d: NonNullable<UsageEvent['dedup']>): boolean {
    const r = this.run;
    return r !== undefined && r.group === d.group && r.variant === d.variant && r.sidechain === d.sidechain && r.policy === d.policy && r.standIn === d.standIn;
  }

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

/**
 * Applies a compact list's events to the index and the ledger in order, as `forEachEvent` then
 * `DedupIndex.apply` would, but with no object made per event: a cold scan applies a few hundred
 * thousand, and every object a scan keeps alive past a young-generation collection costs it
 * (bench/nodeFloor.mjs's `--count` keeps none). For files that are not complete sets (their
 * group strings are not kept). `onApplied` hears each event's time and outcome.
 */
export function applyPack(pack: { nums: Float64Array; strings: string[] }, agent: AgentId, dedup: DedupIndex, ledger: Ledger, onApplied: (ts: number, outcome: ApplyOutcome) => void): void {
  const { nums: n, strings: s } = pack;
  // Read only, and copied by the ledger and the index: one object for the whole list.
  const counts: TokenCounts = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, costMicros: 0, unpriced: 0 };
  for (let i = 0; i < n.length; i += FIELDS) {
    const ts = n[i]!;
    counts.input = n[i + 1]!;
    counts.output = n[i + 2]!;
    counts.cacheRead = n[i + 3]!;
    counts.cacheWrite = n[i + 4]!;
    counts.reasoning = n[i + 5]!;
    counts.costMicros = n[i + COST_AT]!;
    counts.unpriced = n[i + UNPRICED_AT]!;
    const model = s[n[i + 6]!]!;
    const flags = n[i + FLAGS_AT]!;
    if (!(flags & HAS_DEDUP)) {
      ledger.add(slotOf(ts), agent, model, counts);
      onApplied(ts, 'counted');
      continue;
    }
    onApplied(ts, dedup.applyHashed(slotOf(ts), agent, model, counts, n[i + GROUP_HI_AT]!, n[i + GROUP_LO_AT]!, n[i + VARIANT_AT]!, (flags & SIDECHAIN) !== 0, (flags & FIRST_WINS) !== 0, ledger));
  }
}
