import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copilotInitial, copilotOp, copilotRequest, copilotResult } from '../../../src/demo/agentLogs';
import type { CopilotRequest } from '../../../src/demo/agentLogs';
import { copilotChatSource } from '../../../src/sources/copilotChat';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { jsonl } from '../../fixtures/claudeFixtures';

const K0 = Date.parse('2026-11-21T14:04:49.337Z');
const S = '25360328-3a13-44a3-bf95-989d6618e9aa';
const WS = '.config/Code/User/workspaceStorage/9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const LOG = `${WS}/chatSessions/${S}.jsonl`;
const copilot = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'copilot-chat');
const req = (n: number, prompt?: number, output?: number, thinking?: number[]): CopilotRequest => ({ requestId: `request_${n}`, timestamp: K0 + n * 60_000, modelId: 'copilot/claude-opus-4.6', promptTokens: prompt, outputTokens: output, thinking });

test('the operation log is replayed: a request counts once its result carries counts; thinking is within output', () =>
  withHome(async (h) => {
    const r0 = req(0, 28857, 1107, [212, 0]);
    h.write(LOG, jsonl([
      copilotInitial(S, K0),
      copilotOp(2, ['requests'], [copilotRequest({ ...r0, promptTokens: undefined })]),
      copilotOp(2, ['requests', 0, 'response'], [{ kind: 'thinking', value: 'Let me look…' }]),
      copilotOp(1, ['requests', 0, 'result'], copilotResult(r0)),
      copilotOp(1, ['requests', 0, 'modelState'], { value: 1, completedAt: K0 + 44_000 }),
    ]));
    const t = copilot((await h.scan()).rows);
    assert.deepEqual([t.input, t.output, t.cacheRead, t.cacheWrite, t.reasoning], [28857, 1107, 0, 0, 212]);
  }));

test('an edited request (a push that truncates) replaces the old one and everything after it, also across scans', () =>
  withHome(async (h) => {
    h.write(LOG, jsonl([copilotInitial(S, K0), copilotOp(2, ['requests'], [copilotRequest(req(0, 1000, 100)), copilotRequest(req(1, 2000, 200)), copilotRequest(req(2, 3000, 300))])]));
    assert.equal(copilot((await h.scan()).rows).total, 1100 + 2200 + 3300);
    // The user edits request 1: VS Code truncates to 1 and pushes the new request.
    h.append(LOG, jsonl([copilotOp(2, ['requests'], [copilotRequest(req(5, 2500, 250))], 1)]));
    assert.equal(copilot((await h.scan()).rows).total, 1100 + 2750);
    // A shrink with no items (`i` only), then a new request.
    h.append(LOG, jsonl([copilotOp(2, ['requests'], undefined, 1), copilotOp(2, ['requests'], [copilotRequest(req(6, 10, 1))])]));
    const r = await h.scan();
    assert.equal(copilot(r.rows).total, 1100 + 11);
    assert.equal(copilot((await h.scan(true)).rows).total, 1100 + 11);
  }));

test('a compacted log (rewritten as one kind:0 holding every request) counts nothing twice', () =>
  withHome(async (h) => {
    const all = [copilotRequest(req(0, 1000, 100)), copilotRequest(req(1, 2000, 200))];
    h.write(LOG, jsonl([copilotInitial(S, K0), copilotOp(2, ['requests'], all)]));
    await h.scan();
    h.write(LOG, jsonl([copilotInitial(S, K0, all), copilotOp(2, ['requests'], [copilotRequest(req(2, 5, 5))])]));
    assert.equal(copilot((await h.scan()).rows).total, 1100 + 2200 + 10);
  }));

test('a session moved from .json to .jsonl counts once; the log is the truth from then on', () =>
  withHome(async (h) => {
    const all = [copilotRequest(req(0, 1000, 100)), copilotRequest(req(1, 2000, 200))];
    h.write(`${WS}/chatSessions/${S}.json`, JSON.stringify({ version: 3, sessionId: S, creationDate: K0, requests: all }));
    assert.equal(copilot((await h.scan()).rows).total, 3300);
    h.write(LOG, jsonl([copilotInitial(S, K0, all)]));
    assert.equal(copilot((await h.scan()).rows).total, 3300);
    // An edit in the log takes back request 1 even though the old .json still holds it.
    h.append(LOG, jsonl([copilotOp(2, ['requests'], [copilotRequest(req(3, 7, 3))], 1)]));
    assert.equal(copilot((await h.scan()).rows).total, 1100 + 10);
    assert.equal(copilot((await h.scan(true)).rows).total, 1100 + 10);
  }));

test('a session copied to another workspace’s folder counts once; the empty-window folder is read', () =>
  withHome(async (h) => {
    const lines = jsonl([copilotInitial(S, K0, [copilotRequest(req(0, 1000, 100))])]);
    h.write(LOG, lines);
    h.write(`.config/Code/User/workspaceStorage/0000aaaa/chatSessions/${S}.jsonl`, lines);
    h.write('.config/Code/User/globalStorage/emptyWindowChatSessions/e1.jsonl', jsonl([copilotInitial('e1', K0, [copilotRequest(req(9, 50, 5))])]));
    assert.equal(copilot((await h.scan()).rows).total, 1100 + 55);
  }));

test('one number from one place: metadata, else the request’s own fields, else result.usage; no counts count 0', () =>
  withHome(async (h) => {
    const ownFields = { ...copilotRequest(req(1)), promptTokens: 9120, completionTokens: 611 };
    const usageOnly = { ...copilotRequest(req(2)), result: { usage: { promptTokens: 40, completionTokens: 4 } } };
    const both = copilotRequest(req(3, 500, 50)); // metadata and usage hold the same numbers
    h.write(LOG, jsonl([copilotInitial(S, K0, [copilotRequest(req(0)), ownFields, usageOnly, both])]));
    assert.equal(copilot((await h.scan()).rows).total, 9731 + 44 + 550);
  }));

test('only chatSessions folders are read inside workspace storage; the model drops its copilot/ prefix', () =>
  withHome(async (h) => {
    h.write(LOG, jsonl([copilotInitial(S, K0, [copilotRequest(req(0, 10, 1))])]));
    h.write(`${WS}/workspace.json`, JSON.stringify({ folder: 'file:///home/dev/app' }));
    h.write(`${WS}/GitHub.copilot-chat/debug-logs/${S}/main.jsonl`, jsonl([JSON.stringify({ type: 'llm_request', attrs: { inputTokens: 1e6 } })]));
    const r = await h.scan();
    assert.equal(copilot(r.rows).total, 11);
    assert.deepEqual(r.rows.map((x) => x.model), ['claude-opus-4.6']);
    assert.deepEqual(r.report.watch.filter((w) => w.path.includes('workspaceStorage')).map((w) => [w.path.endsWith('chatSessions'), w.recursive]), [[true, false]]);
  }));

test('roots: workspace storage and empty-window sessions of every flavour', () => {
  const roots = copilotChatSource.defaultRoots({ home: '/h', env: {}, platform: 'linux' });
  assert.ok(roots.includes('/h/.config/Code/User/workspaceStorage'));
  assert.ok(roots.includes('/h/.config/Code - Insiders/User/globalStorage/emptyWindowChatSessions'));
  assert.ok(roots.includes('/h/.vscode-server/data/User/workspaceStorage'));
});

test('a session copied to another workspace and edited there: the old copy still holds what the edit took back', () =>
  withHome(async (h) => {
    const lines = jsonl([copilotInitial(S, K0, [copilotRequest(req(0, 1000, 100)), copilotRequest(req(1, 2000, 200))])]);
    for (const ws of ['aaaa', 'bbbb']) h.write(`.config/Code/User/workspaceStorage/${ws}/chatSessions/${S}.jsonl`, lines);
    assert.equal(copilot((await h.scan()).rows).total, 3300);
    for (const edited of ['bbbb', 'aaaa']) {
      h.append(`.config/Code/User/workspaceStorage/${edited}/chatSessions/${S}.jsonl`, jsonl([copilotOp(2, ['requests'], [copilotRequest(req(edited === 'bbbb' ? 5 : 6, 10, 1))], 1)]));
      const incremental = copilot((await h.scan()).rows).total;
      assert.equal(incremental, copilot((await h.coldScan()).rows).total, `edited in ${edited}`);
    }
    assert.equal(copilot((await h.scan()).rows).total, 1100 + 11 + 11);
  }));

test('a .json replaced by a log that was already edited: the log alone counts, as in a first scan', () =>
  withHome(async (h) => {
    const all = [copilotRequest(req(0, 1000, 100)), copilotRequest(req(1, 2000, 200))];
    h.write(`${WS}/chatSessions/${S}.json`, JSON.stringify({ version: 3, sessionId: S, requests: all }));
    assert.equal(copilot((await h.scan()).rows).total, 3300);
    h.write(LOG, jsonl([copilotInitial(S, K0, [all[0]!, copilotRequest(req(3, 10, 0))])]));
    assert.equal(copilot((await h.scan()).rows).total, 1110);
    assert.equal(copilot((await h.coldScan()).rows).total, 1110);
  }));

test('a log caught while VS Code rewrites it (compaction) keeps its counts; nothing changes', () =>
  withHome(async (h) => {
    const full = jsonl([copilotInitial(S, K0, [copilotRequest(req(0, 1000, 100)), copilotRequest(req(1, 2000, 200))])]);
    h.write(LOG, full);
    assert.equal(copilot((await h.scan()).rows).total, 3300);
    h.write(LOG, full.slice(0, 200));
    const mid = await h.scan();
    assert.equal(copilot(mid.rows).total, 3300);
    assert.equal(mid.changed, false);
    h.write(LOG, '');
    assert.equal(copilot((await h.scan()).rows).total, 3300);
    h.write(LOG, full);
    assert.equal(copilot((await h.scan()).rows).total, 3300);
  }));

test('hostile paths cannot reach the object prototype, and odd truncations do not break the replay', () =>
  withHome(async (h) => {
    h.write(LOG, jsonl([
      copilotInitial(S, K0, [copilotRequest(req(0))]),
      copilotOp(1, ['requests', 0, 'result', '__proto__', 'promptTokens'], 123456),
      copilotOp(1, ['requests', 0, 'constructor', 'prototype', 'x'], 1),
      JSON.stringify({ kind: 2, k: ['requests'], v: [copilotRequest(req(1, 10, 1))], i: 0.5 }),
      JSON.stringify({ kind: 2, k: ['requests'], i: -3 }),
      copilotOp(2, ['requests'], [copilotRequest(req(2, 20, 2))]),
    ]));
    const r = await h.scan();
    assert.equal(({} as Record<string, unknown>).promptTokens, undefined);
    assert.equal(copilot(r.rows).total, 22);
    assert.equal(r.report.skipped.unreadable, undefined);
  }));
