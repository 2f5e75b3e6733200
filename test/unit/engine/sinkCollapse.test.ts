import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UsageEvent } from '../../../src/sources/source';
import { DedupIndex, DedupShard } from '../../../src/core/dedupIndex';
import { Ledger } from '../../../src/core/ledger';
import { applyPack, EventSink, FIELDS } from '../../../src/engine/eventPack';
import { valueOf } from '../../../src/core/prices/pricing';
import { canonical } from '../../fixtures/tempHome';

/** A small deterministic generator, so a failure names its seed. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/**
 * Runs of one response's copies, as Claude Code writes them (one line per content block), mixed
 * with the corners: other groups between copies, variants with the empty wildcard, side chains,
 * both policies, events without a key, and copies that differ in time or model.
 */
function randomEvents(r: (n: number) => number): UsageEvent[] {
  const out: UsageEvent[] = [];
  while (out.length < 2 + r(14)) {
    const first = r(4) === 0;
    const dedup = r(8) === 0 ? undefined : { group: `g${r(4)}`, variant: ['', 'r1', 'r2'][r(3)]!, sidechain: r(3) === 0, policy: first ? ('first' as const) : ('max' as const) };
    for (let copies = 1 + r(4); copies > 0; copies--) {
      out.push({
        ts: Date.parse('2026-11-20T00:00:00Z') + r(3) * 900_000,
        agent: 'claude-code',
        model: ['a', 'b'][r(2)]!,
        sessionId: 's',
        counts: { input: r(3), output: r(4) * 10, cacheRead: 0, cacheWrite: r(2), reasoning: 0 },
        dedup: dedup && r(6) === 0 ? { ...dedup, sidechain: !dedup.sidechain } : dedup,
      });
    }
  }
  return out;
}

function state(index: DedupIndex, ledger: Ledger): string[] {
  const entries = index.takeDirty().map(([id, shard]) => `${id}:${shard.serialize().toString('base64')}`);
  // A row a replaced copy was taken from holds `unpriced: 0` where one never touched has none: the same count.
  const rows = ledger.all().map((row) => ({ ...row, counts: Object.fromEntries(Object.entries(row.counts).filter(([k, v]) => v !== 0 || !['costMicros', 'unpriced'].includes(k))) as typeof row.counts }));
  return [...canonical(rows), ...entries.sort()];
}

test('a sink that keeps one of each run of copies counts and indexes exactly what every event applied one by one does', () => {
  let collapsed = 0;
  for (let seed = 1; seed <= 3000; seed++) {
    const r = rng(seed);
    const files = Array.from({ length: 1 + r(3) }, () => randomEvents(r));
    // What came before: the same index already holding some of these responses, or not.
    const before = r(2) === 0 ? [] : randomEvents(r);
    const fresh = () => {
      const shards = new Map<number, DedupShard>();
      const index = new DedupIndex((id) => shards.get(id) ?? new DedupShard());
      const ledger = new Ledger();
      for (const e of before) index.apply(e, ledger);
      return { index, ledger };
    };
    const one = fresh();
    // Priced as the sink prices each event it keeps.
    for (const events of files) for (const e of events) one.index.apply({ ...e, counts: { ...e.counts, ...valueOf(e.model, e.ts, e.counts) } }, one.ledger);
    const packed = fresh();
    for (const events of files) {
      const sink = new EventSink();
      for (const e of events) sink.emit(e);
      const pack = { nums: sink.take(), strings: sink.strings };
      collapsed += events.length - pack.nums.length / FIELDS;
      applyPack(pack, 'claude-code', packed.index, packed.ledger, () => {});
    }
    assert.deepEqual(state(packed.index, packed.ledger), state(one.index, one.ledger), `seed ${seed}`);
  }
  // The property is not met by keeping everything.
  assert.ok(collapsed > 1000, `only ${collapsed} events collapsed`);
});

test('a run of plain copies of one response leaves the sink as its first largest copy', () => {
  const e = (output: number, ts = 0): UsageEvent => ({ ts, agent: 'claude-code', model: 'm', sessionId: 's', counts: { input: 1, output, cacheRead: 0, cacheWrite: 0, reasoning: 0 }, dedup: { group: 'g', variant: 'r', sidechain: false, policy: 'max' } });
  const sink = new EventSink();
  for (const x of [e(1, 1), e(5, 2), e(5, 3), e(3, 4)]) sink.emit(x);
  const nums = sink.take();
  assert.equal(nums.length, FIELDS);
  assert.deepEqual([nums[0], nums[2]], [2, 5]);
});

test('a complete-set file keeps every copy: it names the groups it holds, to take back those it drops', () => {
  const e: UsageEvent = { ts: 0, agent: 'cline', model: 'm', sessionId: 's', counts: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0, reasoning: 0 }, dedup: { group: 'g', variant: '', sidechain: false, policy: 'max' } };
  const sink = new EventSink(true);
  sink.emit(e);
  sink.emit(e);
  assert.equal(sink.take().length, 2 * FIELDS);
});
