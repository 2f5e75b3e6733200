import { test } from 'node:test';
import assert from 'node:assert/strict';
import { qwenAssistant, qwenTelemetry } from '../../../src/demo/agentLogs';
import type { QwenUsage } from '../../../src/demo/agentLogs';
import { qwenSource } from '../../../src/sources/qwen';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { jsonl } from '../../fixtures/claudeFixtures';

const Q0 = Date.parse('2026-11-22T12:00:03.000Z');
const S = 'a1b2c3d4-0000-4000-8000-000000000001';
const FILE = `.qwen/projects/-home-dev-src-app/chats/${S}.jsonl`;
const M = 'qwen3-coder-plus';
const qwen = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'qwen-code');
const A = (n: number, u: QwenUsage, extra = {}) => qwenAssistant(`a${n}`, S, Q0 + n * 1000, M, u, extra);
const T = (n: number, u: QwenUsage, extra = {}) => qwenTelemetry(`t${n}`, S, Q0 + n * 1000, M, u, extra);
/** 15040 prompt (12800 cached) + 402 candidates = 15442. */
const U1: QwenUsage = { prompt: 15040, candidates: 402, cached: 12800 };
const U2: QwenUsage = { prompt: 3000, candidates: 20, cached: 0 };
const U3: QwenUsage = { prompt: 900, candidates: 90, cached: 100 };

test('classes: the prompt includes the cache; reasoning is inside the candidates unless the total says otherwise', () =>
  withHome(async (h) => {
    h.write(FILE, jsonl([A(1, U1), A(2, { prompt: 1000, candidates: 100, cached: 0, thoughts: 50, total: 1150 }), A(3, { prompt: 1000, candidates: 100, cached: 0, thoughts: 50 }), A(4, { prompt: 10, candidates: 5, cached: 0, thoughts: 2, total: 0 })]));
    const t = qwen((await h.scan()).rows);
    // 1: input 2240, out 402; 2 (Gemini provider, thoughts outside): out 150; 3 (OpenAI, inside): out 100; 4 (no total): out 5.
    assert.deepEqual([t.input, t.output, t.cacheRead, t.reasoning], [2240 + 1000 + 1000 + 10, 402 + 150 + 100 + 5, 12800, 50 + 50 + 2]);
    assert.equal(t.total, 15442 + 1150 + 1100 + 15);
  }));

test('telemetry echoing an assistant record counts once; a tool’s own API call (telemetry only) counts', () =>
  withHome(async (h) => {
    // U1: echo before its record; U2: a web_fetch call inside a tool, telemetry only; U3: echo after.
    h.write(FILE, jsonl([T(1, U1), A(2, U1), T(3, U2), A(4, U3), T(5, U3)]));
    const r = await h.scan();
    assert.equal(qwen(r.rows).total, 15442 + 3020 + 990);
    // The assistant record wins the pair: its model and time.
    assert.ok(r.rows.filter((x) => x.agent === 'qwen-code').every((x) => x.model === M));
  }));

test('the pairing holds when the echo and its record arrive in different scans', () =>
  withHome(async (h) => {
    h.write(FILE, jsonl([T(1, U1), A(2, U3)]));
    assert.equal(qwen((await h.scan()).rows).total, 15442 + 990);
    h.append(FILE, jsonl([A(3, U1), T(4, U3), T(5, U3)]));
    // U1 record replaces its echo; the first U3 echo pairs with its record; the second U3 is a new call.
    assert.equal(qwen((await h.scan()).rows).total, 15442 + 990 + 990);
  }));

test('/branch copies of the parent’s records (forkedFrom) are skipped; the branch’s own work counts', () =>
  withHome(async (h) => {
    h.write(FILE, jsonl([T(1, U1), A(2, U1)]));
    const fork = 'b2c3d4e5-0000-4000-8000-000000000002';
    const copied = { forkedFrom: { sessionId: S, messageUuid: 'a2' } };
    h.write(`.qwen/projects/-home-dev-src-app/chats/${fork}.jsonl`, jsonl([T(1, U1, { ...copied, sessionId: fork }), A(2, U1, { ...copied, sessionId: fork }), qwenAssistant('n1', fork, Q0 + 9000, M, U2)]));
    assert.equal(qwen((await h.scan()).rows).total, 15442 + 3020);
  }));

test('compression sizes and other system records are not usage', () =>
  withHome(async (h) => {
    const compression = JSON.stringify({ uuid: 'c1', sessionId: S, timestamp: new Date(Q0).toISOString(), type: 'system', subtype: 'chat_compression', systemPayload: { info: { originalTokenCount: 90000, newTokenCount: 12000 } } });
    h.write(FILE, jsonl([compression, A(1, U2)]));
    assert.equal(qwen((await h.scan()).rows).total, 3020);
  }));

test('sessions in chats/ and chats/archive/ are read; sidecars and usage ledgers are not', () =>
  withHome(async (h) => {
    h.write(FILE, jsonl([A(1, U2)]));
    h.write(`.qwen/projects/-home-dev-src-app/chats/archive/c3d4e5f6-0000-4000-8000-000000000003.jsonl`, jsonl([qwenAssistant('x', 'c3', Q0, M, U3)]));
    h.write(`.qwen/projects/-home-dev-src-app/chats/${S}.ledger.jsonl`, jsonl([A(9, U1)]));
    h.write('.qwen/usage/token-usage-2026-11.jsonl', jsonl([JSON.stringify({ inputTokens: 1e6 })]));
    assert.equal(qwen((await h.scan()).rows).total, 3020 + 990);
  }));

test('QWEN_RUNTIME_DIR and QWEN_HOME name the .qwen folder itself', () => {
  const env = (e: Record<string, string>) => ({ home: '/h', env: e, platform: 'linux' });
  assert.deepEqual(qwenSource.defaultRoots(env({})), ['/h/.qwen/projects']);
  assert.deepEqual(qwenSource.defaultRoots(env({ QWEN_HOME: '/q' })), ['/q/projects']);
  assert.deepEqual(qwenSource.defaultRoots(env({ QWEN_RUNTIME_DIR: '/r', QWEN_HOME: '/q' })), ['/r/projects', '/q/projects']);
});

test('a leading ~ in the agents’ own folder variables means the home folder', async () => {
  const { piSource } = await import('../../../src/sources/pi');
  assert.deepEqual(qwenSource.defaultRoots({ home: '/h', env: { QWEN_HOME: '~/q' }, platform: 'linux' }), ['/h/q/projects']);
  assert.deepEqual(piSource.defaultRoots({ home: '/h', env: { PI_CODING_AGENT_DIR: '~' }, platform: 'linux' }), ['/h/sessions']);
});
