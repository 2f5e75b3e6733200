import type { DatabaseResult, FileReader, Source, SourceEnv, SkipReason } from './source';
import { isRecord, optionalCount } from './source';
import { envDir, pathsFor } from './homes';
import { requireTable, sqlTime } from './sqlRows';

/**
 * Continue (continuedev/continue `core/data/devdataSqlite.ts`, `core/llm/index.ts` `_logEnd`):
 * `${CONTINUE_GLOBAL_DIR:-~/.continue}/dev_data/devdata.sqlite`, table
 * `tokens_generated(id, model, provider, tokens_generated, tokens_prompt, timestamp)`, one row per
 * completion. `timestamp` is SQLite's `CURRENT_TIMESTAMP`: UTC text without a zone. Databases from
 * before `tokens_prompt` got it by ALTER TABLE (appended last; older rows read as its default 0),
 * so columns are taken by name. No cache split. Not counted: `dev_data/0.2.0/tokensGenerated.jsonl`,
 * the same completions logged a second time.
 */
export const continueSource: Source = {
  id: 'continue',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    return [p.join(envDir(env, 'CONTINUE_GLOBAL_DIR') ?? p.join(env.home, '.continue'), 'dev_data')];
  },

  acceptsDir: () => false,

  readerFor(relPath: string): FileReader | undefined {
    return relPath === 'devdata.sqlite' ? DATABASE : undefined;
  },
};

interface ContinueState {
  fileId: number;
  lastRowid: number;
  /** The content of the row at `lastRowid`: if it is gone or changed, the database was replaced. */
  anchor: string;
}

const REQUIRED = ['model', 'tokens_generated', 'timestamp'];

const DATABASE: FileReader = {
  kind: 'database',
  read(db, saved, emit): DatabaseResult {
    const table = requireTable(db, 'Continue', 'tokens_generated', REQUIRED);
    const columns = ['model', 'tokens_generated', 'timestamp', ...(table.columns.includes('tokens_prompt') ? ['tokens_prompt'] : [])];
    const anchorOf = (values: unknown[]) => JSON.stringify(values);
    // A replaced database can have the same inode and reuse the rowids: only a row we saw proves it is the same.
    const prev = isRecord(saved) && saved.fileId === db.fileId && typeof saved.lastRowid === 'number' ? (saved as unknown as ContinueState) : undefined;
    const same = prev !== undefined && (prev.lastRowid === 0 || anchorOf(table.row(columns, prev.lastRowid)?.values ?? []) === prev.anchor);
    const state: ContinueState = { fileId: db.fileId, lastRowid: same ? prev.lastRowid : 0, anchor: same ? prev.anchor : '' };
    const skipped: Partial<Record<SkipReason, number>> = {};
    let rowsRead = 0;
    for (const { rowid, values } of table.rows(columns, state.lastRowid + 1)) {
      rowsRead++;
      state.lastRowid = rowid;
      state.anchor = anchorOf(values);
      const [model, generated, stamp, prompt] = values;
      const output = optionalCount(generated);
      const input = optionalCount(prompt ?? 0);
      const ts = sqlTime(stamp);
      let skip: SkipReason | undefined;
      if (input === undefined || output === undefined) skip = 'bad-usage';
      else if (!Number.isFinite(ts)) skip = 'bad-timestamp';
      else if (input + output > 0) {
        emit({
          ts,
          agent: 'continue',
          model: typeof model === 'string' && model ? model : 'unknown',
          counts: { input, output, cacheRead: 0, cacheWrite: 0, reasoning: 0 },
          sessionId: '',
          // The row's content as well as its id: a recreated database numbers its rows from 1 again.
          dedup: { group: `n:${rowid}|${String(stamp)}|${String(model)}|${input}|${output}`, variant: '', policy: 'first', sidechain: false },
        });
      }
      if (skip) skipped[skip] = (skipped[skip] ?? 0) + 1;
    }
    return { state, rowsRead, skipped };
  },
};
