import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonical, sumRows, withHome } from '../../fixtures/tempHome';
import { dailyJson } from '../../../src/core/daily';

const D = '.factory/sessions';
const settings = (u: Record<string, number> | null, lock?: string) => JSON.stringify({ model: 'claude-opus-4-5', providerLock: 'anthropic', ...(lock ? { providerLockTimestamp: lock } : {}), ...(u ? { tokenUsage: u } : {}) });
const droid = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'droid');

test('thinking is added to output unless the file’s own total says it is inside; one event per session', () =>
  withHome(async (h) => {
    h.write(`${D}/-home-dev-app/a.settings.json`, settings({ inputTokens: 1000, outputTokens: 500, cacheCreationTokens: 200, cacheReadTokens: 9000, thinkingTokens: 120 }, '2026-11-20T10:00:00Z'));
    // totalTokens = input + output + both caches while thinking > 0: thinking is inside output.
    h.write(`${D}/-home-dev-app/b.settings.json`, settings({ inputTokens: 10, outputTokens: 50, cacheCreationTokens: 0, cacheReadTokens: 40, thinkingTokens: 30, totalTokens: 100 }, '2026-11-20T11:00:00Z'));
    h.write(`${D}/-home-dev-app/a.jsonl`, '{"type":"message","usage":{"input_tokens":5}}\n');
    h.write(`${D}/-home-dev-app/c.settings.json`, settings(null));
    const c = droid((await h.scan()).rows);
    assert.deepEqual([c.input, c.output, c.cacheRead, c.cacheWrite, c.reasoning], [1010, 620 + 50, 9040, 200, 150]);
  }));

test('a running total rewritten in place replaces itself; a copy left in the flat layout counts once (the larger)', () =>
  withHome(async (h) => {
    h.write(`${D}/s1.settings.json`, settings({ inputTokens: 100, outputTokens: 10, cacheCreationTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 }, '2026-11-20T10:00:00Z'));
    assert.equal(droid((await h.scan()).rows).total, 110);
    h.write(`${D}/-home-dev-app/s1.settings.json`, settings({ inputTokens: 300, outputTokens: 30, cacheCreationTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 }, '2026-11-20T10:00:00Z'));
    assert.equal(droid((await h.scan()).rows).total, 330);
    h.write(`${D}/-home-dev-app/s1.settings.json`, '{"model": "claude-opus-4-5", "tokenUs'); // being rewritten
    const r = await h.scan();
    assert.equal(droid(r.rows).total, 330);
    assert.deepEqual(r.report.sources.find((s) => s.agent === 'droid')!.skipped, { 'invalid-json': 1 });
    h.write(`${D}/-home-dev-app/s1.settings.json`, settings({ inputTokens: 400, outputTokens: 40, cacheCreationTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 }, '2026-11-20T10:00:00Z'));
    const final = await h.scan();
    assert.equal(droid(final.rows).total, 440);
    assert.deepEqual(canonical(final.rows), canonical((await h.coldScan()).rows));
  }));

test('without providerLockTimestamp the day is the file’s modification time', () =>
  withHome(async (h) => {
    const f = h.write(`${D}/s2.settings.json`, settings({ inputTokens: 90, outputTokens: 10, cacheCreationTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 }));
    const t = new Date('2026-11-02T04:30:00Z');
    fs.utimesSync(f, t, t);
    const days = dailyJson((await h.scan()).rows, 'America/New_York').days.map((d) => [d.date, d.total]);
    assert.deepEqual(days, [['2026-11-01', 100]]);
    assert.ok(path.isAbsolute(f));
  }));
