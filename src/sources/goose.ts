import type { DatabaseResult, FileReader, SkipReason, Source, SourceEnv, UsageEvent } from './source';
import { isRecord, optionalCount, tryJson } from './source';
import { envDir, pathsFor, xdgDataHome } from './homes';
import { hasColumns, namedRows, requireTable, sqlTime } from './sqlRows';
import type { NamedRow } from './sqlRows';

/**
 * Goose (block/goose `crates/goose/src/session/session_manager.rs`, `crates/goose/src/config/paths.rs`):
 * `sessions/sessions.db` under goose's data folder — `$GOOSE_PATH_ROOT/data` when that is an
 * absolute path, else Linux `${XDG_DATA_HOME:-~/.local/share}/goose`, macOS
 * `~/Library/Application Support/Block/goose`, Windows somewhere under `%APPDATA%\Block\goose`
 * (readers disagree on the last folders, so that tree is searched).
 * - Table `sessions`, one row per session (user, sub_agent, scheduled, hidden alike) with the
 *   session's running totals `accumulated_*`; `input_tokens`/`output_tokens`/`total_tokens` hold
 *   only the latest request (goose shows them as context use). One event per row, dated by
 *   `updated_at` (UTC text, set on every token update), read whole on every change.
 * - Input is cache-inclusive (`providers/formats/anthropic.rs`: input = input + cache creation +
 *   cache read): input = accumulated input − accumulated cache read − cache write. Schemas without
 *   the cache columns: no split. Rows from before accumulation (both accumulated NULL): the
 *   per-request columns are all there is.
 * - Legacy `sessions/<id>.jsonl` (goose < 1.10; first line metadata with the same counters):
 *   `import_legacy` copies them into the database and leaves the files, so a file whose id is a
 *   row is a copy; one that is not (import failed, never upgraded) is one event, dated by its mtime.
 * - Not counted: `messages.tokens`, `accumulated_total_tokens` (a sum), costs.
 */
export const gooseSource: Source = {
  id: 'goose',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    const root = envDir(env, 'GOOSE_PATH_ROOT');
    if (root && p.isAbsolute(root)) return [p.join(root, 'data', 'sessions')];
    const platform = env.platform ?? process.platform;
    if (platform === 'darwin') return [p.join(env.home, 'Library', 'Application Support', 'Block', 'goose', 'sessions')];
    if (platform === 'win32') return [p.join(envDir(env, 'APPDATA') ?? p.join(env.home, 'AppData', 'Roaming'), 'Block', 'goose')];
    return [p.join(xdgDataHome(env), 'goose', 'sessions')];
  },

  // Only the Windows root is searched below its top (…\goose\data\sessions\, say).
  acceptsDir: (relDir) => relDir.split('/').length <= 2,

  readerFor(relPath: string): FileReader | undefined {
    const parts = relPath.split('/');
    const name = parts[parts.length - 1]!;
    const inSessions = parts.length === 1 || parts[parts.length - 2] === 'sessions';
    if (name === 'sessions.db' && inSessions) return DATABASE;
    return inSessions && name.endsWith('.jsonl') ? LEGACY : undefined;
  },

  watchFileFolders: true,
};

const COLUMNS = ['id', 'updated_at', 'model_config_json', 'accumulated_input_tokens', 'accumulated_output_tokens', 'accumulated_cache_read_tokens', 'accumulated_cache_write_tokens', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens'];

interface Totals {
  input: unknown;
  output: unknown;
  cacheRead: unknown;
  cacheWrite: unknown;
}

/** The session's totals: the accumulated columns, or the per-request ones for rows from before accumulation. */
function totalsOf(r: NamedRow): Totals {
  const acc = r.get('accumulated_input_tokens') != null || r.get('accumulated_output_tokens') != null;
  return acc
    ? { input: r.get('accumulated_input_tokens'), output: r.get('accumulated_output_tokens'), cacheRead: r.get('accumulated_cache_read_tokens'), cacheWrite: r.get('accumulated_cache_write_tokens') }
    : { input: r.get('input_tokens'), output: r.get('output_tokens'), cacheRead: r.get('cache_read_tokens'), cacheWrite: r.get('cache_write_tokens') };
}

/** One session's event; `legacy` marks a pre-SQLite file, the copy a database row replaces. */
function gooseEvent(id: string, ts: number, model: string, t: Totals, legacy: boolean, emit: (e: UsageEvent) => void): SkipReason | undefined {
  const inputAll = optionalCount(t.input);
  const output = optionalCount(t.output);
  const cacheRead = optionalCount(t.cacheRead);
  const cacheWrite = optionalCount(t.cacheWrite);
  if (inputAll === undefined || output === undefined || cacheRead === undefined || cacheWrite === undefined || cacheRead + cacheWrite > inputAll) return 'bad-usage';
  if (inputAll + output === 0) return undefined;
  if (!Number.isFinite(ts)) return 'bad-timestamp';
  emit({
    ts,
    agent: 'goose',
    model,
    counts: { input: inputAll - cacheRead - cacheWrite, output, cacheRead, cacheWrite, reasoning: 0 },
    sessionId: id,
    dedup: { group: `g:${id}`, variant: legacy ? 'legacy' : 'db', policy: 'max', sidechain: legacy },
  });
  return undefined;
}

function modelOf(json: unknown): string {
  const cfg = typeof json === 'string' ? tryJson(json) : undefined;
  return isRecord(cfg) && typeof cfg.model_name === 'string' && cfg.model_name ? cfg.model_name : 'unknown';
}

const DATABASE: FileReader = {
  kind: 'database',
  complete: true,
  keepsDropped: true,
  read(db, _saved, emit): DatabaseResult {
    const table = requireTable(db, 'Goose', 'sessions', ['id', 'updated_at'], 'id, updated_at, accumulated_input_tokens, …', (t) => hasColumns(t, ['accumulated_input_tokens']) || hasColumns(t, ['input_tokens']));
    const skipped: Partial<Record<SkipReason, number>> = {};
    let rowsRead = 0;
    for (const r of namedRows(table, COLUMNS)) {
      rowsRead++;
      const skip = gooseEvent(String(r.get('id') ?? `row${r.rowid}`), sqlTime(r.get('updated_at')), modelOf(r.get('model_config_json')), totalsOf(r), false, emit);
      if (skip) skipped[skip] = (skipped[skip] ?? 0) + 1;
    }
    return { state: null, rowsRead, skipped };
  },
};

const LEGACY: FileReader = {
  kind: 'lines',
  markers: [Buffer.from('"working_dir"')],
  newParser(saved: unknown, relPath: string, file?: { mtimeMs: number }) {
    let done = saved === true;
    const id = relPath.split('/').pop()!.slice(0, -'.jsonl'.length);
    return {
      line(buf, start, end, emit) {
        if (done) return undefined;
        const meta = tryJson(buf.toString('utf8', start, end));
        if (!isRecord(meta)) return 'invalid-json';
        // The metadata line is the first; a message that quotes "working_dir" is not it.
        if (meta.role !== undefined || meta.working_dir === undefined) return undefined;
        done = true;
        const acc = meta.accumulated_input_tokens != null || meta.accumulated_output_tokens != null;
        const t: Totals = acc ? { input: meta.accumulated_input_tokens, output: meta.accumulated_output_tokens, cacheRead: 0, cacheWrite: 0 } : { input: meta.input_tokens, output: meta.output_tokens, cacheRead: 0, cacheWrite: 0 };
        return gooseEvent(id, file?.mtimeMs ?? NaN, 'unknown', t, true, emit);
      },
      save: () => done,
    };
  },
};
