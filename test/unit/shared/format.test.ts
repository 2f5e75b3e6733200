import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTokens, progressText } from '../../../src/shared/format';
import { buildSnapshot } from '../../../src/core/snapshot';
import { slotOf } from '../../../src/core/ledger';

test('token counts read at a glance', () => {
  assert.equal(formatTokens(0), '0');
  assert.equal(formatTokens(999), '999');
  assert.equal(formatTokens(1000), '1K');
  assert.equal(formatTokens(12_345), '12.3K');
  assert.equal(formatTokens(12_300_000), '12.3M');
  assert.equal(formatTokens(54_000_000), '54M');
  assert.equal(formatTokens(123_456_789), '123M');
  assert.equal(formatTokens(999_999), '1M');
  assert.equal(formatTokens(1_230_000_000), '1.2B');
});

test('progress text names the next tier and the gap', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  const rows = [{ slot: slotOf(now), agent: 'codex' as const, model: 'm', counts: { input: 86_100_000, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 } }];
  assert.equal(progressText(buildSnapshot(rows, { timezone: 'UTC', now })), 'Architect needs 20M tokens/day on average; you average 12.3M. 7.7M/day more for 7 days (53.9M in total) would get you there.');
  const god = [{ ...rows[0]!, counts: { ...rows[0]!.counts, input: 800_000_000 } }];
  assert.match(progressText(buildSnapshot(god, { timezone: 'UTC', now })), /^AI God: /);
  assert.equal(progressText(buildSnapshot([], { timezone: 'UTC', now, windowDays: 14 })), 'No agent tokens in the last 14 days: any use of an AI coding agent makes you a Beginner');
});

test('fresh tokens are shown beside cache reads, per day of the window', async () => {
  const { freshLine } = await import('../../../src/shared/format');
  const { buildSnapshot } = await import('../../../src/core/snapshot');
  const now = Date.parse('2026-11-23T12:00:00Z');
  const slot = Math.floor(now / (15 * 60_000));
  const s = buildSnapshot([{ slot, agent: 'claude-code', model: 'm', counts: { input: 7_000, output: 63_000, cacheRead: 630_000, cacheWrite: 0, reasoning: 0 } }], { timezone: 'UTC', now });
  assert.equal(freshLine(s), 'Fresh input and output 10K/day (10%) · cache reads 90K/day · cache writes 0/day');
  assert.equal(freshLine(buildSnapshot([], { timezone: 'UTC', now })), '');
});
