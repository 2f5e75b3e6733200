import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TIERS, standing, tiersWithOverrides } from '../../../src/core/tiers';
import { smoothness, streak } from '../../../src/core/metrics';
import { buildSnapshot } from '../../../src/core/snapshot';
import { slotOf } from '../../../src/core/ledger';
import type { LedgerRow } from '../../../src/core/ledger';

test('the ladder runs from Not started to AI God at 100M tokens/day', () => {
  assert.deepEqual(DEFAULT_TIERS.map((t) => t.name), ['Not started', 'Beginner', 'Intermediate', 'Expert', 'Architect', 'Catalyst', 'AI God']);
  assert.equal(standing(0, 7).tier.name, 'Not started');
  assert.equal(standing(1, 7).tier.name, 'Beginner');
  assert.equal(standing(99_999_999, 7).tier.name, 'Catalyst');
  assert.equal(standing(100_000_000, 7).tier.name, 'AI God');
});

test('progress names the gap per day and for the rest of the window', () => {
  const s = standing(12_300_000, 7);
  assert.equal(s.tier.name, 'Expert');
  assert.equal(s.next!.name, 'Architect');
  assert.equal(s.perDayNeeded, 7_700_000);
  assert.equal(s.windowNeeded, 53_900_000);
  assert.ok(Math.abs(s.fraction - 7_300_000 / 15_000_000) < 1e-9);
  const top = standing(250_000_000, 7);
  assert.equal(top.next, undefined);
  assert.equal(top.fraction, 1);
});

test('thresholds can be overridden but must keep increasing', () => {
  const t = tiersWithOverrides({ Expert: 8_000_000 });
  assert.equal(standing(6_000_000, 7, t).tier.name, 'Intermediate');
  assert.throws(() => tiersWithOverrides({ Architect: 1000 }), /must increase/);
});

test('the tier uses the window mean, with zero days counted', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  const rows: LedgerRow[] = [
    { slot: slotOf(now - 3600_000), agent: 'codex', model: 'm', counts: { input: 70_000_000, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 } },
  ];
  const s = buildSnapshot(rows, { timezone: 'UTC', now, windowDays: 7 });
  assert.equal(s.standing.meanPerDay, 10_000_000);
  assert.equal(s.tiers[s.standing.tierIndex]!.name, 'Expert');
  assert.equal(s.activeDaysInWindow, 1);
  const onlyOutput = buildSnapshot(rows, { timezone: 'UTC', now, countedKinds: ['output'] });
  assert.equal(onlyOutput.tiers[onlyOutput.standing.tierIndex]!.name, 'Not started');
  assert.equal(onlyOutput.days.at(-1)!.total, 70_000_000);
});

test('smoothness is 1 for an even week, low for one spike; streak tolerates an empty today', () => {
  assert.ok(Math.abs(smoothness(new Array(168).fill(5)) - 1) < 1e-9);
  const spike = new Array(168).fill(0);
  spike[10] = 1e9;
  assert.equal(smoothness(spike), 0);
  const workdays = new Array(168).fill(0).map((_, i) => (i % 24 >= 9 && i % 24 < 17 && i < 120 ? 1 : 0));
  const s = smoothness(workdays);
  assert.ok(s > 0.6 && s < 0.8, `workday smoothness ${s}`);
  assert.equal(smoothness(new Array(168).fill(0)), 0);
  assert.equal(streak([0, 5, 5, 5, 0]), 3);
  assert.equal(streak([5, 0, 5, 5]), 2);
  assert.equal(streak([0, 0]), 0);
});
