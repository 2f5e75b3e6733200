import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copilotInitial, copilotOp, copilotRequest } from '../../../src/demo/agentLogs';
import { replayMeter } from '../../../src/sources/copilotReplay';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { claudeAssistantLine } from '../../../src/demo/logBuilders';
import { jsonl, SONNET } from '../../fixtures/claudeFixtures';

// Issue #20, defects 5 and 6: the Copilot Chat replay's cost and the shape of what it keeps.

const K0 = Date.parse('2026-11-21T14:04:49.337Z');
const S = '25360328-3a13-44a3-bf95-989d6618e9aa';
const LOG = `.config/Code/User/workspaceStorage/9f8e7d6c5b4a39281706f5e4d3c2b1a0/chatSessions/${S}.jsonl`;
const copilot = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'copilot-chat');

/** A long agent turn: many tool-call rounds in its result, then thousands of streamed response parts. */
function longTurnSession(rounds: number, parts: number): string {
  const req = copilotRequest({ requestId: 'request_0', timestamp: K0, modelId: 'copilot/claude-opus-4.6', promptTokens: 90_000, outputTokens: 10_000, thinking: Array.from({ length: rounds }, (_, i) => (i % 2 ? 7 : 0)) });
  const lines = [copilotInitial(S, K0, [req])];
  const part = { kind: 'markdownContent', content: { value: 'Reading `src/engine/scanner.ts` to see how the cursor is saved…' } };
  for (let i = 0; i < parts; i++) lines.push(copilotOp(2, ['requests', 0, 'response'], [part]));
  return jsonl(lines);
}

test('replaying a session of a few MB copies work in proportion to its size, not to its lines times its kept state', () =>
  withHome(async (h) => {
    const text = longTurnSession(500, 25_000);
    assert.ok(text.length > 3_000_000, `a session of ${text.length} bytes`);
    h.write(LOG, text);
    const before = replayMeter.values;
    const t = copilot((await h.scan()).rows);
    const work = replayMeter.values - before;
    assert.equal(t.input + t.output, 100_000);
    assert.equal(t.reasoning, 250 * 7);
    // Each value the replay keeps comes from the file, so a linear replay copies fewer values than
    // the file has bytes; cloning the kept request on every line copies ~25 million here.
    assert.ok(work <= text.length, `${work} values copied for ${text.length} bytes`);
  }));

/** A value nested `depth` arrays deep, as JSON text (JSON.parse takes it; a recursive walk does not). */
const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

test('a deeply nested value where a model or a count belongs is skipped, and the cache of every agent is still saved', () =>
  withHome(async (h) => {
    h.write('.claude/projects/-home-dev-app/s1.jsonl', jsonl([claudeAssistantLine({ ts: K0, sessionId: 's1', messageId: 'msg_1', requestId: 'req_1', model: SONNET, usage: { input: 100, output: 10, cacheRead: 0, cacheWrite: 0 } })]));
    const good = copilotRequest({ requestId: 'request_1', timestamp: K0 + 60_000, modelId: 'copilot/gpt-5.1', promptTokens: 500, outputTokens: 50 });
    const bad = copilotRequest({ requestId: 'request_2', timestamp: K0 + 120_000, modelId: 'copilot/gpt-5.1', promptTokens: 700, outputTokens: 70 });
    const lines = [
      `{"kind":0,"v":{"version":3,"sessionId":"${S}","creationDate":${K0},"requests":[${JSON.stringify(good)},{"requestId":"request_0","timestamp":${K0},"modelId":${deep(200_000)},"promptTokens":10,"completionTokens":1}]}}`,
      copilotOp(2, ['requests'], [bad]),
      `{"kind":1,"k":["requests",2,"result","metadata","promptTokens"],"v":${deep(200_000)}}`,
    ];
    h.write(LOG, jsonl(lines));
    const first = await h.scan();
    assert.equal(copilot(first.rows).total, 550, 'the well-formed request counts');
    assert.equal(sumRows(first.rows, (r) => r.agent === 'claude-code').total, 110);
    const src = first.report.sources.find((s) => s.agent === 'copilot-chat')!;
    assert.equal(src.skipped['bad-usage'], 2, 'the two malformed requests are named as skipped');
    // A new process reads the saved cache: nothing was lost, and the file is not read again.
    const again = await h.scan(true);
    assert.equal(copilot(again.rows).total, 550);
    assert.equal(sumRows(again.rows, (r) => r.agent === 'claude-code').total, 110);
    assert.equal(again.report.filesParsed, 0, 'the cache was saved, so nothing is read twice');
  }));

test('over-long strings and values of the wrong kind are dropped and counted as skipped; nulls are absent counts', () =>
  withHome(async (h) => {
    const base = (n: number) => copilotRequest({ requestId: `request_${n}`, timestamp: K0 + n * 1000, modelId: 'copilot/gpt-5.1', promptTokens: 100 * n, outputTokens: 10 * n });
    const longModel = { ...base(1), modelId: 'm'.repeat(100_000) };
    const objectCount = { ...base(2), promptTokens: { value: 5 }, completionTokens: 1, result: undefined };
    const stringTime = { ...base(3), timestamp: '2026-11-21T14:04:49Z' };
    const nullCounts = { ...base(4), result: { metadata: { promptTokens: 400, outputTokens: null } } };
    h.write(LOG, jsonl([copilotInitial(S, K0, [longModel, objectCount, stringTime, nullCounts, base(5)])]));
    const r = await h.scan();
    assert.equal(copilot(r.rows).total, 400 + 550);
    const src = r.report.sources.find((s) => s.agent === 'copilot-chat')!;
    assert.deepEqual(src.skipped, { 'bad-usage': 2, 'bad-timestamp': 1 });
    assert.ok(r.rows.every((row) => row.model.length < 200));
  }));
