/** The one database interface both engines implement; SQL uses `?` placeholders and portable types. */
export interface Db {
  readonly kind: 'sqlite' | 'postgres';
  exec(sql: string): Promise<void>;
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs `fn` in a transaction (committed when it resolves, rolled back when it throws). */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens PostgreSQL when `databaseUrl` is set, else SQLite at `sqlitePath`; creates the schema. */
export async function openDb(opts: { databaseUrl?: string; sqlitePath: string }): Promise<Db> {
  const { schema, ADDED_COLUMNS } = await import('./schema');
  let db: Db;
  if (opts.databaseUrl) {
    const { openPostgres } = await import('./postgres');
    db = await openPostgres(opts.databaseUrl);
  } else {
    const { openSqlite } = await import('./sqlite');
    db = openSqlite(opts.sqlitePath);
  }
  for (const stmt of schema(db.kind)) await db.exec(stmt);
  for (const c of ADDED_COLUMNS) {
    const columns =
      db.kind === 'sqlite'
        ? (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info('${c.table}')`)).map((r) => r.name)
        : (await db.all<{ name: string }>('SELECT column_name AS name FROM information_schema.columns WHERE table_name = ?', [c.table])).map((r) => r.name);
    if (!columns.includes(c.column)) await db.exec(`ALTER TABLE ${c.table} ADD COLUMN ${c.ddl}`);
  }
  return db;
}
