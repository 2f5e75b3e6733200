import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './db';

/** Embedded SQLite (one file, WAL): the zero-set-up default. */
export function openSqlite(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };
  const db: Db = {
    kind: 'sqlite',
    exec: async (sql) => void sqlite.exec(sql),
    all: async <T>(sql: string, params: unknown[] = []) => prepare(sql).all(...params) as T[],
    run: async (sql, params = []) => prepare(sql).run(...params).changes,
    // better-sqlite3 is synchronous and the callers await only this connection, so no other
    // request's statements can interleave between BEGIN and COMMIT.
    async tx(fn) {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        const r = await fn(db);
        sqlite.exec('COMMIT');
        return r;
      } catch (e) {
        sqlite.exec('ROLLBACK');
        throw e;
      }
    },
    // BEGIN IMMEDIATE takes SQLite's write lock, which other processes on the file respect too.
    exclusive: (fn) => db.tx(fn),
    close: async () => void sqlite.close(),
  };
  return db;
}
