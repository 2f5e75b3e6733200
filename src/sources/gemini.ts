import type { FileReader, Source, SourceEnv, UsageEvent, SkipReason } from './source';
import { isRecord, optionalCount, timeOf, tokenCount, tryJson } from './source';
import { envDir, pathsFor } from './homes';

/**
 * Gemini CLI (google-gemini/gemini-cli `packages/core/src/services/chatRecordingService.ts`):
 * `~/.gemini/tmp/<project>/chats/session-<UTC time>-<id8>.jsonl` (before 2026-04 one pretty-printed
 * `.json` per session), subagents in `chats/<parentSessionId>/<sessionId>.jsonl`. Copies that must
 * not count twice, each keyed by (sessionId, message id) across every file:
 * - a message is re-appended in full whenever it changes (its tokens, its tool calls): the record
 *   with tokens wins — upstream sets `tokens` once (`recordMessageTokens` only fills a message
 *   without them), so "the largest copy" is "the last copy" in any read order;
 * - resuming a `.json` session re-appends every message into `<same name>.jsonl` and leaves the
 *   `.json`: the `.jsonl` holds all of it, so the `.json` beside it is not read;
 * - the project-slug migration copies `tmp/<sha256>/` to `tmp/<slug>/` and keeps both.
 * `$set` lines (including `$set.messages` checkpoints) are metadata; `$rewindTo` hides messages
 * whose tokens were spent, so they still count.
 */
export const geminiSource: Source = {
  id: 'gemini-cli',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    // GEMINI_CLI_HOME replaces the home folder; `.gemini` is still appended (`utils/paths.ts` homedir()).
    return [pathsFor(env).join(envDir(env, 'GEMINI_CLI_HOME') ?? env.home, '.gemini', 'tmp')];
  },

  acceptsDir(relDir: string): boolean {
    const parts = relDir.split('/');
    return parts.length === 1 || (parts.length === 2 && parts[1] === 'chats') || (parts.length === 3 && parts[1] === 'chats');
  },

  readerFor(relPath: string): FileReader | undefined {
    const parts = relPath.split('/');
    if (parts[1] !== 'chats') return undefined;
    const name = parts[parts.length - 1]!;
    if (parts.length === 4) return name.endsWith('.jsonl') ? LINES : undefined;
    if (parts.length !== 3) return undefined;
    if (/^session-.+\.jsonl$/.test(name)) return LINES;
    // Older main sessions, and JSON-era subagents written flat as `chats/<uuid>.json`.
    if (/^session-.+\.json$/.test(name) || /^[0-9a-f-]{36}\.json$/i.test(name)) return DOCUMENT;
    return undefined;
  },

  // `tmp/<project slug or sha256 of the project root>/`.
  projectOf: (relPath) => relPath.split('/')[0],

  shadowedBy(relPath: string): string | undefined {
    return relPath.endsWith('.json') ? `${relPath}l` : undefined;
  },
};

interface GeminiState {
  sessionId: string;
}

const LINES: FileReader = {
  kind: 'lines',
  markers: [Buffer.from('"sessionId"'), Buffer.from('"tokens":{')],
  newParser(saved?: unknown) {
    const state: GeminiState = { sessionId: isRecord(saved) && typeof saved.sessionId === 'string' ? saved.sessionId : '' };
    return {
      line(buf, start, end, emit): SkipReason | undefined {
        const obj = tryJson(buf.toString('utf8', start, end));
        if (!isRecord(obj)) return 'invalid-json';
        if ('$set' in obj || '$rewindTo' in obj) return undefined;
        // The session's first line; a later `$set.sessionId` (resume) does not rename its messages.
        if (typeof obj.sessionId === 'string' && obj.type === undefined) {
          if (!state.sessionId) state.sessionId = obj.sessionId;
          return undefined;
        }
        return geminiMessage(obj, state.sessionId, emit);
      },
      save: () => ({ ...state }),
    };
  },
};

const DOCUMENT: FileReader = {
  kind: 'document',
  parse(json, ctx, emit) {
    const skipped: Partial<Record<SkipReason, number>> = {};
    if (!isRecord(json) || !Array.isArray(json.messages)) return { skipped };
    const fallback = ctx.relPath.split('/').pop()!.replace(/\.json$/, '');
    const sessionId = typeof json.sessionId === 'string' ? json.sessionId : fallback;
    for (const m of json.messages) {
      const skip = isRecord(m) ? geminiMessage(m, sessionId, emit) : undefined;
      if (skip) skipped[skip] = (skipped[skip] ?? 0) + 1;
    }
    return { skipped };
  },
};

/** A `type:"gemini"` record with tokens (copied from the API's `usageMetadata`). */
function geminiMessage(m: Record<string, unknown>, sessionId: string, emit: (e: UsageEvent) => void): SkipReason | undefined {
  if (m.type !== 'gemini' || !isRecord(m.tokens)) return undefined;
  const t = m.tokens;
  const prompt = tokenCount(t.input);
  const cached = optionalCount(t.cached);
  const candidates = optionalCount(t.output);
  const thoughts = optionalCount(t.thoughts);
  const tool = optionalCount(t.tool);
  // promptTokenCount includes the cached part; a cache larger than the prompt is not a real record.
  if (prompt === undefined || cached === undefined || candidates === undefined || thoughts === undefined || tool === undefined || cached > prompt) return 'bad-usage';
  const ts = timeOf(m.timestamp);
  if (!Number.isFinite(ts)) return 'bad-timestamp';
  if (typeof m.id !== 'string' || !m.id) return 'bad-usage';
  emit({
    ts,
    agent: 'gemini-cli',
    model: typeof m.model === 'string' && m.model ? m.model : 'unknown',
    // Thoughts are outside the candidates, tool-use prompts outside the prompt (total = input + output + thoughts + tool).
    counts: { input: prompt - cached + tool, output: candidates + thoughts, cacheRead: cached, cacheWrite: 0, reasoning: thoughts },
    sessionId,
    dedup: { group: `g:${sessionId}:${m.id}`, variant: '', policy: 'max', sidechain: false },
  });
  return undefined;
}
