/** The one database interface both engines implement; SQL uses `?` placeholders and portable types. */
export interface Db {
  readonly kind: 'sqlite' | 'postgres';
  exec(sql: string): Promise<void>;
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs `fn` in a transaction (committed when it resolves, rolled back when it throws). */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a transaction that also holds the database's one setup lock — across processes:
   * two servers starting on one empty database make one schema and one first team.
   */
  exclusive<T>(fn: (db: Db) => Promise<T>): Promise<T>;
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
  // Concurrent `CREATE TABLE IF NOT EXISTS` on PostgreSQL can still collide in its catalog: migrations run once, under the lock.
  await db.exclusive(async (d) => {
    for (const stmt of schema(d.kind)) await d.exec(stmt);
    for (const c of ADDED_COLUMNS) {
      const columns =
        d.kind === 'sqlite'
          ? (await d.all<{ name: string }>(`SELECT name FROM pragma_table_info('${c.table}')`)).map((r) => r.name)
          : (await d.all<{ name: string }>('SELECT column_name AS name FROM information_schema.columns WHERE table_name = ?', [c.table])).map((r) => r.name);
      if (!columns.includes(c.column)) await d.exec(`ALTER TABLE ${c.table} ADD COLUMN ${c.ddl}`);
    }
  });
  return db;
}
