import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UsageEvent } from '../../../src/sources/source';
import { DedupIndex, DedupShard, ownerKey } from '../../../src/core/dedupIndex';
import { Ledger } from '../../../src/core/ledger';
import { EventSink, FIELDS, forEachEvent } from '../../../src/engine/eventPack';
import type { FileTaskResult } from '../../../src/engine/fileTask';
import { DominatedEvents } from '../../../src/engine/rangeDedup';
import { canonical } from '../../fixtures/tempHome';

/** A small deterministic generator, so a failure names its seed. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** Few groups, variants (with the empty wildcard), both flags and policies: the corners of the index. */
function randomEvent(r: (n: number) => number): UsageEvent {
  const first = r(4) === 0;
  return {
    ts: Date.parse('2026-11-20T00:00:00Z') + r(3) * 900_000,
    agent: first ? 'codex' : 'claude-code',
    model: ['a', 'b'][r(2)]!,
    sessionId: 's',
    counts: { input: r(3), output: r(4) * 10, cacheRead: 0, cacheWrite: r(2), reasoning: 0 },
    dedup: r(8) === 0 ? undefined : { group: `g${r(5)}`, variant: ['', 'r1', 'r2'][r(3)]!, sidechain: r(3) === 0, policy: first ? 'first' : 'max' },
  };
}

interface File {
  events: UsageEvent[];
  complete: boolean;
}

function result(f: File, i: number): FileTaskResult {
  // As the readers do: only a complete-set file keeps its keys' strings.
  const sink = new EventSink(f.complete);
  for (const e of f.events) sink.emit(e);
  return { path: `/f${i}`, cursor: { agent: 'claude-code', size: 0, mtimeMs: 0, offset: 0, tail: '', state: null }, nums: sink.take(), strings: sink.strings, skipped: {}, bytesRead: 0, rowsRead: 0, complete: f.complete, keepsDropped: false };
}

/** Applies results in order as the scanner does (complete files own their events). */
function applyAll(index: DedupIndex, ledger: Ledger, results: FileTaskResult[]): void {
  for (const r of results) forEachEvent(r, 'claude-code', (e, key) => index.apply(e, ledger, r.complete ? ownerKey(r.path) : undefined, key));
}

test('dropping dominated events within a range never changes what the index counts or holds, whatever came before', () => {
  for (let seed = 1; seed <= 3000; seed++) {
    const r = rng(seed);
    const files: File[] = Array.from({ length: 2 + r(5) }, () => ({ events: Array.from({ length: r(7) }, () => randomEvent(r)), complete: r(6) === 0 }));
    const cut = r(files.length + 1);
    const run = (reduce: 'no' | 'forward' | 'backward') => {
      const shards = new Map<number, DedupShard>();
      const index = new DedupIndex((id) => shards.get(id) ?? new DedupShard());
      const ledger = new Ledger();
      const results = files.map(result);
      // The range before the cut is applied as read; the one after it as a parse thread sends it.
      const after = results.slice(cut);
      if (reduce !== 'no') {
        // Forward, or as a thread reading from the back of the list notes them.
        const d = new DominatedEvents();
        for (const x of reduce === 'forward' ? after : [...after].reverse()) d.note(x, reduce === 'backward');
        d.drop(after);
      }
      applyAll(index, ledger, results.slice(0, cut));
      applyAll(index, ledger, after);
      // The index too: who holds each response decides what a later rewrite takes back.
      const entries = index.takeDirty().map(([id, shard]) => `${id}:${shard.serialize().toString('base64')}`);
      return [...canonical(ledger.all()), ...entries.sort()];
    };
    const expected = run('no');
    assert.deepEqual(run('forward'), expected, `seed ${seed}, cut at ${cut}`);
    assert.deepEqual(run('backward'), expected, `seed ${seed}, cut at ${cut}, noted backward`);
  }
});

test('a range of plain copies of one response keeps only the first largest', () => {
  const e = (output: number): UsageEvent => ({ ts: 0, agent: 'claude-code', model: 'm', sessionId: 's', counts: { input: 1, output, cacheRead: 0, cacheWrite: 0, reasoning: 0 }, dedup: { group: 'g', variant: 'r', sidechain: false, policy: 'max' } });
  const results = [result({ events: [e(1), e(5)], complete: false }, 0), result({ events: [e(5), e(3)], complete: false }, 1)];
  const d = new DominatedEvents();
  for (const r of results) d.note(r);
  d.drop(results);
  assert.deepEqual(results.map((x) => x.nums.length / FIELDS), [1, 0]);
});
