import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ampAssistant, ampLedgerEvent, ampThread } from '../../../src/demo/agentLogs';
import { ampSource } from '../../../src/sources/amp';
import { withHome, sumRows } from '../../fixtures/tempHome';

const A0 = Date.parse('2026-11-20T15:00:12.400Z');
const ID = 'T-2b7e4c1a-9d3f-4e8b-a1c2-5f6e7d8c9b0a';
const FILE = `.local/share/amp/threads/${ID}.json`;
const SONNET = 'claude-sonnet-4-5';
const amp = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'amp');

test('messages-only threads: each assistant usage, dated by usage.timestamp; totalInputTokens is not more input', () =>
  withHome(async (h) => {
    h.write(FILE, ampThread(ID, A0, [ampAssistant(1, SONNET, { input: 9, output: 388, cacheWrite: 2100, cacheRead: 15230 }, A0), ampAssistant(3, SONNET, { input: 1, output: 10, cacheWrite: 0, cacheRead: 100 }, A0 + 60_000)]));
    const t = amp((await h.scan()).rows);
    assert.deepEqual([t.input, t.output, t.cacheWrite, t.cacheRead], [10, 398, 2100, 15330]);
  }));

test('threads with a usage ledger: each event once, cache from the message it points at; message usage not counted again', () =>
  withHome(async (h) => {
    const messages = [ampAssistant(1, SONNET, { input: 7, output: 87, cacheWrite: 180, cacheRead: 15863 }), ampAssistant(3, SONNET, { input: 5, output: 40, cacheWrite: 0, cacheRead: 16000 })];
    const ledger = [
      ampLedgerEvent('ev-01', A0, SONNET, 7, 87, 1),
      ampLedgerEvent('ev-02', A0 + 30_000, SONNET, 5, 40, 3),
      // A title-generation event pointing at the user message: no cache split.
      { ...ampLedgerEvent('ev-03', A0 + 31_000, 'claude-haiku-4-5', 50, 10, 0), operationType: 'title-generation' },
    ];
    h.write(FILE, ampThread(ID, A0, messages, ledger));
    const t = amp((await h.scan()).rows);
    assert.equal(t.total, 7 + 87 + 180 + 15863 + (5 + 40 + 16000) + 60);
    assert.deepEqual([t.cacheWrite, t.cacheRead], [180, 15863 + 16000]);
  }));

test('a thread rewritten in place (grown) replaces what it counted, never adds', () =>
  withHome(async (h) => {
    const m1 = ampAssistant(1, SONNET, { input: 9, output: 388, cacheWrite: 2100, cacheRead: 15230 }, A0);
    h.write(FILE, ampThread(ID, A0, [m1]));
    assert.equal(amp((await h.scan()).rows).total, 17727);
    h.write(FILE, ampThread(ID, A0, [m1, ampAssistant(3, SONNET, { input: 1, output: 1, cacheWrite: 0, cacheRead: 0 }, A0 + 5000)]) + '\n');
    assert.equal(amp((await h.scan()).rows).total, 17729);
    assert.equal(amp((await h.scan(true)).rows).total, 17729);
  }));

test('a usage without a timestamp in a thread without a ledger is skipped with its reason', () =>
  withHome(async (h) => {
    h.write(FILE, ampThread(ID, A0, [ampAssistant(1, SONNET, { input: 9, output: 1, cacheWrite: 0, cacheRead: 0 })]));
    const r = await h.scan();
    assert.equal(amp(r.rows).total, 0);
    assert.deepEqual(r.report.skipped, { 'bad-timestamp': 1 });
  }));

test('threads live under XDG_DATA_HOME (empty means unset) and the old VS Code extension’s storage', () => {
  const roots = (e: Record<string, string>) => ampSource.defaultRoots({ home: '/h', env: e, platform: 'linux' });
  assert.equal(roots({})[0], '/h/.local/share/amp/threads');
  assert.equal(roots({ XDG_DATA_HOME: '' })[0], '/h/.local/share/amp/threads');
  assert.equal(roots({ XDG_DATA_HOME: '/d' })[0], '/d/amp/threads');
  assert.ok(roots({}).includes('/h/.config/Code/User/globalStorage/sourcegraph.amp/threads3'));
});

test('assistant messages without a messageId each count', () =>
  withHome(async (h) => {
    const noId = (input: number, ts: number) => ({ ...ampAssistant(0, SONNET, { input, output: 1, cacheWrite: 0, cacheRead: 0 }, ts), messageId: undefined });
    h.write(FILE, ampThread(ID, A0, [noId(100, A0), noId(200, A0 + 1), noId(300, A0 + 2)]));
    assert.equal(amp((await h.scan()).rows).total, 603);
  }));
