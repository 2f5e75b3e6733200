import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packRows, unpackRows } from '../../../src/cli/rowPack';
import type { LedgerRow } from '../../../src/core/ledger';

test('ledger rows cross the scan thread as numbers and come back the same, optional counts absent where they were', () => {
  const rows: LedgerRow[] = [
    { slot: 1_967_000, agent: 'claude-code', model: 'claude-sonnet-4-5', counts: { input: 5, output: 700, cacheRead: 50_000, cacheWrite: 1200, reasoning: 0, costMicros: 123_456.5, unpriced: 0 } },
    { slot: 1_967_001, agent: 'codex', model: 'gpt-5-codex', counts: { input: 1, output: 2, cacheRead: 3, cacheWrite: 4, reasoning: 2 } },
    { slot: 1_967_001, agent: 'claude-code', model: 'claude-sonnet-4-5', counts: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, unpriced: 9 } },
  ];
  const pack = packRows(rows);
  assert.deepEqual(pack.strings, ['claude-code', 'claude-sonnet-4-5', 'codex', 'gpt-5-codex']);
  assert.deepEqual(unpackRows(structuredClone(pack)), rows);
  assert.deepEqual(unpackRows(packRows([])), []);
});
