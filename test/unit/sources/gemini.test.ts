import { test } from 'node:test';
import assert from 'node:assert/strict';
import { geminiHeader, geminiMessage, geminiSet } from '../../../src/demo/agentLogs';
import { geminiSource } from '../../../src/sources/gemini';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { jsonl } from '../../fixtures/claudeFixtures';

const G0 = Date.parse('2026-11-21T07:40:09.512Z');
const S = '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const CHATS = '.gemini/tmp/tiers/chats';
const PRO = 'gemini-2.5-pro';
/** input 22150 (17900 cached), output 318, thoughts 1204: Gemini's own total is 23672. */
const BIG = { input: 22150, output: 318, cached: 17900, thoughts: 1204 };
const msg = (id: string, ts: number, tokens: Parameters<typeof geminiMessage>[3], extra = {}) => JSON.stringify(geminiMessage(id, ts, PRO, tokens, extra));
const gemini = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'gemini-cli');

test('classes: cached out of input, thoughts into output, tool prompts into input; the total equals Gemini’s', () =>
  withHome(async (h) => {
    h.write(`${CHATS}/session-2026-11-21T07-40-8c1d2e3f.jsonl`, jsonl([geminiHeader(S, G0), msg('m1', G0, BIG), msg('m2', G0 + 1000, { input: 1000, output: 50, cached: 200, tool: 30 })]));
    const t = gemini((await h.scan()).rows);
    // m1: input 22150 − 17900 = 4250, output 318 + 1204 = 1522; m2: input 1000 − 200 + 30 = 830, output 50.
    assert.deepEqual([t.input, t.output, t.cacheRead, t.cacheWrite, t.reasoning], [4250 + 830, 1522 + 50, 17900 + 200, 0, 1204]);
    assert.equal(t.total, 23672 + 1080);
  }));

test('a message re-appended in full (tokens arriving, then tool calls) counts once', () =>
  withHome(async (h) => {
    const lines = [geminiHeader(S, G0), msg('m1', G0, null), geminiSet(G0 + 1), msg('m1', G0, BIG), geminiSet(G0 + 2), msg('m1', G0, BIG, { toolCalls: [{ id: 'read_file-1', name: 'read_file', status: 'success' }] })];
    h.write(`${CHATS}/session-a.jsonl`, jsonl(lines));
    assert.equal(gemini((await h.scan()).rows).total, 23672);
  }));

test('a message cancelled before its usage arrived (tokens:null) counts 0', () =>
  withHome(async (h) => {
    h.write(`${CHATS}/session-a.jsonl`, jsonl([geminiHeader(S, G0), msg('m1', G0, null), msg('m2', G0 + 5, { input: 10, output: 5, cached: 0 })]));
    assert.equal(gemini((await h.scan()).rows).total, 15);
  }));

test('$set checkpoints holding message copies add nothing; messages hidden by $rewindTo still count', () =>
  withHome(async (h) => {
    const m1 = geminiMessage('m1', G0, PRO, BIG);
    const m2 = geminiMessage('m2', G0 + 60_000, PRO, { input: 100, output: 10, cached: 0 });
    const lines = [geminiHeader(S, G0), JSON.stringify(m1), JSON.stringify(m2), JSON.stringify({ $rewindTo: 'm2' }), JSON.stringify({ $set: { messages: [m1, m2], lastUpdated: new Date(G0).toISOString() } }), msg('m3', G0 + 120_000, { input: 7, output: 3, cached: 0 })];
    h.write(`${CHATS}/session-a.jsonl`, jsonl(lines));
    assert.equal(gemini((await h.scan()).rows).total, 23672 + 110 + 10);
  }));

test('a resumed .json session migrated to .jsonl counts once, whichever was read first', () =>
  withHome(async (h) => {
    const m1 = geminiMessage('m1', G0, PRO, BIG);
    const m2 = geminiMessage('m2', G0 + 60_000, PRO, { input: 100, output: 10, cached: 0 });
    const doc = { sessionId: S, projectHash: 'x'.repeat(64), startTime: new Date(G0).toISOString(), lastUpdated: new Date(G0).toISOString(), messages: [{ id: 'u1', timestamp: new Date(G0).toISOString(), type: 'user', content: [{ text: 'hi' }] }, m1, m2] };
    h.write(`${CHATS}/session-2026-11-21T07-40-8c1d2e3f.json`, JSON.stringify(doc, null, 2));
    assert.equal(gemini((await h.scan()).rows).total, 23672 + 110);
    // Resume: the same name + "l", a header, every old message re-appended, then new work.
    const migrated = [geminiHeader(S, G0), JSON.stringify(m1), JSON.stringify(m2), JSON.stringify({ $set: { sessionId: S } }), msg('m3', G0 + 3_600_000, { input: 40, output: 2, cached: 0 })];
    h.write(`${CHATS}/session-2026-11-21T07-40-8c1d2e3f.jsonl`, jsonl(migrated));
    assert.equal(gemini((await h.scan()).rows).total, 23672 + 110 + 42);
    // A cold read of both files gives the same.
    assert.equal(gemini((await h.scan(true)).rows).total, 23672 + 110 + 42);
  }));

test('the project-slug migration’s copy (hash folder and slug folder) counts once', () =>
  withHome(async (h) => {
    const lines = jsonl([geminiHeader(S, G0), msg('m1', G0, BIG)]);
    h.write(`.gemini/tmp/${'a1'.repeat(32)}/chats/session-a.jsonl`, lines);
    h.write(`${CHATS}/session-a.jsonl`, lines);
    assert.equal(gemini((await h.scan()).rows).total, 23672);
  }));

test('one session id owning two files with different messages: both count (keys are per message)', () =>
  withHome(async (h) => {
    h.write(`${CHATS}/session-2026-01-25T21-01-e981b5a6.json`, JSON.stringify({ sessionId: S, messages: [geminiMessage('m1', G0, PRO, { input: 100, output: 1, cached: 0 })] }));
    h.write(`${CHATS}/session-2026-01-26T05-29-e981b5a6.json`, JSON.stringify({ sessionId: S, messages: [geminiMessage('m2', G0, PRO, { input: 200, output: 2, cached: 0 })] }));
    assert.equal(gemini((await h.scan()).rows).total, 303);
  }));

test('subagent sessions under chats/<parent>/ count; logs.json, checkpoints and other folders are not read', () =>
  withHome(async (h) => {
    h.write(`${CHATS}/${S}/0f1e2d3c-0000-4000-8000-000000000001.jsonl`, jsonl([JSON.stringify({ sessionId: 'sub', projectHash: 'x', startTime: '', lastUpdated: '', kind: 'subagent' }), msg('s1', G0, { input: 50, output: 5, cached: 0 })]));
    h.write('.gemini/tmp/tiers/logs.json', JSON.stringify([{ sessionId: S, messageId: 0, timestamp: new Date(G0).toISOString(), type: 'user', message: 'x', tokens: { input: 1e6 } }]));
    h.write('.gemini/tmp/tiers/checkpoint-x.json', JSON.stringify({ history: [] }));
    const r = await h.scan();
    assert.equal(gemini(r.rows).total, 55);
    assert.equal(r.report.sources.find((s) => s.agent === 'gemini-cli')!.files, 1);
  }));

test('GEMINI_CLI_HOME replaces the home folder', () => {
  assert.deepEqual(geminiSource.defaultRoots({ home: '/h', env: { GEMINI_CLI_HOME: '/g' }, platform: 'linux' }), ['/g/.gemini/tmp']);
  assert.deepEqual(geminiSource.defaultRoots({ home: '/h', env: { GEMINI_CLI_HOME: '' }, platform: 'linux' }), ['/h/.gemini/tmp']);
  assert.deepEqual(geminiSource.defaultRoots({ home: 'C:\\Users\\ana', env: {}, platform: 'win32' }), ['C:\\Users\\ana\\.gemini\\tmp']);
});
