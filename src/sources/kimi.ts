import type { FileReader, SkipReason, Source, SourceEnv, UsageEvent } from './source';
import { isRecord, optionalCount, tryJson } from './source';
import { envDir, pathsFor } from './homes';

/**
 * Kimi Code CLI (MoonshotAI/kimi-cli): `${KIMI_SHARE_DIR:-~/.kimi}` (`share.py`), sessions in
 * `sessions/<md5 of the work dir>/<sessionId>/wire.jsonl` and, since kimi-cli#1552, each subagent's
 * own `…/<sessionId>/subagents/<agentId>/wire.jsonl` (`subagents/store.py`). Lines are
 * `{timestamp: unix seconds, message: {type, payload}}` after an optional metadata header (`wire/file.py`).
 * - Usage: a `StatusUpdate` with `token_usage` (kosong `TokenUsage`: `input_other` excludes both
 *   cache buckets, `output` is all output, thinking included), one per LLM step (`soul/kimisoul.py`);
 *   one without `token_usage` counts 0.
 * - A subagent's steps are mirrored into the parent's wire as `SubagentEvent`s wrapping a
 *   StatusUpdate (`wire/types.py`); newer CLIs also write them to the subagent's own wire. Each
 *   step counts once: keyed by its `message_id` (the provider's response id), or by its time and
 *   counts when that is null; a top-level update is the primary copy, a nested one a sidechain
 *   that counts only when no top-level copy exists (older CLIs wrote no subagent wire).
 * - `/fork` (`session_fork.py`) copies the parent's lines verbatim into a new session: same keys.
 * - Not read: `context.jsonl` (`_usage` is a context size), `context_sub_*.jsonl`, `state.json`.
 * The model is not on the record (only `config.toml`'s default): events are "unknown", unpriced.
 */
export const kimiSource: Source = {
  id: 'kimi-cli',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    return [p.join(envDir(env, 'KIMI_SHARE_DIR') ?? p.join(env.home, '.kimi'), 'sessions')];
  },

  acceptsDir(relDir: string): boolean {
    const parts = relDir.split('/');
    return parts.length <= 2 || (parts.length <= 4 && parts[2] === 'subagents');
  },

  readerFor(relPath: string): FileReader | undefined {
    const parts = relPath.split('/');
    const session = parts.length === 3 || (parts.length === 5 && parts[2] === 'subagents');
    return session && parts[parts.length - 1] === 'wire.jsonl' ? LINES : undefined;
  },
};

const LINES: FileReader = {
  kind: 'lines',
  markers: [Buffer.from('"token_usage"')],
  newParser(_saved: unknown, relPath: string) {
    const session = relPath.split('/')[1] ?? '';
    return {
      line: (buf, start, end, emit) => parseKimiLine(session, buf.toString('utf8', start, end), emit),
      save: () => null,
    };
  },
};

function parseKimiLine(session: string, text: string, emit: (e: UsageEvent) => void): SkipReason | undefined {
  const rec = tryJson(text);
  if (!isRecord(rec)) return 'invalid-json';
  const msg = rec.message;
  if (!isRecord(msg) || !isRecord(msg.payload)) return undefined;
  let update: Record<string, unknown>;
  let nested = false;
  if (msg.type === 'StatusUpdate') update = msg.payload;
  else if (msg.type === 'SubagentEvent' && isRecord(msg.payload.event) && msg.payload.event.type === 'StatusUpdate' && isRecord(msg.payload.event.payload)) {
    update = msg.payload.event.payload;
    nested = true;
  } else return undefined;
  const u = update.token_usage;
  if (u === undefined || u === null) return undefined;
  if (!isRecord(u)) return 'bad-usage';
  const input = optionalCount(u.input_other);
  const output = optionalCount(u.output);
  const cacheRead = optionalCount(u.input_cache_read);
  const cacheWrite = optionalCount(u.input_cache_creation);
  if (input === undefined || output === undefined || cacheRead === undefined || cacheWrite === undefined) return 'bad-usage';
  if (input + output + cacheRead + cacheWrite === 0) return undefined;
  const seconds = rec.timestamp;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return 'bad-timestamp';
  const ts = Math.round(seconds * 1000);
  const id = typeof update.message_id === 'string' && update.message_id ? `m:${update.message_id}` : `t:${seconds}|${input}|${output}|${cacheRead}|${cacheWrite}`;
  emit({
    ts,
    agent: 'kimi-cli',
    model: 'unknown',
    counts: { input, output, cacheRead, cacheWrite, reasoning: 0 },
    sessionId: session,
    dedup: { group: `k:${id}`, variant: '', policy: 'max', sidechain: nested },
  });
  return undefined;
}
