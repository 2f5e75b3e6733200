import type { DatabaseResult, FileReader, SkipReason, Source, SourceEnv } from './source';
import { isRecord, optionalCount } from './source';
import { pathsFor } from './homes';
import { hasColumns, namedRows, requireTable, sqlTime } from './sqlRows';
import type { NamedRow } from './sqlRows';

/**
 * Z.ai ZCode (closed source; the readers followed: getagentseal/codeburn `docs/providers/zcode.md`,
 * schema checked against CLI db v0.14.8, and junhoyeo/tokscale `crates/tokscale-core/src/sessions/zcode.rs`):
 * `~/.zcode/cli/db/db.sqlite` (WAL), table `model_usage`, one row per model call.
 * - Counted: `status = 'completed'` (a database without the column: every row); a `running` row
 *   is read again until it settles. Day: `completed_at` (epoch ms), else `started_at`.
 * - `input_tokens` includes both cache buckets (`computed_total_tokens = input + output` on real
 *   rows, Javis603/token-monitor#68; counting both double-counts the cache, xiufengsun/TokenTracker#554):
 *   input = input − cache read − cache creation. Output includes reasoning.
 * - Not counted: the OpenCode-style `message`/`part` tables (a `step-finish` part repeats its
 *   call, TokenTracker#554), `session` totals, `raw_usage_json`, `cli/log/*.jsonl`, the
 *   `projects/**.jsonl` transcripts (no recorded counts; tokscale estimates from text).
 */
export const zcodeSource: Source = {
  id: 'zcode',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    return [p.join(env.home, '.zcode', 'cli', 'db')];
  },

  acceptsDir: () => false,

  readerFor(relPath: string): FileReader | undefined {
    return relPath === 'db.sqlite' ? DATABASE : undefined;
  },
};

const COLUMNS = ['id', 'session_id', 'model_id', 'status', 'input_tokens', 'output_tokens', 'reasoning_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'started_at', 'completed_at'];
const REQUIRED = ['input_tokens', 'output_tokens'];
/** Rows still running when last read (their status and tokens can still change), at most this many. */
const MAX_PENDING = 1000;

interface ZState {
  fileId: number;
  lastRowid: number;
  /** The `id` at `lastRowid`: if it is gone or another, the database was replaced. */
  anchor: string;
  pending: number[];
}

const DATABASE: FileReader = {
  kind: 'database',
  read(db, saved, emit): DatabaseResult {
    const table = requireTable(db, 'ZCode', 'model_usage', REQUIRED, 'input_tokens, output_tokens, …');
    const hasStatus = hasColumns(table, ['status']);
    const anchorOf = (r: NamedRow | undefined) => String(r?.get('id') ?? r?.rowid ?? '');
    const rowAt = (rowid: number) => {
      for (const r of namedRows(table, COLUMNS, rowid)) return r.rowid === rowid ? r : undefined;
      return undefined;
    };
    const prev = isState(saved) && saved.fileId === db.fileId && (saved.lastRowid === 0 || anchorOf(rowAt(saved.lastRowid)) === saved.anchor) ? saved : undefined;
    const state: ZState = { fileId: db.fileId, lastRowid: prev?.lastRowid ?? 0, anchor: prev?.anchor ?? '', pending: [] };
    const skipped: Partial<Record<SkipReason, number>> = {};
    let rowsRead = 0;
    const visit = (r: NamedRow): void => {
      rowsRead++;
      const status = r.get('status');
      if (hasStatus && status === 'running') state.pending.push(r.rowid);
      if (hasStatus && status !== 'completed') return;
      const inputAll = optionalCount(r.get('input_tokens'));
      const output = optionalCount(r.get('output_tokens'));
      const reasoning = optionalCount(r.get('reasoning_tokens'));
      const cacheRead = optionalCount(r.get('cache_read_input_tokens'));
      const cacheWrite = optionalCount(r.get('cache_creation_input_tokens'));
      let skip: SkipReason | undefined;
      if (inputAll === undefined || output === undefined || reasoning === undefined || cacheRead === undefined || cacheWrite === undefined || cacheRead + cacheWrite > inputAll) skip = 'bad-usage';
      else if (inputAll + output > 0) {
        const completed = sqlTime(r.get('completed_at'));
        const ts = Number.isFinite(completed) ? completed : sqlTime(r.get('started_at'));
        if (!Number.isFinite(ts)) skip = 'bad-timestamp';
        else {
          const id = r.get('id') ?? `row${r.rowid}`;
          const session = r.get('session_id');
          const model = r.get('model_id');
          emit({
            ts,
            agent: 'zcode',
            model: typeof model === 'string' && model ? model : 'unknown',
            counts: { input: inputAll - cacheRead - cacheWrite, output, cacheRead, cacheWrite, reasoning: Math.min(reasoning, output) },
            sessionId: typeof session === 'string' ? session : '',
            dedup: { group: `z:${String(id)}`, variant: '', policy: 'max', sidechain: false },
          });
        }
      }
      if (skip) skipped[skip] = (skipped[skip] ?? 0) + 1;
    };
    for (const rowid of prev?.pending ?? []) {
      const r = rowAt(rowid);
      if (r) visit(r);
    }
    for (const r of namedRows(table, COLUMNS, state.lastRowid + 1)) {
      visit(r);
      state.lastRowid = r.rowid;
      state.anchor = anchorOf(r);
    }
    state.pending = [...new Set(state.pending)].sort((a, b) => a - b).slice(-MAX_PENDING);
    return { state, rowsRead, skipped };
  },
};

function isState(v: unknown): v is ZState {
  return isRecord(v) && typeof v.fileId === 'number' && typeof v.lastRowid === 'number' && typeof v.anchor === 'string' && Array.isArray(v.pending);
}
