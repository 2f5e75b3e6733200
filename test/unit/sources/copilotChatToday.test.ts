import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copilotOp } from '../../../src/demo/agentLogs';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { jsonl } from '../../fixtures/claudeFixtures';

// Issue #23 item 3: where a Copilot Chat request's tokens are in current VS Code, local and remote.
// - microsoft/vscode `chatModel.ts` (ChatResponseModel.toJSON, ISerializableChatResponseData): the
//   request keeps `promptTokens` (the turn's last model call) and `completionTokens` (the turn's
//   completion tokens summed over its calls), beside `result` (the Copilot extension's metadata).
// - microsoft/vscode-copilot-chat `toolCallingLoop.ts`: `result.metadata.promptTokens/outputTokens`
//   only for Anthropic models, from the last call; `stream.usage()` on every call feeds VS Code's.
// - The session file is written by the workbench (`chatSessionStore.ts`, `workspaceStorageHome`),
//   so for a remote window it is on the machine VS Code runs on; the Copilot extension runs on the
//   remote and keeps `transcripts/` (no counts) and, when debug logging is on, `debug-logs/` (per
//   call counts, the same requests again) under the server's workspace storage.

const T = Date.parse('2026-03-20T09:12:03.118Z');
const S = '6f1c2a9e-4b7d-4c3e-9a55-0d2e8f7b1c44';
const LOCAL = `.config/Code/User/workspaceStorage/5d0c7e2b9a1f4e6c8b3a2d1e0f9c8b7a/chatSessions/${S}.jsonl`;
const SERVER_WS = '.vscode-server/data/User/workspaceStorage/5d0c7e2b9a1f4e6c8b3a2d1e0f9c8b7a/GitHub.copilot-chat';
const copilot = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'copilot-chat');

/** A request as VS Code 1.11x pushes it when the turn starts: no counts yet. */
function started(n: number, modelId: string): Record<string, unknown> {
  return {
    requestId: `request_${n}`,
    timestamp: T + n * 60_000,
    agent: { id: 'github.copilot.editsAgent' },
    modelId,
    message: { text: 'Why does the cursor skip a line after a rewrite?', parts: [] },
    variableData: { variables: [] },
    response: [],
    modelState: { value: 0 },
  };
}

/** The turn's end for an Anthropic model: three calls; metadata holds the last, the request the sums. */
const anthropicEnd = (n: number) => [
  copilotOp(1, ['requests', n, 'result'], {
    timings: { firstProgress: 2211, totalElapsed: 38_410 },
    metadata: {
      agentId: 'github.copilot.editsAgent',
      resolvedModel: 'claude-sonnet-4.5',
      promptTokens: 41_000,
      outputTokens: 1_200,
      toolCallRounds: [{ id: 'r0', thinking: { id: 't0', text: '…', tokens: 300 } }, { id: 'r1' }, { id: 'r2', thinking: { id: 't2', text: '…', tokens: 200 } }],
    },
  }),
  copilotOp(1, ['requests', n, 'promptTokens'], 41_000),
  copilotOp(1, ['requests', n, 'completionTokens'], 2_900),
  copilotOp(1, ['requests', n, 'modelState'], { value: 1, completedAt: T + n * 60_000 + 38_410 }),
];

/** The turn's end for another model (request `n` of the session): no counts in metadata; the request's own fields hold them. */
const otherEnd = (n: number) => [
  copilotOp(1, ['requests', n, 'result'], { timings: { totalElapsed: 9_100 }, metadata: { agentId: 'github.copilot.editsAgent', resolvedModel: 'gpt-5.1-2025-11-13', toolCallRounds: [{ id: 'r0' }] } }),
  copilotOp(1, ['requests', n, 'promptTokens'], 18_500),
  copilotOp(1, ['requests', n, 'completionTokens'], 640),
];

test("current VS Code: a turn's output is the request's summed completion tokens, its input the last call's prompt, counted once", () =>
  withHome(async (h) => {
    h.write(LOCAL, jsonl([
      JSON.stringify({ kind: 0, v: { version: 3, creationDate: T, initialLocation: 'panel', responderUsername: 'GitHub Copilot', sessionId: S, requests: [], pendingRequests: [] } }),
      copilotOp(2, ['requests'], [started(0, 'copilot/claude-sonnet-4.5')]),
      copilotOp(2, ['requests', 0, 'response'], [{ kind: 'thinking', value: 'Let me look at the cursor…' }]),
      copilotOp(2, ['requests', 0, 'response'], [{ value: 'The cursor keeps the 32 bytes before its offset…', supportThemeIcons: false }]),
      ...anthropicEnd(0),
      copilotOp(2, ['requests'], [started(1, 'copilot/gpt-5.1')]),
      ...otherEnd(1),
    ]));
    const rows = (await h.scan()).rows;
    const t = copilot(rows);
    assert.deepEqual([t.input, t.output, t.reasoning], [41_000 + 18_500, 2_900 + 640, 500]);
    assert.deepEqual(rows.map((r) => r.model).sort(), ['claude-sonnet-4.5', 'gpt-5.1-2025-11-13']);
  }));

test('the same session compacted into one kind:0 (as VS Code rewrites the log) counts the same', () =>
  withHome(async (h) => {
    const done = (n: number, prompt: number, completion: number, result: Record<string, unknown>) => ({ ...started(n, 'copilot/claude-sonnet-4.5'), promptTokens: prompt, completionTokens: completion, result });
    h.write(LOCAL, jsonl([
      JSON.stringify({ kind: 0, v: { version: 3, creationDate: T, sessionId: S, requests: [done(0, 41_000, 2_900, { metadata: { promptTokens: 41_000, outputTokens: 1_200, resolvedModel: 'claude-sonnet-4.5' } })] } }),
    ]));
    const t = copilot((await h.scan()).rows);
    assert.deepEqual([t.input, t.output], [41_000, 2_900]);
  }));

test("a remote window: the Copilot extension's transcripts and debug logs on the server are not a second count", () =>
  withHome(async (h) => {
    h.write(LOCAL, jsonl([JSON.stringify({ kind: 0, v: { version: 3, creationDate: T, sessionId: S, requests: [] } }), copilotOp(2, ['requests'], [started(1, 'copilot/gpt-5.1')]), ...otherEnd(0)]));
    // microsoft/vscode-copilot-chat `sessionTranscriptService.ts`: the transcript entries carry no counts.
    h.write(`${SERVER_WS}/transcripts/${S}.jsonl`, jsonl([
      JSON.stringify({ type: 'session.start', data: { sessionId: S, version: 1, producer: 'copilot-agent', copilotVersion: '0.41.0', vscodeVersion: '1.113.0', startTime: new Date(T).toISOString() }, id: 'e0', timestamp: new Date(T).toISOString(), parentId: null }),
      JSON.stringify({ type: 'assistant.message', data: { messageId: 'm1', content: 'The cursor…', toolRequests: [] }, id: 'e1', timestamp: new Date(T + 9000).toISOString(), parentId: 'e0' }),
    ]));
    // `chatDebugFileLoggerService.ts`: one `llm_request` per model call, when debug logging is on.
    h.write(`${SERVER_WS}/debug-logs/${S}/main.jsonl`, jsonl([JSON.stringify({ ts: T + 1000, dur: 8000, sid: S, type: 'llm_request', name: 'chat:gpt-5.1', spanId: 's1', status: 'ok', attrs: { model: 'gpt-5.1', inputTokens: 18_500, outputTokens: 640 } })]));
    const r = await h.scan();
    assert.equal(copilot(r.rows).total, 18_500 + 640);
    const src = r.report.sources.find((s) => s.agent === 'copilot-chat')!;
    assert.equal(src.files, 1, 'only the session file is read');
  }));
