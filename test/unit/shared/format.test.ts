import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costLine, costText, formatExact, formatShare, formatTokens, formatUsd, mixShares, progressText } from '../../../src/shared/format';
import { buildSnapshot } from '../../../src/core/snapshot';
import { slotOf } from '../../../src/core/ledger';

test('token counts read at a glance', () => {
  assert.equal(formatTokens(0), '0');
  assert.equal(formatTokens(999), '999');
  assert.equal(formatTokens(1000), '1.0K', 'one decimal below 100, always: "1.0K" beside "1.2K"');
  assert.equal(formatTokens(12_345), '12.3K');
  assert.equal(formatTokens(12_300_000), '12.3M');
  assert.equal(formatTokens(54_000_000), '54.0M');
  assert.equal(formatTokens(123_456_789), '123M');
  assert.equal(formatTokens(999_999), '1.0M');
  assert.equal(formatTokens(99_960_000), '100M');
  assert.equal(formatTokens(1_230_000_000), '1.2B');
});

test('progress text names the next tier and the gap', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  const rows = [{ slot: slotOf(now), agent: 'codex' as const, model: 'm', counts: { input: 86_100_000, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 } }];
  assert.equal(progressText(buildSnapshot(rows, { timezone: 'UTC', now })), 'Architect needs 20.0M tokens/day on average; you average 12.3M. 7.7M/day more for 7 days (53.9M in total) would get you there.');
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
  assert.equal(freshLine(s), 'Fresh input and output 10.0K/day (10%) · cache reads 90.0K/day · cache writes 0/day');
  assert.equal(freshLine(buildSnapshot([], { timezone: 'UTC', now })), '');
});

test('dollars read at a glance, and a cost owns up to what it leaves out', () => {
  assert.equal(formatUsd(0), '$0');
  assert.equal(formatUsd(0.004), '<$0.01');
  assert.equal(formatUsd(0.153), '$0.15');
  assert.equal(formatUsd(1234.5), '$1,235');
  assert.equal(costText(12.3, 0), '$12.30');
  assert.equal(costText(12.3, 500), '≥ $12.30');
  assert.equal(costText(0, 500), 'no price');
});

test('the window cost line names the models it could not price', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  const c = (costMicros: number, unpriced: number) => ({ input: 1_000, output: 500, cacheRead: 0, cacheWrite: 0, reasoning: 0, costMicros, unpriced });
  const s = buildSnapshot(
    [
      { slot: slotOf(now - 3_600_000), agent: 'claude-code', model: 'claude-sonnet-4-5', counts: c(10_500_000, 0) },
      { slot: slotOf(now - 86_400_000), agent: 'qwen-code', model: 'qwen3-coder-plus', counts: c(0, 1_500) },
    ],
    { timezone: 'UTC', now },
  );
  assert.equal(s.value.costMicros, 10_500_000);
  assert.deepEqual(s.value.unpricedModels, ['qwen3-coder-plus']);
  assert.equal(costLine(s), 'Est. cost ≥ $10.50 for 7 days ($1.50/day) · today $10.50 · no price for qwen3-coder-plus (1.5K tokens)');
});

test('a share never reads 0% when something is there, nor 100% when something is missing', () => {
  assert.equal(formatShare(0), '0%');
  assert.equal(formatShare(0.004), '<1%');
  assert.equal(formatShare(0.005), '1%');
  assert.equal(formatShare(0.42), '42%');
  assert.equal(formatShare(0.996), '>99%');
  assert.equal(formatShare(1), '100%');
});

test('a mix reads as labelled shares of its own sum, one rule for the dashboard and the team view', () => {
  const rows = mixShares([
    { name: 'claude-code', total: 9_970 },
    { name: 'continue', total: 30 },
    { name: 'some-new-agent', total: 0 },
  ]);
  assert.deepEqual(rows, [
    { label: 'Claude Code', total: 9_970, share: '>99%' },
    { label: 'Continue', total: 30, share: '<1%' },
    { label: 'some-new-agent', total: 0, share: '0%' },
  ]);
  assert.deepEqual(mixShares([{ name: 'gpt-5.1', total: 0 }]), [{ label: 'gpt-5.1', total: 0, share: '0%' }]);
});

test("formatExact writes what toLocaleString('en-US') writes, without loading ICU's number data", () => {
  const samples = [0, 1, 12, 999, 1000, 1001, 99_999, 100_000, 1_234_567, 6_893_389_755, 2 ** 53 - 1, -1, -999, -1000, -1_234_567, 0.4, 999.5, 1234.49];
  for (let i = 0; i < 2000; i++) samples.push(Math.floor(Math.random() * 10 ** Math.floor(Math.random() * 16)) * (i % 7 === 0 ? -1 : 1) || 0); // (-0 reads '0', not toLocaleString's '-0')
  assert.equal(formatExact(-0), '0');
  for (const n of samples) assert.equal(formatExact(n), Math.round(n).toLocaleString('en-US'), String(n));
});
