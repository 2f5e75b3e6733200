import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { requestCostMicros, priceModelOf } from '../../../src/core/prices/pricing';
import { PRICE_PROVIDERS, PRICE_SOURCE } from '../../../src/core/prices/priceTable.generated';
import type * as GenaiPrices from '@pydantic/genai-prices';

const require = createRequire(import.meta.url);
const counts = (input: number, output: number, cacheRead = 0, cacheWrite = 0) => ({ input, output, cacheRead, cacheWrite });
const NOV = Date.parse('2026-11-20T12:00:00Z');

test('the committed price table is the one the installed price list builds (regenerate with npm run build)', async () => {
  const { priceTableSource } = await import('../../../scripts/build-prices.mjs');
  const committed = readFileSync(new URL('../../../src/core/prices/priceTable.generated.ts', import.meta.url), 'utf8');
  assert.equal(committed, await priceTableSource());
  assert.equal(PRICE_SOURCE.version, '0.1.8');
  assert.equal(PRICE_SOURCE.published, '2026-09-23');
});

test('Claude Sonnet 4.5 below 200K input, by hand: cache reads and writes at their own prices', () => {
  // $3 in, $15 out, $0.30 cache read, $3.75 cache write per million.
  // 1,000 in + 150,000 read + 20,000 write = 171,000 input (≤ 200K: base prices); 2,000 out.
  // 1,000×3 + 150,000×0.3 + 20,000×3.75 + 2,000×15 = 3,000 + 45,000 + 75,000 + 30,000 µ$ = $0.153
  assert.equal(requestCostMicros('claude-sonnet-4-5-20250929', NOV, counts(1_000, 2_000, 150_000, 20_000)), 153_000);
});

test('Claude Sonnet 4.5 above 200K input: every class of that request at the long-context price', () => {
  // 10,000 in + 190,000 read + 5,000 write = 205,000 > 200,000: $6 in, $22.50 out, $0.60 read, $7.50 write.
  // 10,000×6 + 190,000×0.6 + 5,000×7.5 + 1,000×22.5 = 60,000 + 114,000 + 37,500 + 22,500 = 234,000 µ$
  assert.equal(requestCostMicros('claude-sonnet-4-5', NOV, counts(10_000, 1_000, 190_000, 5_000)), 234_000);
  // Exactly 200,000 is not above the threshold: base prices.
  assert.equal(requestCostMicros('claude-sonnet-4-5', NOV, counts(200_000, 0)), 600_000);
});

test('GPT-5.1 (Codex logs gpt-5.1-codex): cached input at a tenth; reasoning is inside output', () => {
  // $1.25 in, $0.125 cached, $10 out. 40,000 fresh + 60,000 cached, 3,000 out.
  // 40,000×1.25 + 60,000×0.125 + 3,000×10 = 50,000 + 7,500 + 30,000 = 87,500 µ$
  assert.equal(requestCostMicros('gpt-5.1-codex', NOV, counts(40_000, 3_000, 60_000)), 87_500);
});

test('Gemini 2.5 Pro: long-context tier at 200K', () => {
  // ≤ 200K: $1.25 in / $10 out; above: $2.50 / $15.
  assert.equal(requestCostMicros('gemini-2.5-pro', NOV, counts(100_000, 1_000)), 125_000 + 10_000);
  assert.equal(requestCostMicros('gemini-2.5-pro', NOV, counts(300_000, 1_000)), 750_000 + 15_000);
});

test('unknown models have no price, never a guess; provider-prefixed ids are priced as the model', () => {
  assert.equal(requestCostMicros('coder-model', NOV, counts(1_000, 1_000)), undefined);
  assert.equal(requestCostMicros('unknown', NOV, counts(1_000, 1_000)), undefined);
  assert.equal(priceModelOf('anthropic/claude-sonnet-4')?.id, 'claude-sonnet-4-0');
  assert.equal(requestCostMicros('anthropic/claude-sonnet-4', NOV, counts(1_000, 0)), 3_000);
});

test('agrees with @pydantic/genai-prices calcPrice on every listed model, across tiers and times of day', () => {
  const { calcPrice } = require('@pydantic/genai-prices') as typeof GenaiPrices;
  const usages = [counts(1_000, 500), counts(5_000, 2_000, 80_000, 3_000), counts(150_000, 40_000, 200_000, 30_000), counts(0, 10, 300_000)];
  const times = [Date.parse('2025-06-01T03:00:00Z'), Date.parse('2026-11-20T02:10:00Z'), Date.parse('2026-11-20T20:45:00Z')];
  let compared = 0;
  for (const p of PRICE_PROVIDERS) {
    for (const m of p.models) {
      for (const u of usages) {
        for (const ts of times) {
          const ours = requestCostMicros(m.id, ts, u);
          let theirs: number | undefined;
          try {
            const r = calcPrice({ input_tokens: u.input + u.cacheRead + u.cacheWrite, cache_read_tokens: u.cacheRead, cache_write_tokens: u.cacheWrite, output_tokens: u.output }, m.id, { timestamp: new Date(ts) });
            theirs = r ? Math.round(r.total_price * 1e6) : undefined;
          } catch {
            continue; // models priced in units other than tokens (images, audio) that calcPrice refuses
          }
          assert.equal(ours === undefined, theirs === undefined, `${p.id}/${m.id}: priced by one and not the other`);
          if (ours === undefined || theirs === undefined) continue;
          assert.ok(Math.abs(ours - theirs) <= 1, `${p.id}/${m.id} ${JSON.stringify(u)} at ${new Date(ts).toISOString()}: ${ours} vs ${theirs}`);
          compared++;
        }
      }
    }
  }
  assert.ok(compared > 1000, `compared ${compared}`);
});
