import { test } from 'node:test';
import assert from 'node:assert/strict';
import { observeTier, RENOTIFY_MS } from '../../../src/core/tierChange';
import type { TierMemory } from '../../../src/core/tierChange';
import { DEFAULT_TIERS } from '../../../src/core/tiers';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T09:00:00Z');
const EXPERT = DEFAULT_TIERS.findIndex((t) => t.name === 'Expert');

/** Feeds a series of (day, tier index) observations; returns what was announced, and the memory. */
function run(series: Array<[number, number]>, memory: TierMemory = { notified: {} }) {
  const said: string[] = [];
  for (const [day, index] of series) {
    const r = observeTier(memory, index, DEFAULT_TIERS, T0 + day * DAY);
    memory = r.memory;
    if (r.notify) said.push(`${r.notify.reached}→${r.notify.next ?? ''}`);
  }
  return { said, memory };
}

test('the first look at a tier is not a tier-up (installing Token Tier announces nothing)', () => {
  assert.deepEqual(run([[0, EXPERT], [1, EXPERT]]).said, []);
});

test('crossing up announces the tier reached and the next one, once', () => {
  const { said, memory } = run([[0, EXPERT - 1], [3, EXPERT], [4, EXPERT]]);
  assert.deepEqual(said, ['Expert→Architect']);
  assert.deepEqual(memory.lastChange, { from: 'Intermediate', to: 'Expert', at: T0 + 3 * DAY });
});

test('a drop is recorded, never announced; climbing back within 30 days is not announced again', () => {
  const { said, memory } = run([[0, EXPERT - 1], [1, EXPERT], [5, EXPERT - 1], [9, EXPERT]]);
  assert.deepEqual(said, ['Expert→Architect']);
  assert.equal(memory.lastChange!.to, 'Expert');
  assert.equal(memory.lastChange!.at, T0 + 9 * DAY);
});

test('after 30 days the same tier may be announced again', () => {
  const { said } = run([[0, EXPERT - 1], [1, EXPERT], [2, EXPERT - 1], [1 + RENOTIFY_MS / DAY, EXPERT]]);
  assert.deepEqual(said, ['Expert→Architect', 'Expert→Architect']);
});

test('the top tier has no next', () => {
  assert.deepEqual(run([[0, DEFAULT_TIERS.length - 2], [1, DEFAULT_TIERS.length - 1]]).said, ['AI God→']);
});

test('a quiet observation (old logs found) records the tier without announcing it, and the same tier is not announced later', () => {
  const tiers = [{ name: 'Not started' }, { name: 'Beginner' }, { name: 'Intermediate' }, { name: 'Expert' }];
  const seen = observeTier({ notified: {}, lastIndex: 1 }, 2, tiers, 1_000, { quiet: true });
  assert.equal(seen.notify, undefined);
  assert.equal(seen.memory.lastIndex, 2);
  assert.equal(observeTier(seen.memory, 2, tiers, 2_000).notify, undefined);
  assert.deepEqual(observeTier(seen.memory, 3, tiers, 3_000).notify, { reached: 'Expert', next: undefined });
});
