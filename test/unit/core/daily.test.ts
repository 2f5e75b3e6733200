import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dailyCsv, dailyJson } from '../../../src/core/daily';
import { slotOf } from '../../../src/core/ledger';

test('daily CSV has one row a day with per-agent totals', () => {
  const c = (input: number, costMicros = 0, unpriced = 0) => ({ input, output: 1, cacheRead: 2, cacheWrite: 3, reasoning: 0, costMicros, unpriced });
  const rows = [
    { slot: slotOf(Date.parse('2026-11-20T10:00:00Z')), agent: 'claude-code' as const, model: 'a', counts: c(10, 1_250_000) },
    { slot: slotOf(Date.parse('2026-11-20T11:00:00Z')), agent: 'codex' as const, model: 'b', counts: c(20, 100_001) },
    { slot: slotOf(Date.parse('2026-11-22T11:00:00Z')), agent: 'codex' as const, model: 'b', counts: c(30, 0, 36) },
  ];
  assert.equal(
    dailyCsv(dailyJson(rows, 'UTC')),
    'date,input,output,cacheRead,cacheWrite,reasoning,total,cost_usd_estimate,unpriced_tokens,claude-code_total,codex_total\n2026-11-20,30,2,4,6,0,42,1.350001,0,16,26\n2026-11-22,30,1,2,3,0,36,0.000000,36,0,36\n',
  );
});
