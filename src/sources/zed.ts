import type { DatabaseResult, FileReader, SkipReason, Source, SourceEnv, UsageEvent } from './source';
import { isRecord, optionalCount, timeOf, tryJson } from './source';
import { envDir, pathsFor, xdgDataHome } from './homes';
import { namedRows, requireTable } from './sqlRows';
import { zstdDecompress, ZstdError } from './zstd';

/**
 * Zed's agent panel (zed-industries/zed `crates/agent/src/db.rs`, `ThreadsDatabase`):
 * `threads/threads.db` under Zed's data folder — Linux `${XDG_DATA_HOME:-~/.local/share}/zed`
 * (Flatpak: `~/.var/app/dev.zed.Zed/data/zed`, its `$FLATPAK_XDG_DATA_HOME`), macOS
 * `~/Library/Application Support/Zed`, Windows `%LOCALAPPDATA%\Zed`.
 * - Table `threads(id, summary, updated_at, data_type, data, parent_id?, …)`, one row per thread,
 *   upserted in place on every save (`save_thread_sync`: `ON CONFLICT(id) DO UPDATE`), so the
 *   table is read whole on every change. `data` is the thread JSON, zstd-compressed (level 3) when
 *   `data_type = 'zstd'`, plain when `'json'` (older rows).
 * - One event per row: the thread's `cumulative_token_usage` (language_model `TokenUsage`,
 *   disjoint Anthropic-style buckets, a zero field omitted), dated by the row's `updated_at`.
 *   Subagent threads are their own rows (`parent_id`) with their own usage. Agent-1 threads (no
 *   `version`) keep the same field.
 * - Not counted: `request_token_usage` (per user message, covering only part of a thread's
 *   requests: adding it double counts), imported/shared threads (`imported`, no usage).
 * Decompressing every thread on every save would be the cost of a read, so each row's result is
 * kept (by id, `updated_at` and type) and only changed rows are decoded again.
 */
export const zedSource: Source = {
  id: 'zed',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    const platform = env.platform ?? process.platform;
    if (platform === 'darwin') return [p.join(env.home, 'Library', 'Application Support', 'Zed', 'threads')];
    if (platform === 'win32') return [p.join(envDir(env, 'LOCALAPPDATA') ?? p.join(env.home, 'AppData', 'Local'), 'Zed', 'threads')];
    const flatpak = envDir(env, 'FLATPAK_XDG_DATA_HOME') ?? p.join(env.home, '.var', 'app', 'dev.zed.Zed', 'data');
    return [...new Set([p.join(xdgDataHome(env), 'zed', 'threads'), p.join(flatpak, 'zed', 'threads')])];
  },

  acceptsDir: () => false,

  readerFor(relPath: string): FileReader | undefined {
    return relPath === 'threads.db' ? DATABASE : undefined;
  },
};

/** What a row gave last time: its key (updated_at + data type) and its event, or its skip. */
type Cached = [key: string, event: [ts: number, model: string, input: number, output: number, cacheRead: number, cacheWrite: number] | null, skip: SkipReason | null];

interface ZedState {
  fileId: number;
  rows: Record<string, Cached>;
}

const DATABASE: FileReader = {
  kind: 'database',
  complete: true,
  keepsDropped: true,
  read(db, saved, emit): DatabaseResult {
    const table = requireTable(db, 'Zed threads', 'threads', ['id', 'updated_at', 'data_type', 'data']);
    const before = isRecord(saved) && saved.fileId === db.fileId && isRecord(saved.rows) ? (saved.rows as Record<string, Cached>) : {};
    const state: ZedState = { fileId: db.fileId, rows: {} };
    const skipped: Partial<Record<SkipReason, number>> = {};
    let rowsRead = 0;
    for (const r of namedRows(table, ['id', 'updated_at', 'data_type'])) {
      const id = String(r.get('id') ?? `row${r.rowid}`);
      const key = `${String(r.get('updated_at'))}|${String(r.get('data_type'))}`;
      let c = before[id];
      if (!Array.isArray(c) || c[0] !== key) {
        rowsRead++;
        const data = table.row(['data'], r.rowid)?.values[0];
        c = decodeThread(key, r.get('updated_at'), r.get('data_type'), data);
      }
      state.rows[id] = c;
      if (c[2]) skipped[c[2]] = (skipped[c[2]] ?? 0) + 1;
      if (c[1]) emit(zedEvent(id, c[1]));
    }
    return { state, rowsRead, skipped };
  },
};

function zedEvent(id: string, [ts, model, input, output, cacheRead, cacheWrite]: NonNullable<Cached[1]>): UsageEvent {
  return {
    ts,
    agent: 'zed',
    model,
    counts: { input, output, cacheRead, cacheWrite, reasoning: 0 },
    sessionId: id,
    dedup: { group: `zed:${id}`, variant: '', policy: 'max', sidechain: false },
  };
}

function decodeThread(key: string, updatedAt: unknown, dataType: unknown, data: unknown): Cached {
  let text: string;
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data instanceof Uint8Array ? data : undefined;
    if (!bytes) return [key, null, 'invalid-json'];
    text = Buffer.from(dataType === 'zstd' ? zstdDecompress(bytes) : bytes).toString('utf8');
  } catch (e) {
    if (e instanceof ZstdError) return [key, null, 'invalid-json'];
    throw e;
  }
  const thread = tryJson(text);
  if (!isRecord(thread)) return [key, null, 'invalid-json'];
  const u = thread.cumulative_token_usage;
  if (u === undefined || u === null || thread.imported === true) return [key, null, null];
  if (!isRecord(u)) return [key, null, 'bad-usage'];
  const input = optionalCount(u.input_tokens);
  const output = optionalCount(u.output_tokens);
  const cacheRead = optionalCount(u.cache_read_input_tokens);
  const cacheWrite = optionalCount(u.cache_creation_input_tokens);
  if (input === undefined || output === undefined || cacheRead === undefined || cacheWrite === undefined) return [key, null, 'bad-usage'];
  if (input + output + cacheRead + cacheWrite === 0) return [key, null, null];
  const ts = timeOf(updatedAt);
  if (!Number.isFinite(ts)) return [key, null, 'bad-timestamp'];
  const m = thread.model;
  const model = isRecord(m) && typeof m.model === 'string' && m.model ? m.model : 'unknown';
  return [key, [ts, model, input, output, cacheRead, cacheWrite], null];
}
