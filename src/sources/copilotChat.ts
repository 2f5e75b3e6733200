import type { FileReader, Source, SourceEnv, SkipReason, UsageEvent } from './source';
import { isRecord, optionalCount, tryJson } from './source';
import { editorUserDataDirs, pathsFor } from './homes';
import { applyEntry, BAD, keepRequest, MAX_TEXT } from './copilotReplay';
import type { Replay } from './copilotReplay';

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
 * - Per request (microsoft/vscode `chatModel.ts` ChatResponseModel.toJSON and `_setUsage`;
 *   microsoft/vscode-copilot-chat `src/extension/intents/node/toolCallingLoop.ts`): input = the
 *   turn's last model call's prompt — `result.metadata.promptTokens` (set for Anthropic models), the
 *   request's `promptTokens` or `result.usage.promptTokens` (January 2026 builds), the same number,
 *   never added; output = the request's `completionTokens` (VS Code sums it over the turn's calls),
 *   else the metadata's `outputTokens` or `result.usage.completionTokens` (the last call's). No
 *   cache split; reasoning = the rounds' thinking tokens (within output); dated by `timestamp`.
 *   Input is a floor (earlier calls' prompts are not recorded); requests without counts (older
 *   Copilot Chat) count 0 — never estimated.
 * - Not read: `modelTotals` (whole-turn totals VS Code keeps only for agent-host sessions, whose
 *   turns the agent's own logs hold — Copilot CLI's `~/.copilot`); the Copilot extension's
 *   `<workspace storage>/GitHub.copilot-chat/transcripts/*.jsonl` (`sessionTranscriptService.ts`:
 *   no counts) and `debug-logs/` (`chatDebugFileLoggerService.ts`: off by default, 50 sessions
 *   kept, the same calls again); `globalStorage/transferredChatSessions/` (a copy VS Code deletes
 *   once the target window has read it).
 * - Local and remote: the workbench writes the session file under its own `workspaceStorageHome`
 *   (`chatSessionStore.ts`), so for a Remote-SSH, WSL or container window it is on the machine VS
 *   Code runs on, while the Copilot extension's files are on the remote (`~/.vscode-server/data/
 *   User/workspaceStorage/<hash>/GitHub.copilot-chat/`). The server's `workspaceStorage` is still
 *   searched (cheap when it holds no sessions); a scan that finds only the extension's files there
 *   says where the counts are instead of reporting a zero (`noCounts.ts`).
 */
export const copilotChatSource: Source = {
  id: 'copilot-chat',
  parserVersion: 2,
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

/** Every request of the replayed session that carries counts. */
function emitRequests(state: Replay, emit: (e: UsageEvent) => void): Partial<Record<SkipReason, number>> {
  const skipped: Partial<Record<SkipReason, number>> = {};
  state.requests.forEach((req, i) => {
    const result = isRecord(req.result) ? req.result : {};
    const meta = isRecord(result.metadata) ? result.metadata : {};
    const usage = isRecord(result.usage) ? result.usage : {};
    // Each count from one place, never two added. Input: the last model call's prompt, which the
    // Copilot extension's metadata (Anthropic models), the request (VS Code's `usage.promptTokens`)
    // and `result.usage` (January 2026 builds) all hold alike. Output: the request's
    // `completionTokens`, which current VS Code sums over the turn's calls (chatModel.ts
    // `_setUsage`), before the metadata's and `result.usage`'s, which hold the last call's.
    const rawIn = firstDefined(meta.promptTokens, req.promptTokens, usage.promptTokens);
    const rawOut = firstDefined(req.completionTokens, meta.outputTokens, usage.completionTokens);
    if (rawIn === undefined && rawOut === undefined) return;
    const input = optionalCount(rawIn);
    const output = optionalCount(rawOut);
    const thinking = (Array.isArray(meta.toolCallRounds) ? meta.toolCallRounds : []).reduce<number>((sum, r) => {
      const t = isRecord(r) && isRecord(r.thinking) ? optionalCount(r.thinking.tokens) : 0;
      return sum + (t ?? 0);
    }, 0);
    const ts = typeof req.timestamp === 'number' && Number.isFinite(req.timestamp) ? req.timestamp : NaN;
    // A kept field of the wrong kind (a nested value, an over-long name): the request is not trusted.
    const malformed = [req.requestId, req.modelId, meta.resolvedModel, meta.toolCallRounds].includes(BAD);
    let skip: SkipReason | undefined;
    if (input === undefined || output === undefined || malformed) skip = 'bad-usage';
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

function firstDefined(...values: unknown[]): unknown {
  return values.find((v) => v !== undefined);
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
        ? // Kept again on the way in: cheap, and the state's bounds hold whatever the cache holds.
          { sessionId: saved.sessionId, requests: saved.requests.map(keepRequest), initial: saved.initial === true }
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
    const named = typeof json.sessionId === 'string' && json.sessionId && json.sessionId.length <= MAX_TEXT ? json.sessionId : undefined;
    const state: Replay = { sessionId: named ?? sessionIdOf(ctx.relPath), requests: Array.isArray(json.requests) ? json.requests.map(keepRequest) : [], initial: true };
    return { skipped: emitRequests(state, emit) };
  },
};
