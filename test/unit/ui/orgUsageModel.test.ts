import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageLine, groupLocalOnly } from '../../../src/ui/orgUsageModel';
import type { OrgUsageState } from '../../../src/sync/orgUsage/orgUsageService';

test('agents the org API did not count are one "other" row per day; the ones it counted stay apart', () => {
  const days = [
    { date: '2026-11-20', agent: 'claude-code', org: 300, local: 200 },
    { date: '2026-11-20', agent: 'codex', org: 0, local: 50 },
    { date: '2026-11-20', agent: 'gemini', org: 0, local: 5 },
    { date: '2026-11-19', agent: 'claude-code', org: 0, local: 100 },
    { date: '2026-11-19', agent: 'codex', org: 0, local: 7 },
  ];
  assert.deepEqual(groupLocalOnly(days), [
    { date: '2026-11-20', agent: 'claude-code', org: 300, local: 200 },
    { date: '2026-11-20', agent: 'other', org: 0, local: 55 },
    { date: '2026-11-19', agent: 'claude-code', org: 0, local: 100 },
    { date: '2026-11-19', agent: 'other', org: 0, local: 7 },
  ]);
});

test('offline shows the last data with its age', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  const at = (fetchedAt: number, fetching = false): OrgUsageState => ({ connection: { provider: 'anthropic-claude-code', since: '' }, cache: { version: 1, provider: 'anthropic-claude-code', from: '', to: '', fetchedAt, rows: [] }, fetching, error: undefined });
  assert.equal(ageLine(at(now - 30_000), now), 'Fetched just now.');
  assert.equal(ageLine(at(now - 12 * 60_000, true), now), 'Fetched 12 min ago. Refreshing…');
  assert.equal(ageLine(at(now - 5 * 3_600_000), now), 'Fetched 5 h ago.');
  assert.equal(ageLine(at(Date.parse('2026-11-15T08:00:00Z')), now), 'Fetched on 2026-11-15.');
  assert.equal(ageLine({ connection: undefined, cache: undefined, fetching: false, error: undefined }, now), 'Not fetched yet.');
});
