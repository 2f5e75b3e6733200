/**
 * Builders for synthetic agent log lines in the agents' real on-disk shapes (see
 * shared/reference/agent-log-formats.md §15). Used by `--demo`, the benchmark corpus and the tests;
 * never real user data.
 */

export interface ClaudeUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface ClaudeLineOptions {
  ts: number;
  sessionId: string;
  messageId: string;
  requestId?: string;
  model: string;
  usage: ClaudeUsage;
  sidechain?: boolean;
  /** Text to put in the content block (to make lines realistically large). */
  text?: string;
}

export function claudeAssistantLine(o: ClaudeLineOptions): string {
  const line: Record<string, unknown> = {
    parentUuid: null,
    isSidechain: o.sidechain ?? false,
    userType: 'external',
    cwd: '/home/dev/src/app',
    sessionId: o.sessionId,
    version: '2.1.40',
    gitBranch: 'main',
    message: {
      id: o.messageId,
      type: 'message',
      role: 'assistant',
      model: o.model,
      content: [{ type: 'text', text: o.text ?? 'Done.' }],
      stop_reason: null,
      usage: {
        input_tokens: o.usage.input,
        cache_creation_input_tokens: o.usage.cacheWrite,
        cache_read_input_tokens: o.usage.cacheRead,
        cache_creation: { ephemeral_5m_input_tokens: o.usage.cacheWrite, ephemeral_1h_input_tokens: 0 },
        output_tokens: o.usage.output,
        service_tier: 'standard',
      },
    },
    type: 'assistant',
    uuid: `u-${o.messageId}-${o.usage.output}`,
    timestamp: new Date(o.ts).toISOString(),
  };
  if (o.requestId !== undefined) line.requestId = o.requestId;
  return JSON.stringify(line);
}

export function claudeUserLine(ts: number, sessionId: string, text: string): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    type: 'user',
    sessionId,
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: text }] },
    timestamp: new Date(ts).toISOString(),
  });
}

/** Codex's cumulative counters: input includes cached, output includes reasoning. */
export interface CodexTotals {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

export function codexSessionMeta(ts: number, id: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    timestamp: new Date(ts).toISOString(),
    type: 'session_meta',
    payload: { id, timestamp: new Date(ts).toISOString(), cwd: '/home/dev/src/app', originator: 'codex_cli_rs', cli_version: '0.61.0', source: 'cli', ...extra },
  });
}

export function codexTurnContext(ts: number, model: string): string {
  return JSON.stringify({
    timestamp: new Date(ts).toISOString(),
    type: 'turn_context',
    payload: { cwd: '/home/dev/src/app', approval_policy: 'on-request', model, effort: 'medium', summary: 'auto' },
  });
}

export function codexTokenCount(ts: number, total: CodexTotals, last: CodexTotals | null): string {
  const u = (t: CodexTotals) => ({
    input_tokens: t.input,
    cached_input_tokens: t.cached,
    output_tokens: t.output,
    reasoning_output_tokens: t.reasoning,
    total_tokens: t.input + t.output,
  });
  return JSON.stringify({
    timestamp: new Date(ts).toISOString(),
    type: 'event_msg',
    payload: {
      type: 'token_count',
      info: { total_token_usage: u(total), last_token_usage: last ? u(last) : null, model_context_window: 258400 },
      rate_limits: { primary: { used_percent: 4.0, window_minutes: 300 } },
    },
  });
}

export function codexResponseItem(ts: number, text: string): string {
  return JSON.stringify({
    timestamp: new Date(ts).toISOString(),
    type: 'response_item',
    payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] },
  });
}


export function hexId(rand: () => number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

export function uuid(rand: () => number): string {
  const h = hexId(rand, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
