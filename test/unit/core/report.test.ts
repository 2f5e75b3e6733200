import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportRows } from '../../../src/core/report';
import { slotOf } from '../../../src/core/ledger';
import { syncLine } from '../../../src/ui/badgeModel';

test('report rows are per local date, agent and model, with tokens per local hour', () => {
  const c = (input: number) => ({ input, output: 2, cacheRead: 3, cacheWrite: 4, reasoning: 1 });
  const rows = [
    { slot: slotOf(Date.parse('2026-11-20T22:30:00Z')), agent: 'codex' as const, model: 'gpt-5.1-codex', counts: c(10) },
    { slot: slotOf(Date.parse('2026-11-20T23:15:00Z')), agent: 'codex' as const, model: 'gpt-5.1-codex', counts: c(20) },
    { slot: slotOf(Date.parse('2026-11-19T10:00:00Z')), agent: 'claude-code' as const, model: 'sonnet', counts: c(5) },
  ];
  const out = reportRows(rows, 'Europe/Berlin', '2026-11-20');
  assert.equal(out.length, 2, 'the 19th is before `since`');
  const [late, early] = [out.find((r) => r.date === '2026-11-21')!, out.find((r) => r.date === '2026-11-20')!];
  assert.equal(early.input, 10);
  assert.equal(early.hourly[23], 19);
  assert.equal(late.input, 20);
  assert.equal(late.hourly[0], 29);
  assert.equal(late.timezone, 'Europe/Berlin');
  assert.deepEqual(Object.keys(late).sort(), ['agent', 'cacheRead', 'cacheWrite', 'date', 'hourly', 'input', 'model', 'output', 'reasoning', 'timezone']);
});

test('the tooltip line says synced, offline or queued', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  assert.equal(syncLine(undefined), undefined);
  assert.equal(syncLine({ state: 'idle', queuedDays: 0, lastSyncAt: now - 120_000 }, now), 'Team: synced 2 min ago');
  assert.equal(syncLine({ state: 'idle', queuedDays: 1, lastSyncAt: now - 30_000 }, now), 'Team: 1 day queued (synced just now)');
  assert.equal(syncLine({ state: 'offline', queuedDays: 3 }, now), 'Team: offline, 3 days queued');
  assert.equal(syncLine({ state: 'error', queuedDays: 1, message: 'backend refused the token (401)' }, now), 'Team: not synced (backend refused the token (401)), 1 day queued');
});
