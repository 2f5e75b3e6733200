/**
 * Builders for the ten newer agents' logs in their real on-disk shapes (shapes from the agents'
 * sources; see shared/reference/agent-semantics.md). Used by `--demo`, the benchmark corpus and the
 * tests; never real user data. SQLite databases (OpenCode, Continue) are built in the tests with a
 * real SQLite; these give their row contents.
 */

const iso = (ts: number) => new Date(ts).toISOString();

// ---- Gemini CLI (chatRecordingService.ts) ----
export interface GeminiTokens {
  input: number;
  output: number;
  cached: number;
  thoughts?: number;
  tool?: number;
}

export function geminiHeader(sessionId: string, ts: number, projectHash = '4ea86ddd0c1f7d2c9a1b3e5f7a9c0e2f4a6b8d0c1e3f5a7b9c0d2e4f6a8b0c1d'): string {
  return JSON.stringify({ sessionId, projectHash, startTime: iso(ts), lastUpdated: iso(ts), kind: 'main' });
}

export function geminiMessage(id: string, ts: number, model: string, tokens: GeminiTokens | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const t = tokens && { input: tokens.input, output: tokens.output, cached: tokens.cached, thoughts: tokens.thoughts ?? 0, tool: tokens.tool ?? 0, total: tokens.input + tokens.output + (tokens.thoughts ?? 0) + (tokens.tool ?? 0) };
  return { id, timestamp: iso(ts), type: 'gemini', content: 'Done.', thoughts: [], tokens: t, model, ...extra };
}

export function geminiSet(ts: number): string {
  return JSON.stringify({ $set: { lastUpdated: iso(ts) } });
}

// ---- Qwen Code (chatRecordingService.ts, telemetry/loggers.ts) ----
export interface QwenUsage {
  prompt: number;
  candidates: number;
  cached: number;
  thoughts?: number;
  /** Defaults to prompt + candidates (OpenAI-compatible providers: thoughts inside candidates). */
  total?: number;
}

export function qwenAssistant(uuid: string, sessionId: string, ts: number, model: string, u: QwenUsage, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    uuid,
    parentUuid: null,
    sessionId,
    timestamp: iso(ts),
    type: 'assistant',
    cwd: '/home/dev/src/app',
    version: '0.22.2',
    model,
    message: { role: 'model', parts: [{ text: 'Done.' }] },
    usageMetadata: { promptTokenCount: u.prompt, candidatesTokenCount: u.candidates, thoughtsTokenCount: u.thoughts ?? 0, totalTokenCount: u.total ?? u.prompt + u.candidates, cachedContentTokenCount: u.cached },
    ...extra,
  });
}

export function qwenTelemetry(uuid: string, sessionId: string, ts: number, model: string, u: QwenUsage, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    uuid,
    parentUuid: null,
    sessionId,
    timestamp: iso(ts),
    type: 'system',
    cwd: '/home/dev/src/app',
    version: '0.22.2',
    subtype: 'ui_telemetry',
    systemPayload: {
      uiEvent: {
        'event.name': 'qwen-code.api_response',
        'event.timestamp': iso(ts),
        response_id: `chatcmpl-${uuid}`,
        model,
        status_code: 200,
        duration_ms: 1200,
        input_token_count: u.prompt,
        output_token_count: u.candidates,
        cached_content_token_count: u.cached,
        thoughts_token_count: u.thoughts ?? 0,
        total_token_count: u.total ?? u.prompt + u.candidates,
        prompt_id: `${sessionId}########0`,
        auth_type: 'openai',
      },
    },
    ...extra,
  });
}

// ---- pi (session-manager.ts) ----
export function piHeader(id: string, ts: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'session', version: 3, id, timestamp: iso(ts), cwd: '/home/dev/src/app', ...extra });
}

export interface PiUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning?: number;
  totalTokens?: number;
}

export function piAssistant(id: string | undefined, ts: number, model: string, u: PiUsage, api = 'anthropic-messages'): string {
  const usage = { input: u.input, output: u.output, cacheRead: u.cacheRead, cacheWrite: u.cacheWrite, ...(u.reasoning !== undefined ? { reasoning: u.reasoning } : {}), totalTokens: u.totalTokens ?? u.input + u.output + u.cacheRead + u.cacheWrite, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0.0031 } };
  const entry: Record<string, unknown> = { type: 'message', timestamp: iso(ts), message: { role: 'assistant', content: [{ type: 'text', text: 'Done.' }], api, provider: 'anthropic', model, usage, stopReason: 'stop', timestamp: ts - 4000 } };
  if (id !== undefined) Object.assign(entry, { id, parentId: null });
  return JSON.stringify(entry);
}

// ---- Amp (threads/T-*.json) ----
export interface AmpUsage {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export function ampAssistant(messageId: number, model: string, u: AmpUsage, ts?: number): Record<string, unknown> {
  const usage: Record<string, unknown> = { model, inputTokens: u.input, outputTokens: u.output, cacheCreationInputTokens: u.cacheWrite, cacheReadInputTokens: u.cacheRead, totalInputTokens: u.input + u.cacheWrite + u.cacheRead, credits: 1.2 };
  if (ts !== undefined) usage.timestamp = iso(ts);
  return { role: 'assistant', messageId, content: [{ type: 'text', text: 'Done.' }], state: { type: 'complete', stopReason: 'end_turn' }, usage };
}

export function ampLedgerEvent(id: string, ts: number, model: string, input: number, output: number, toMessageId: number): Record<string, unknown> {
  return { id, timestamp: iso(ts), model, credits: 1.2, operationType: 'inference', fromMessageId: toMessageId - 1, toMessageId, tokens: { input, output, total: input + output } };
}

export function ampThread(id: string, created: number, messages: Array<Record<string, unknown>>, ledger?: Array<Record<string, unknown>>): string {
  const thread: Record<string, unknown> = { v: 5, id, created, title: 'Fix the flaky test', messages: [{ role: 'user', messageId: 0, content: [{ type: 'text', text: 'fix it' }] }, ...messages] };
  if (ledger) thread.usageLedger = { events: ledger };
  return JSON.stringify(thread);
}

// ---- Cline / Roo Code / Kilo Code (ui_messages.json) ----
export interface ClineCounts {
  tokensIn: number;
  tokensOut: number;
  cacheWrites?: number;
  cacheReads?: number;
  apiProtocol?: 'anthropic' | 'openai';
  cancelReason?: string;
}

export function clineSay(ts: number, say: string, text: string | Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ts, type: 'say', say, text: typeof text === 'string' ? text : JSON.stringify(text), ...extra };
}

export function clineApiReq(ts: number, c: ClineCounts | null, modelId?: string): Record<string, unknown> {
  const info = c ? { request: '<task>\nAdd retry to fetchUser\n</task>', cost: 0.0239, ...c } : { request: '<task>…</task>' };
  return clineSay(ts, 'api_req_started', info, modelId ? { modelInfo: { modelId, providerId: 'anthropic', mode: 'act' } } : {});
}

// ---- Copilot Chat (chatSessions/*.jsonl operation log) ----
export interface CopilotRequest {
  requestId: string;
  timestamp: number;
  modelId: string;
  promptTokens?: number;
  outputTokens?: number;
  thinking?: number[];
}

export function copilotRequest(r: CopilotRequest): Record<string, unknown> {
  const req: Record<string, unknown> = {
    requestId: r.requestId,
    timestamp: r.timestamp,
    agent: { id: 'github.copilot.editsAgent' },
    modelId: r.modelId,
    message: { text: 'Add retry to fetchUser', parts: [] },
    response: [],
    modelState: { value: 0 },
  };
  if (r.promptTokens !== undefined) req.result = copilotResult(r);
  return req;
}

export function copilotResult(r: CopilotRequest): Record<string, unknown> {
  return {
    timings: { firstProgress: 3659, totalElapsed: 44202 },
    metadata: {
      agentId: 'github.copilot.editsAgent',
      promptTokens: r.promptTokens,
      outputTokens: r.outputTokens,
      toolCallRounds: (r.thinking ?? [0]).map((t, i) => ({ id: `r${i}`, response: '', toolCalls: [], thinking: t ? { id: `th${i}`, text: '…', tokens: t } : undefined })),
    },
    usage: { promptTokens: r.promptTokens, completionTokens: r.outputTokens },
  };
}

export function copilotInitial(sessionId: string, created: number, requests: Array<Record<string, unknown>> = []): string {
  return JSON.stringify({ kind: 0, v: { version: 3, creationDate: created, initialLocation: 'panel', responderUsername: 'GitHub Copilot', sessionId, requests, pendingRequests: [] } });
}

export function copilotOp(kind: 1 | 2 | 3, k: Array<string | number>, v?: unknown, i?: number): string {
  const entry: Record<string, unknown> = { kind, k };
  if (v !== undefined) entry.v = v;
  if (i !== undefined) entry.i = i;
  return JSON.stringify(entry);
}

// ---- OpenCode (message.data) ----
export interface OpenCodeTokens {
  input: number;
  output: number;
  reasoning?: number;
  cacheRead?: number;
  cacheWrite?: number;
  /** 'current': output excludes reasoning, total includes it; 'v1': output includes reasoning, total without it; 'none': no total. */
  era?: 'current' | 'v1' | 'none';
}

export function openCodeAssistant(created: number, model: string, t: OpenCodeTokens, completed = true): Record<string, unknown> {
  const reasoning = t.reasoning ?? 0;
  const cache = { read: t.cacheRead ?? 0, write: t.cacheWrite ?? 0 };
  const era = t.era ?? 'current';
  const tokens: Record<string, unknown> = { input: t.input, output: t.output, reasoning, cache };
  if (era === 'current') tokens.total = t.input + t.output + reasoning + cache.read + cache.write;
  if (era === 'v1') tokens.total = t.input + t.output + cache.read + cache.write;
  return {
    role: 'assistant',
    parentID: 'msg_user',
    modelID: model,
    providerID: 'anthropic',
    mode: 'build',
    agent: 'build',
    path: { cwd: '/home/dev/src/app', root: '/home/dev/src/app' },
    cost: 0.0412,
    time: completed ? { created, completed: created + 8000 } : { created },
    tokens,
  };
}

// ---- Copilot CLI (session-state/<id>/events.jsonl; github/copilot-sdk session-events.ts) ----
export interface CliUsage {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

/** A `session.shutdown` line: `metrics` per model, each cache-inclusive as the CLI writes it. */
export function copilotShutdown(ts: number, metrics: Record<string, CliUsage>): string {
  const modelMetrics = Object.fromEntries(
    Object.entries(metrics).map(([m, u]) => [
      m,
      {
        requests: { count: 3, cost: 1 },
        usage: { inputTokens: u.input, outputTokens: u.output, cacheReadTokens: u.cacheRead ?? 0, cacheWriteTokens: u.cacheWrite ?? 0, ...(u.reasoning !== undefined ? { reasoningTokens: u.reasoning } : {}) },
        tokenDetails: { input: { tokenCount: u.input - (u.cacheRead ?? 0) - (u.cacheWrite ?? 0) } },
      },
    ]),
  );
  return JSON.stringify({ type: 'session.shutdown', data: { shutdownType: 'routine', totalPremiumRequests: 1, totalApiDurationMs: 9000, sessionStartTime: ts - 60_000, codeChanges: { linesAdded: 1, linesRemoved: 0, filesModified: [] }, modelMetrics, currentModel: Object.keys(metrics)[0] }, id: `ev-${ts}`, timestamp: iso(ts), parentId: null });
}

/** Other events of a session (messages, a usage checkpoint): no usage of their own. */
export function copilotEvent(ts: number, type: string, data: Record<string, unknown> = {}): string {
  return JSON.stringify({ type, data, id: `ev-${type}-${ts}`, timestamp: iso(ts), parentId: null });
}

// ---- Kimi CLI (wire.jsonl; wire/types.py) ----
export function kimiStatus(ts: number, messageId: string | null, u: { input: number; output: number; cacheRead?: number; cacheWrite?: number }): string {
  return JSON.stringify({ timestamp: ts / 1000, message: { type: 'StatusUpdate', payload: { context_usage: 0.1, token_usage: { input_other: u.input, output: u.output, input_cache_read: u.cacheRead ?? 0, input_cache_creation: u.cacheWrite ?? 0 }, message_id: messageId } } });
}

// ---- Factory Droid (<id>.settings.json) ----
export function droidSettings(lockTs: number, model: string, u: { input: number; output: number; cacheRead: number; cacheWrite: number; thinking: number }): string {
  return JSON.stringify({ model, providerLock: 'anthropic', providerLockTimestamp: iso(lockTs), tokenUsage: { inputTokens: u.input, outputTokens: u.output, cacheCreationTokens: u.cacheWrite, cacheReadTokens: u.cacheRead, thinkingTokens: u.thinking } });
}
