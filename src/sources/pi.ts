import type { FileReader, Source, SourceEnv, SkipReason } from './source';
import { isRecord, loggedCost, optionalCount, timeOf, tokenCount, tryJson } from './source';
import { envDir, pathsFor } from './homes';

/**
 * pi (badlogic/pi-mono `packages/coding-agent/src/core/session-manager.ts`, `packages/ai/src/types.ts`):
 * `<agent dir>/sessions/--<cwd>--/<time>_<sessionId>.jsonl`, a `session` header line then one entry
 * per line; assistant `message` entries carry `usage` with the cache already split out of input.
 * - `/fork` writes a new file that repeats the parent's entries verbatim (same `id`, same
 *   `timestamp`): each entry counts once across files. The key is the entry's content — its
 *   timestamp, the request's start, the model and the counts — rather than (id, timestamp),
 *   because version-1 entries have no id and pi gives them random ids when it migrates the file
 *   in place; the content survives both, and an id never makes two entries the same response.
 * - Abandoned branches of a session's tree were spent: counted.
 * - `usage.reasoning` is part of `output` (pi's own definition); shown, never added.
 * - Before pi PR #2588 (2026-03-25) the Google APIs stored `input` with the cached part inside it.
 *   Such a record gives itself away: its four counts exceed Google's `totalTokens` by exactly
 *   `cacheRead`. Then the cache is taken out of input; for every other record input is as logged.
 * - `compaction.tokensBefore` is a context size, not usage.
 */
export const piSource: Source = {
  id: 'pi',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    const agentDir = envDir(env, 'PI_CODING_AGENT_DIR') ?? p.join(env.home, '.pi', 'agent');
    const roots = [p.join(agentDir, 'sessions')];
    // A flat session folder of its own (pi ≥ 2026-04, `PI_CODING_AGENT_SESSION_DIR`).
    const flat = envDir(env, 'PI_CODING_AGENT_SESSION_DIR');
    if (flat) roots.push(flat);
    return roots;
  },

  readerFor(relPath: string): FileReader | undefined {
    return relPath.endsWith('.jsonl') ? LINES : undefined;
  },

  // `--<cwd with / as ->--/`; a flat session folder has no project in its path.
  projectOf(relPath: string): string | undefined {
    const dir = relPath.split('/');
    return dir.length > 1 && /^--.*--$/.test(dir[0]!) ? dir[0] : undefined;
  },
};

interface PiState {
  sessionId: string;
}

const LINES: FileReader = {
  kind: 'lines',
  markers: [Buffer.from('"usage"'), Buffer.from('"type":"session"')],
  newParser(saved?: unknown) {
    const state: PiState = { sessionId: isRecord(saved) && typeof saved.sessionId === 'string' ? saved.sessionId : '' };
    return {
      line(buf, start, end, emit): SkipReason | undefined {
        const entry = tryJson(buf.toString('utf8', start, end));
        if (!isRecord(entry)) return 'invalid-json';
        if (entry.type === 'session') {
          if (!state.sessionId && typeof entry.id === 'string') state.sessionId = entry.id;
          return undefined;
        }
        const msg = entry.message;
        if (entry.type !== 'message' || !isRecord(msg) || msg.role !== 'assistant' || !isRecord(msg.usage)) return undefined;
        const u = msg.usage;
        let input = tokenCount(u.input);
        const output = optionalCount(u.output);
        const cacheRead = optionalCount(u.cacheRead);
        const cacheWrite = optionalCount(u.cacheWrite);
        const reasoning = optionalCount(u.reasoning);
        if (input === undefined || output === undefined || cacheRead === undefined || cacheWrite === undefined || reasoning === undefined) return 'bad-usage';
        const total = tokenCount(u.totalTokens);
        if (total !== undefined && cacheRead > 0 && input >= cacheRead && input + output + cacheRead + cacheWrite - total === cacheRead) input -= cacheRead;
        // The entry's own timestamp is when the line was written; `message.timestamp` is when the request started.
        const ts = timeOf(entry.timestamp);
        if (!Number.isFinite(ts)) return 'bad-timestamp';
        if (input + output + cacheRead + cacheWrite === 0) return undefined;
        emit({
          ts,
          agent: 'pi',
          model: typeof msg.model === 'string' && msg.model ? msg.model : 'unknown',
          counts: { input, output, cacheRead, cacheWrite, reasoning: Math.min(reasoning, output) },
          // pi logs what it priced the request at: `usage.cost.total`.
          cost: isRecord(u.cost) ? loggedCost(u.cost.total) : undefined,
          sessionId: state.sessionId,
          dedup: { group: `p:${String(entry.timestamp)}|${String(msg.timestamp ?? '')}|${String(msg.model ?? '')}|${input},${output},${cacheRead},${cacheWrite}`, variant: '', policy: 'first', sidechain: false },
        });
        return undefined;
      },
      save: () => ({ ...state }),
    };
  },
};
