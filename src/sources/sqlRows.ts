import type { DatabaseView, SqlValue, TableView } from './source';
import { UnknownSchemaError } from './source';

/** A row's values by column name; a column the table lacks (an older schema) is undefined. */
export interface NamedRow {
  rowid: number;
  get(name: string): SqlValue | undefined;
}

/**
 * The rows of `table` (from `fromRowid`) with those of `wanted` columns it has: agents add columns
 * release by release, and a column an older database lacks counts as absent, never as an error.
 */
export function* namedRows(table: TableView, wanted: readonly string[], fromRowid?: number): Generator<NamedRow> {
  const have = new Map(table.columns.map((c) => [c.toLowerCase(), c]));
  const cols = wanted.map((w) => have.get(w.toLowerCase())).filter((c): c is string => c !== undefined);
  const index = new Map(cols.map((c, i) => [c.toLowerCase(), i]));
  for (const r of table.rows(cols, fromRowid)) {
    yield { rowid: r.rowid, get: (name) => { const i = index.get(name.toLowerCase()); return i === undefined ? undefined : r.values[i]; } };
  }
}

/**
 * The table `name` when it has every column in `required` (and `accepts` it: alternatives such as an
 * older column set); otherwise an UnknownSchemaError that says what was expected and names what the
 * database holds instead — a schema this reader does not know (yet), skipped and named to the user.
 */
export function requireTable(db: DatabaseView, agent: string, name: string, required: readonly string[], expected = required.join(', '), accepts: (t: TableView) => boolean = () => true): TableView {
  const table = db.table(name);
  if (table && hasColumns(table, required) && accepts(table)) return table;
  const found = table ? `table ${name}(${table.columns.join(', ')})` : `tables ${db.tableNames().join(', ') || '(none)'}`;
  throw new UnknownSchemaError(`unknown ${agent} database schema: expected table ${name}(${expected}), found ${found}`);
}

/** Whether the table has every one of `names`. */
export function hasColumns(table: TableView, names: readonly string[]): boolean {
  const have = new Set(table.columns.map((c) => c.toLowerCase()));
  return names.every((n) => have.has(n.toLowerCase()));
}

/**
 * A time as SQLite rows hold it: ISO 8601 with a zone; zoneless `YYYY-MM-DD HH:MM:SS[.fff]`
 * (`datetime('now')`, `CURRENT_TIMESTAMP`), which is UTC; or epoch seconds / milliseconds. NaN otherwise.
 */
export function sqlTime(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? (v > 1e11 ? v : v * 1000) : NaN;
  if (typeof v !== 'string') return NaN;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(v.trim());
  return m ? Date.parse(`${m[1]}T${m[2]}Z`) : Date.parse(v);
}
