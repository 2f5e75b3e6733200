import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UsageEvent } from '../../../src/sources/source';
import { DedupIndex, DedupShard, ownerKey } from '../../../src/core/dedupIndex';
import { Ledger } from '../../../src/core/ledger';
import { ReferenceDedupIndex } from '../../fixtures/referenceDedupIndex';
import type { DedupShard as ReferenceShard } from '../../fixtures/referenceDedupIndex';
import { canonical } from '../../fixtures/tempHome';

function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const OWNERS = ['/a.json', '/b.json', '/c.json'].map(ownerKey);

function randomEvent(r: (n: number) => number): UsageEvent {
  const first = r(5) === 0;
  return {
    ts: Date.parse('2026-11-20T00:00:00Z') + r(3) * 900_000,
    agent: first ? 'codex' : (['claude-code', 'cline'] as const)[r(2)]!,
    model: ['a', 'b', 'c'][r(3)]!,
    sessionId: 's',
    counts: { input: r(3), output: r(4) * 10, cacheRead: r(2) * 7, cacheWrite: r(2), reasoning: r(2) * 3 },
    dedup: r(10) === 0 ? undefined : { group: `g${r(6)}`, variant: ['', 'r1', 'r2', 'r3'][r(4)]!, sidechain: r(3) === 0, policy: first ? 'first' : 'max', standIn: r(5) === 0 },
  };
}

test('the compact index counts, replaces and takes back exactly as the one it replaced, through saves and loads', () => {
  for (let seed = 1; seed <= 2000; seed++) {
    const r = rng(seed);
    const saved = new Map<number, Buffer>();
    const refShards = new Map<number, ReferenceShard>();
    let index = new DedupIndex((id) => (saved.has(id) ? DedupShard.deserialize(saved.get(id)!) : new DedupShard()));
    const reference = new ReferenceDedupIndex((id) => refShards.get(id) ?? new Map());
    const ledger = new Ledger();
    const refLedger = new Ledger();
    for (let step = 0; step < 40; step++) {
      const what = r(10);
      if (what < 7) {
        const e = randomEvent(r);
        const owner = r(3) === 0 ? OWNERS[r(3)] : undefined;
        // (The old index called a first side-chain copy 'replaced'; nothing reads more than 'duplicate'.)
        const [got, want] = [index.apply(e, ledger, owner), reference.apply(e, refLedger, owner)];
        assert.equal(got === 'duplicate', want === 'duplicate', `seed ${seed} step ${step}: apply`);
      } else if (what < 9) {
        const group = `g${r(6)}`;
        const owner = OWNERS[r(3)]!;
        assert.equal(index.retract(group, owner, ledger), reference.retract(group, owner, refLedger), `seed ${seed} step ${step}: retract`);
      } else {
        // Saved and read back, as between two scans.
        for (const [id, shard] of index.takeDirty()) saved.set(id, shard.serialize());
        index.evict();
        index = new DedupIndex((id) => (saved.has(id) ? DedupShard.deserialize(saved.get(id)!) : new DedupShard()));
        for (const [id, shard] of reference.takeDirty()) refShards.set(id, shard);
      }
      assert.deepEqual(canonical(ledger.all()), canonical(refLedger.all()), `seed ${seed} step ${step}: ledger`);
    }
  }
});

test('a damaged shard is refused, not half read', () => {
  const s = new DedupShard();
  s.append(1, 2, 0, false, 5, 'claude-code', 'm', { input: 1, output: 2, cacheRead: 3, cacheWrite: 4, reasoning: 0 }, true);
  const bytes = s.serialize();
  assert.throws(() => DedupShard.deserialize(bytes.subarray(0, bytes.length - 3)));
  assert.throws(() => DedupShard.deserialize(Buffer.from('garbage!')));
});
