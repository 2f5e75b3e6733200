import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './db';

/**
 * The database holds the team's names, emails and daily tokens: the owner's alone. A folder the
 * server makes is 0700; the file is made 0600 before SQLite opens it (SQLite gives its -wal and
 * -shm files the database file's mode), and one an older server left readable is tightened.
 */
function ownerOnly(file: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      if (fs.statSync(f).mode & 0o077) fs.chmodSync(f, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}

/** Embedded SQLite (one file, WAL): the zero-set-up default. */
export function openSqlite(file: string): Db {
  if (file !== ':memory:') ownerOnly(file);
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
