import { test } from 'node:test';
import assert from 'node:assert/strict';
import { previewText } from '../../../src/sync/reportingService';
import type { UsageRow } from '../../../src/shared/teamApi';

const row: UsageRow = {
  date: '2026-11-20', timezone: 'Europe/Berlin', deviceId: 'dev-123456789012', agent: 'codex', model: 'gpt-5-codex',
  input: 1200, output: 340, cacheRead: 9000, cacheWrite: 0, reasoning: 12,
  hourly: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 9552, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
};

test('the preview is exactly the rows that are sent, readable at a glance', () => {
  const text = previewText('https://team.example', [row, { ...row, model: 'o3' }], '2 day(s) queued.');
  const json = text.split('\n').filter((l) => !l.startsWith('//')).join('\n');
  assert.deepEqual(JSON.parse(json), { rows: [row, { ...row, model: 'o3' }] });
  assert.match(text, /^\/\/ Token Tier → https:\/\/team\.example/);
  assert.match(text, /\/\/ 2 day\(s\) queued\./);
  // One line per hourly array, not 24.
  assert.ok(text.includes('"hourly": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 9552, 0,'), text);
  assert.ok(text.split('\n').length < 40, `${text.split('\n').length} lines`);
});
