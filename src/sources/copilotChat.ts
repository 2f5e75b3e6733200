import type { FileReader, Source, SourceEnv, SkipReason, UsageEvent } from './source';
import { isRecord, optionalCount, tryJson } from './source';
import { editorUserDataDirs, pathsFor } from './homes';

/**
 * VS Code's Copilot Chat sessions (microsoft/vscode `src/vs/workbench/contrib/chat/common/model/
 * objectMutationLog.ts`, `chatSessionOperationLog.ts`, `chatSessionStore.ts`; the usage fields from
 * microsoft/vscode-copilot-chat `src/extension/prompt/common/conversation.ts` IResultMetadata):
 * `<user data>/User/workspaceStorage/<hash>/chatSessions/<sessionId>.jsonl` (VS Code ≥ 1.109) or
 * `.json` (older), and `globalStorage/emptyWindowChatSessions/`.
 * - `.jsonl` is an operation log, replayed in order: `{kind:0,v}` the whole session, `{kind:1,k,v}`
 *   set at a path, `{kind:2,k,v?,i?}` push to the array at a path after truncating it to `i`
 *   (an edited request replaces the old one and everything after it), `{kind:3,k}` delete. The
 *   replayed `requests[]` are what count: the file is read as a complete set, so a request that
 *   an edit truncated away is taken back. VS Code compacts the log into a new `kind:0` now and then
 *   (the file is rewritten; it is then read from the start).
 * - Moving a session from `<id>.json` to `<id>.jsonl` writes the whole state again and leaves the
 *   `.json`; VS Code reads the log first, so a `.json` beside its `.jsonl` is not read. Sessions
 *   copied to another workspace's folder keep their request ids: each (session, request) counts once.
 * - Per request: `input = result.metadata.promptTokens` (or the request-level `promptTokens`, or
 *   `result.usage.promptTokens` — the same number, never added twice), `output` likewise, no cache
 *   split, reasoning = the rounds' thinking tokens (within output), dated by the request's
 *   `timestamp`. Copilot records the last model call of an agent turn, so that is what counts;
 *   requests without counts (older Copilot Chat) count 0 — never estimated.
 */
export const copilotChatSource: Source = {
  id: 'copilot-chat',
  parserVersion: 1,
  watchFileFolders: true,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    return editorUserDataDirs(env).flatMap((d) => [p.join(d, 'User', 'workspaceStorage'), p.join(d, 'User', 'globalStorage', 'emptyWindowChatSessions')]);
  },

  acceptsDir(relDir: string): boolean {
    const parts = relDir.split('/');
    return parts.length === 1 || (parts.length === 2 && parts[1] === 'chatSessions');
  },

  readerFor(relPath: string): FileReader | undefined {
    const parts = relPath.split('/');
    const inFolder = parts.length === 1 || (parts.length === 3 && parts[1] === 'chatSessions');
    const name = parts[parts.length - 1]!;
    if (!inFolder || !SESSION_FILE.test(name)) return undefined;
    return name.endsWith('.jsonl') ? LOG : DOCUMENT;
  },

  shadowedBy(relPath: string): string | undefined {
    return relPath.endsWith('.json') ? `${relPath}l` : undefined;
  },
};

const SESSION_FILE = /^[\w-]+\.jsonl?$/;

/**
 * Values the replay has copied into its state (cloned or kept), summed over every file read in
 * this process: a measure of the replay's work that tests bound by the file's size, not a clock.
 */
export const replayMeter = { values: 0 };

function countValues(v: unknown): number {
  if (Array.isArray(v)) return v.reduce<number>((n, x) => n + countValues(x), 1);
  if (isRecord(v)) return Object.values(v).reduce<number>((n, x) => n + countValues(x), 1);
  return 1;
}

/** A request reduced to what counting needs; the rest of the session (responses, edits) is dropped. */
type Pruned = Record<string, unknown>;

interface Replay {
  sessionId: string;
  requests: Pruned[];
  /** The log's first entry (the whole session) was read: without it the file is mid-rewrite. */
  initial: boolean;
}

const KEEP_REQUEST = ['requestId', 'timestamp', 'modelId', 'promptTokens', 'completionTokens', 'result'];

function prune(req: unknown): Pruned {
  if (!isRecord(req)) return {};
  const out: Pruned = {};
  for (const k of KEEP_REQUEST) if (req[k] !== undefined) out[k] = k === 'result' ? pruneResult(req[k]) : req[k];
  return out;
}

function pruneResult(result: unknown): unknown {
  if (!isRecord(result)) return undefined;
  const out: Record<string, unknown> = {};
  const m = result.metadata;
  if (isRecord(m)) {
    const rounds = Array.isArray(m.toolCallRounds) ? m.toolCallRounds.map((r) => ({ thinking: isRecord(r) && isRecord(r.thinking) ? { tokens: r.thinking.tokens } : undefined })) : undefined;
    out.metadata = { promptTokens: m.promptTokens, outputTokens: m.outputTokens, resolvedModel: m.resolvedModel, toolCallRounds: rounds };
  }
  if (isRecord(result.usage)) out.usage = { promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens };
  return out;
}

/** Applies one log entry to the replayed session (only `requests` matters). */
function applyEntry(state: Replay, entry: Record<string, unknown>): void {
  const k = Array.isArray(entry.k) ? (entry.k as unknown[]) : [];
  if (entry.kind === 0) {
    const v = isRecord(entry.v) ? entry.v : {};
    if (typeof v.sessionId === 'string' && v.sessionId) state.sessionId = v.sessionId;
    state.requests = Array.isArray(v.requests) ? v.requests.map(prune) : [];
    state.initial = true;
    return;
  }
  // A truncation length must be a whole, non-negative number (VS Code's `arr.length = i` throws
  // otherwise): an entry with another is malformed and changes nothing.
  const cut = typeof entry.i === 'number' && Number.isInteger(entry.i) && entry.i >= 0 ? entry.i : undefined;
  if (entry.kind === 2 && entry.i !== undefined && cut === undefined) return;
  if (k[0] !== 'requests') return;
  if (k.length === 1) {
    if (entry.kind === 1) state.requests = Array.isArray(entry.v) ? entry.v.map(prune) : [];
    else if (entry.kind === 2) {
      if (cut !== undefined) state.requests.length = Math.min(state.requests.length, cut);
      if (Array.isArray(entry.v)) state.requests.push(...entry.v.map(prune));
    } else if (entry.kind === 3) state.requests = [];
    return;
  }
  const index = k[1];
  if (typeof index !== 'number' || !state.requests[index]) return;
  // Deeper paths: rebuild the request with the change applied, then prune it again.
  replayMeter.values += countValues(state.requests[index]);
  const req = structuredClone(state.requests[index]!);
  const path = k.slice(2);
  if (path.length === 0 || !KEEP_REQUEST.includes(String(path[0])) || path.some((p) => UNSAFE_KEYS.has(String(p)))) return;
  if (entry.kind === 1) setAt(req, path, entry.v);
  else if (entry.kind === 3) setAt(req, path, undefined);
  else if (entry.kind === 2) {
    const arr = getAt(req, path);
    if (!Array.isArray(arr)) return;
    if (cut !== undefined) arr.length = Math.min(arr.length, cut);
    if (Array.isArray(entry.v)) arr.push(...entry.v);
  }
  state.requests[index] = prune(req);
}

/** Paths from the file are data: never a way into an object's prototype. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function getAt(obj: unknown, path: unknown[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (!isRecord(cur) && !Array.isArray(cur)) return undefined;
    if (!Object.hasOwn(cur, String(key))) return undefined;
    cur = (cur as Record<string, unknown>)[String(key)];
  }
  return cur;
}

function setAt(obj: Record<string, unknown>, path: unknown[], value: unknown): void {
  const parent = getAt(obj, path.slice(0, -1));
  if (isRecord(parent) || Array.isArray(parent)) (parent as Record<string, unknown>)[String(path[path.length - 1])] = value;
}

/** Every request of the replayed session that carries counts. */
function emitRequests(state: Replay, emit: (e: UsageEvent) => void): Partial<Record<SkipReason, number>> {
  const skipped: Partial<Record<SkipReason, number>> = {};
  state.requests.forEach((req, i) => {
    const result = isRecord(req.result) ? req.result : {};
    const meta = isRecord(result.metadata) ? result.metadata : {};
    const usage = isRecord(result.usage) ? result.usage : {};
    // One number from one place: metadata first, then the request's own fields, then result.usage.
    const [rawIn, rawOut] =
      meta.promptTokens !== undefined || meta.outputTokens !== undefined
        ? [meta.promptTokens, meta.outputTokens]
        : req.promptTokens !== undefined || req.completionTokens !== undefined
          ? [req.promptTokens, req.completionTokens]
          : [usage.promptTokens, usage.completionTokens];
    if (rawIn === undefined && rawOut === undefined) return;
    const input = optionalCount(rawIn);
    const output = optionalCount(rawOut);
    const thinking = (Array.isArray(meta.toolCallRounds) ? meta.toolCallRounds : []).reduce<number>((sum, r) => {
      const t = isRecord(r) && isRecord(r.thinking) ? optionalCount(r.thinking.tokens) : 0;
      return sum + (t ?? 0);
    }, 0);
    const ts = typeof req.timestamp === 'number' && Number.isFinite(req.timestamp) ? req.timestamp : NaN;
    let skip: SkipReason | undefined;
    if (input === undefined || output === undefined) skip = 'bad-usage';
    else if (!Number.isFinite(ts)) skip = 'bad-timestamp';
    else if (input + output > 0) {
      const resolved = typeof meta.resolvedModel === 'string' && meta.resolvedModel ? meta.resolvedModel : undefined;
      const model = resolved ?? (typeof req.modelId === 'string' && req.modelId ? req.modelId.replace(/^copilot\//, '') : 'unknown');
      emit({
        ts,
        agent: 'copilot-chat',
        model,
        counts: { input, output, cacheRead: 0, cacheWrite: 0, reasoning: Math.min(thinking, output) },
        sessionId: state.sessionId,
        dedup: { group: `cp:${state.sessionId}:${typeof req.requestId === 'string' && req.requestId ? req.requestId : `#${i}`}`, variant: '', policy: 'max', sidechain: false },
      });
    }
    if (skip) skipped[skip] = (skipped[skip] ?? 0) + 1;
  });
  return skipped;
}

function sessionIdOf(relPath: string): string {
  return relPath.split('/').pop()!.replace(/\.jsonl?$/, '');
}

const LOG: FileReader = {
  kind: 'lines',
  complete: true,
  // Every entry that touches requests names them (`"k":["requests",…]` or a `kind:0` with `requests`).
  markers: [Buffer.from('"requests"'), Buffer.from('"kind":0')],
  newParser(saved: unknown, relPath: string) {
    const state: Replay =
      isRecord(saved) && typeof saved.sessionId === 'string' && Array.isArray(saved.requests)
        ? { sessionId: saved.sessionId, requests: saved.requests as Pruned[], initial: saved.initial === true }
        : { sessionId: sessionIdOf(relPath), requests: [], initial: false };
    return {
      line(buf, start, end): SkipReason | undefined {
        const entry = tryJson(buf.toString('utf8', start, end));
        if (!isRecord(entry)) return 'invalid-json';
        applyEntry(state, entry);
        return undefined;
      },
      finish: (emit) => (state.initial ? { skipped: emitRequests(state, emit) } : { incomplete: true }),
      save: () => ({ sessionId: state.sessionId, requests: state.requests, initial: state.initial }),
    };
  },
};

const DOCUMENT: FileReader = {
  kind: 'document',
  complete: true,
  parse(json, ctx, emit) {
    if (!isRecord(json)) return {};
    const state: Replay = { sessionId: typeof json.sessionId === 'string' && json.sessionId ? json.sessionId : sessionIdOf(ctx.relPath), requests: Array.isArray(json.requests) ? json.requests.map(prune) : [], initial: true };
    return { skipped: emitRequests(state, emit) };
  },
};
