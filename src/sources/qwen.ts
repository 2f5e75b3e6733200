import type { FileReader, Source, SourceEnv, UsageEvent, SkipReason } from './source';
import { isRecord, optionalCount, timeOf, tryJson } from './source';
import { envDir, pathsFor } from './homes';

/**
 * Qwen Code (QwenLM/qwen-code `packages/core/src/services/chatRecordingService.ts`):
 * `<runtime dir>/projects/<sanitized cwd>/chats/<sessionId>.jsonl` (and `chats/archive/`), one
 * `assistant` record per API response with Gemini-style `usageMetadata`.
 * - An API call made inside a tool is logged only as a `ui_telemetry` record
 *   (`systemPayload.uiEvent`, `event.name` `qwen-code.api_response`): counted. Every other call's
 *   telemetry echoes its assistant record with the same four counts: not counted. Echoes are
 *   paired by their counts, the n-th telemetry record of a signature with the n-th assistant record
 *   of it in the same file, and the pair is one dedup group in which the assistant record wins.
 * - `/branch` copies the parent's records verbatim into a new session, each with `forkedFrom`:
 *   those copies are skipped.
 * - `chat_compression` token counts are context sizes, not usage.
 */
export const qwenSource: Source = {
  id: 'qwen-code',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    // `Storage.getRuntimeBaseDir()`: QWEN_RUNTIME_DIR, else QWEN_HOME, else ~/.qwen; each names the `.qwen` folder itself.
    const dirs = [envDir(env, 'QWEN_RUNTIME_DIR'), envDir(env, 'QWEN_HOME')].filter((d): d is string => d !== undefined);
    if (dirs.length === 0) dirs.push(p.join(env.home, '.qwen'));
    return [...new Set(dirs.map((d) => p.join(d, 'projects')))];
  },

  acceptsDir(relDir: string): boolean {
    const parts = relDir.split('/');
    return parts.length === 1 || (parts.length === 2 && parts[1] === 'chats') || (parts.length === 3 && parts[1] === 'chats' && parts[2] === 'archive');
  },

  readerFor(relPath: string): FileReader | undefined {
    const parts = relPath.split('/');
    const inChats = (parts.length === 3 && parts[1] === 'chats') || (parts.length === 4 && parts[1] === 'chats' && parts[2] === 'archive');
    // Only `<uuid>.jsonl` is a session: `<id>.ledger.jsonl` and other sidecars sit beside them.
    return inChats && SESSION_FILE.test(parts[parts.length - 1]!) ? LINES : undefined;
  },

  // `projects/<cwd with non-alphanumerics as "-">/`: the folder name is what Qwen kept of the cwd.
  projectOf: (relPath) => relPath.split('/')[0],
};

const SESSION_FILE = /^[0-9a-fA-F-]{32,36}\.jsonl$/;

interface QwenState {
  /** How many assistant (`a…`) and telemetry (`t…`) records of each count signature came so far. */
  seen: Record<string, number>;
}

const LINES: FileReader = {
  kind: 'lines',
  markers: [Buffer.from('"usageMetadata"'), Buffer.from('qwen-code.api_response')],
  newParser(saved?: unknown) {
    const state: QwenState = { seen: isRecord(saved) && isRecord(saved.seen) ? { ...(saved.seen as Record<string, number>) } : {} };
    return {
      line: (buf, start, end, emit) => parseQwenLine(state, buf.toString('utf8', start, end), emit),
      save: () => ({ seen: { ...state.seen } }),
    };
  },
};

interface Usage {
  prompt: number;
  candidates: number;
  cached: number;
  thoughts: number;
  tool: number;
  total: number;
}

function parseQwenLine(state: QwenState, text: string, emit: (e: UsageEvent) => void): SkipReason | undefined {
  const rec = tryJson(text);
  if (!isRecord(rec)) return 'invalid-json';
  if (rec.forkedFrom !== undefined) return undefined;
  let usage: Usage | undefined | 'bad';
  let model: unknown;
  let telemetry = false;
  if (rec.type === 'assistant' && isRecord(rec.usageMetadata)) {
    const u = rec.usageMetadata;
    usage = readUsage(u.promptTokenCount, u.candidatesTokenCount, u.cachedContentTokenCount, u.thoughtsTokenCount, u.toolUsePromptTokenCount, u.totalTokenCount);
    model = rec.model;
  } else if (rec.type === 'system' && rec.subtype === 'ui_telemetry' && isRecord(rec.systemPayload) && isRecord(rec.systemPayload.uiEvent)) {
    const u = rec.systemPayload.uiEvent;
    if (u['event.name'] !== 'qwen-code.api_response') return undefined;
    usage = readUsage(u.input_token_count, u.output_token_count, u.cached_content_token_count, u.thoughts_token_count, u.tool_token_count, u.total_token_count);
    model = u.model;
    telemetry = true;
  } else {
    return undefined;
  }
  if (usage === 'bad') return 'bad-usage';
  if (!usage) return undefined;
  const ts = timeOf(rec.timestamp);
  if (!Number.isFinite(ts)) return 'bad-timestamp';
  const sig = `${usage.prompt}|${usage.candidates}|${usage.cached}|${usage.thoughts}`;
  const tally = `${telemetry ? 't' : 'a'}${sig}`;
  const n = (state.seen[tally] = (state.seen[tally] ?? 0) + 1);
  const sessionId = typeof rec.sessionId === 'string' ? rec.sessionId : '';
  // Thoughts are outside the candidates only when the total says so (the Gemini provider);
  // OpenAI-compatible and Anthropic providers report total = prompt + candidates.
  const { prompt, candidates, cached, thoughts, tool, total } = usage;
  const outside = thoughts > 0 && (total === prompt + candidates + thoughts || total === prompt + candidates + thoughts + tool);
  const output = candidates + (outside ? thoughts : 0);
  emit({
    ts,
    agent: 'qwen-code',
    model: typeof model === 'string' && model ? model : 'unknown',
    counts: { input: prompt - cached, output, cacheRead: cached, cacheWrite: 0, reasoning: Math.min(thoughts, output) },
    sessionId,
    dedup: { group: `q:${sessionId}:${sig}#${n}`, variant: '', policy: 'max', sidechain: telemetry },
  });
  return undefined;
}

function readUsage(prompt: unknown, candidates: unknown, cached: unknown, thoughts: unknown, tool: unknown, total: unknown): Usage | undefined | 'bad' {
  if (prompt === undefined && candidates === undefined) return undefined;
  const u = { prompt: optionalCount(prompt), candidates: optionalCount(candidates), cached: optionalCount(cached), thoughts: optionalCount(thoughts), tool: optionalCount(tool), total: optionalCount(total) };
  if (Object.values(u).some((v) => v === undefined)) return 'bad';
  // The prompt count includes the cached part on every provider path.
  if (u.cached! > u.prompt!) return 'bad';
  if (u.prompt === 0 && u.candidates === 0) return undefined;
  return u as Usage;
}
