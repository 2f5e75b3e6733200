import type { DatabaseView, TableView } from '../../sources/source';
import type { SqliteSnapshot } from './database';

/** A snapshot as the read-only view sources get: tables by name, nothing else. */
export function databaseView(db: SqliteSnapshot): DatabaseView {
  return {
    fileId: db.fileId,
    tableNames: () => [...db.tables().values()].map((t) => t.name),
    table(name: string): TableView | undefined {
      const def = db.tables().get(name.toLowerCase());
      if (!def || def.withoutRowid) return undefined;
      return {
        name: def.name,
        columns: def.columns.map((c) => c.name),
        rows: (columns, fromRowid) => db.rows(def, columns, fromRowid),
        row: (columns, rowid) => db.row(def, columns, rowid),
      };
    },
  };
}
