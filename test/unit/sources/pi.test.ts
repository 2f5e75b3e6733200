import { test } from 'node:test';
import assert from 'node:assert/strict';
import { piAssistant, piHeader } from '../../../src/demo/agentLogs';
import { piSource } from '../../../src/sources/pi';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { jsonl } from '../../fixtures/claudeFixtures';

const P0 = Date.parse('2026-11-22T10:05:31.117Z');
const DIR = '.pi/agent/sessions/--home-dev-src-app--';
const S = '019a9e2c-6b1f-7c3a-9d2e-4f5a6b7c8d9e';
const FILE = `${DIR}/2026-11-22T10-05-00-001Z_${S}.jsonl`;
const HAIKU = 'claude-haiku-4-5';
const pi = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'pi');

test('usage as pi logs it: cache already split out; reasoning shown within output, capped at it', () =>
  withHome(async (h) => {
    h.write(FILE, jsonl([piHeader(S, P0), piAssistant('d4e5f6a7', P0, HAIKU, { input: 1203, output: 210, cacheRead: 8800, cacheWrite: 0, reasoning: 96 }), piAssistant('e5f6a7b8', P0 + 60_000, HAIKU, { input: 10, output: 374, cacheRead: 0, cacheWrite: 40, reasoning: 430 })]));
    const t = pi((await h.scan()).rows);
    assert.deepEqual([t.input, t.output, t.cacheRead, t.cacheWrite, t.reasoning], [1213, 584, 8800, 40, 96 + 374]);
    assert.equal(t.total, 10213 + 424);
  }));

test('/fork repeats the parent’s entries verbatim (same id and timestamp): they count once', () =>
  withHome(async (h) => {
    const a = piAssistant('d4e5f6a7', P0, HAIKU, { input: 100, output: 10, cacheRead: 0, cacheWrite: 0 });
    const b = piAssistant('a0b1c2d3', P0 + 1000, HAIKU, { input: 200, output: 20, cacheRead: 0, cacheWrite: 0 });
    h.write(FILE, jsonl([piHeader(S, P0), a, b]));
    const fork = '019a9e2c-0000-7000-8000-00000000f0f0';
    h.write(`${DIR}/2026-11-22T11-00-00-000Z_${fork}.jsonl`, jsonl([piHeader(fork, P0 + 3_600_000, { parentSession: `/home/dev/${FILE}` }), a, b, piAssistant('ffee0011', P0 + 3_700_000, HAIKU, { input: 5, output: 5, cacheRead: 0, cacheWrite: 0 })]));
    assert.equal(pi((await h.scan()).rows).total, 110 + 220 + 10);
  }));

test('version-1 files (no entry ids) count as they are', () =>
  withHome(async (h) => {
    h.write(`${DIR}/old.jsonl`, jsonl([JSON.stringify({ type: 'session', id: 'v1', timestamp: new Date(P0).toISOString(), cwd: '/x', provider: 'anthropic', modelId: HAIKU }), piAssistant(undefined, P0, HAIKU, { input: 7, output: 3, cacheRead: 0, cacheWrite: 0 }), piAssistant(undefined, P0 + 1, HAIKU, { input: 7, output: 3, cacheRead: 0, cacheWrite: 0 })]));
    assert.equal(pi((await h.scan()).rows).total, 20);
  }));

test('an old Google record that kept the cache inside input is told apart by its total', () =>
  withHome(async (h) => {
    // promptTokenCount 21675 (16289 cached), candidates 5, Google total 21680 — logged before pi PR #2588.
    const old = piAssistant('0a0a0a0a', P0, 'gemini-2.5-flash', { input: 21675, output: 5, cacheRead: 16289, cacheWrite: 0, totalTokens: 21680 }, 'google-generative-ai');
    // The same call logged by current pi: already split.
    const now = piAssistant('0b0b0b0b', P0 + 1, 'gemini-2.5-flash', { input: 5386, output: 5, cacheRead: 16289, cacheWrite: 0, totalTokens: 21680 }, 'google-generative-ai');
    h.write(FILE, jsonl([piHeader(S, P0), old, now]));
    const t = pi((await h.scan()).rows);
    assert.deepEqual([t.input, t.cacheRead, t.total], [5386 * 2, 16289 * 2, 21680 * 2]);
  }));

test('compaction sizes, model changes, user and tool messages are not usage', () =>
  withHome(async (h) => {
    const other = [
      JSON.stringify({ type: 'compaction', id: 'c1', parentId: null, timestamp: new Date(P0).toISOString(), summary: '…', firstKeptEntryId: 'x', tokensBefore: 182344 }),
      JSON.stringify({ type: 'model_change', id: 'c2', parentId: null, timestamp: new Date(P0).toISOString(), provider: 'anthropic', modelId: HAIKU }),
      JSON.stringify({ type: 'message', id: 'c3', parentId: null, timestamp: new Date(P0).toISOString(), message: { role: 'toolResult', content: [], usage: { input: 999 } } }),
    ];
    h.write(FILE, jsonl([piHeader(S, P0), ...other, piAssistant('d4e5f6a7', P0, HAIKU, { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 })]));
    assert.equal(pi((await h.scan()).rows).total, 2);
  }));

test('PI_CODING_AGENT_DIR moves the sessions; PI_CODING_AGENT_SESSION_DIR adds a flat folder', () => {
  const env = (e: Record<string, string>) => ({ home: '/h', env: e, platform: 'linux' });
  assert.deepEqual(piSource.defaultRoots(env({})), ['/h/.pi/agent/sessions']);
  assert.deepEqual(piSource.defaultRoots(env({ PI_CODING_AGENT_DIR: '/p', PI_CODING_AGENT_SESSION_DIR: '/s' })), ['/p/sessions', '/s']);
});

test('a version-1 file that pi migrates in place (ids added) is not counted again', () =>
  withHome(async (h) => {
    const v1 = (id?: string) => [piAssistant(id, P0, HAIKU, { input: 100, output: 10, cacheRead: 0, cacheWrite: 0 }), piAssistant(id && id + 'b', P0 + 1000, HAIKU, { input: 200, output: 20, cacheRead: 0, cacheWrite: 0 })];
    h.write(`${DIR}/old.jsonl`, jsonl([JSON.stringify({ type: 'session', id: 'v1', timestamp: new Date(P0).toISOString(), cwd: '/x' }), ...v1()]));
    assert.equal(pi((await h.scan()).rows).total, 330);
    h.write(`${DIR}/old.jsonl`, jsonl([piHeader('v1', P0), ...v1('aaaaaaa1'), piAssistant('cccccccc', P0 + 5000, HAIKU, { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 })]));
    assert.equal(pi((await h.scan()).rows).total, 332);
    assert.equal(pi((await h.coldScan()).rows).total, 332);
  }));
