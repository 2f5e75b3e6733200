import type { DatabaseResult, FileReader, SkipReason, Source, SourceEnv } from './source';
import { optionalCount } from './source';
import { envDir, pathsFor } from './homes';
import { namedRows, requireTable, sqlTime } from './sqlRows';

/**
 * Hermes Agent (NousResearch/hermes-agent `hermes_state.py`: SessionDB in WAL mode at
 * `get_hermes_home()/state.db`; one database per profile, `profiles/<name>/state.db`).
 * - Table `sessions`, one row per session with its running counters (`hermes_state_usage.py`:
 *   the CLI adds per-call deltas, the gateway sets absolute totals; either way the row holds the
 *   session's total): one event per row, dated by `started_at` (unix seconds), read whole on every
 *   change (rows are updated in place). A column an older schema lacks, or NULL, is 0.
 * - `input_tokens` is already uncached (`agent/usage_pricing.py` `normalize_usage` subtracts the
 *   cache from OpenAI-style prompt totals); `reasoning_tokens` is a part of `output_tokens`, never
 *   added to it (ccusage adds it: double counting).
 * - Children are their own sessions and count: a compression child starts with no counters
 *   (`hermes_state_compression.py`), delegated subagents and `/branch` forks have their own. A
 *   session id in two profiles' databases (export/import) counts once.
 * - Not counted: `session_daily_usage` (the same counters split by the writer's local date),
 *   `session_model_usage`, `messages.token_count`, costs, gateway transcripts; `.env`/`auth.json` are never read.
 */
export const hermesSource: Source = {
  id: 'hermes',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    return [envDir(env, 'HERMES_HOME') ?? p.join(env.home, '.hermes')];
  },

  acceptsDir(relDir: string): boolean {
    const parts = relDir.split('/');
    return parts[0] === 'profiles' && parts.length <= 2;
  },

  readerFor(relPath: string): FileReader | undefined {
    return relPath === 'state.db' || /^profiles\/[^/]+\/state\.db$/.test(relPath) ? DATABASE : undefined;
  },

  watchFileFolders: true,
};

const COLUMNS = ['id', 'model', 'started_at', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens'];

const DATABASE: FileReader = {
  kind: 'database',
  complete: true,
  keepsDropped: true,
  read(db, _saved, emit): DatabaseResult {
    const table = requireTable(db, 'Hermes', 'sessions', ['id', 'started_at', 'input_tokens', 'output_tokens'], 'id, started_at, input_tokens, output_tokens, …');
    const skipped: Partial<Record<SkipReason, number>> = {};
    let rowsRead = 0;
    for (const r of namedRows(table, COLUMNS)) {
      rowsRead++;
      const input = optionalCount(r.get('input_tokens'));
      const output = optionalCount(r.get('output_tokens'));
      const cacheRead = optionalCount(r.get('cache_read_tokens'));
      const cacheWrite = optionalCount(r.get('cache_write_tokens'));
      const reasoning = optionalCount(r.get('reasoning_tokens'));
      let skip: SkipReason | undefined;
      if (input === undefined || output === undefined || cacheRead === undefined || cacheWrite === undefined || reasoning === undefined) skip = 'bad-usage';
      else if (input + output + cacheRead + cacheWrite > 0) {
        const ts = sqlTime(r.get('started_at'));
        const id = r.get('id');
        if (!Number.isFinite(ts)) skip = 'bad-timestamp';
        else {
          const model = r.get('model');
          emit({
            ts,
            agent: 'hermes',
            model: typeof model === 'string' && model ? model : 'unknown',
            counts: { input, output, cacheRead, cacheWrite, reasoning: Math.min(reasoning, output) },
            sessionId: String(id ?? ''),
            dedup: { group: `h:${String(id ?? `row${r.rowid}`)}`, variant: '', policy: 'max', sidechain: false },
          });
        }
      }
      if (skip) skipped[skip] = (skipped[skip] ?? 0) + 1;
    }
    return { state: null, rowsRead, skipped };
  },
};
