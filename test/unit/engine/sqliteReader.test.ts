import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { readConsistent, SqliteError, SqliteSnapshot } from '../../../src/engine/sqlite/database';
import { rng } from '../../../src/shared/rng';

/**
 * The pure-TypeScript SQLite reader against real SQLite (better-sqlite3, SQLite 3.5x): every value
 * must come back as SQLite itself returns it, for page sizes, encodings, overflow chains, deletes,
 * ALTER TABLE columns and rows that live only in the write-ahead log.
 */
function tempDb(): { file: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-sqlite-'));
  return { file: path.join(dir, 'test.db'), dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

type Row = Record<string, unknown>;

/** A WAL database whose main file holds only `t`'s schema: every row written next lives in the log. */
function walWithSchemaOnly(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return db;
}

function readAll(file: string, table: string, columns: string[], from = 0): Row[] {
  return readConsistent(file, (db) => {
    const t = db.tables().get(table)!;
    return [...db.rows(t, columns, from)].map((r) => Object.fromEntries(columns.map((c, i) => [c, norm(r.values[i])])));
  });
}

function norm(v: unknown): unknown {
  return v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v;
}

function expected(db: Database.Database, sql: string): Row[] {
  return (db.prepare(sql).all() as Row[]).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, norm(v)])));
}

function randomValue(rand: () => number): unknown {
  const k = Math.floor(rand() * 9);
  if (k === 0) return null;
  if (k === 1) return Math.floor(rand() * 256) - 128;
  if (k === 2) return Math.floor(rand() * 2 ** 31) * (rand() < 0.5 ? -1 : 1);
  if (k === 3) return Math.floor(rand() * 2 ** 47) * 17;
  if (k === 4) return rand() * 1e6 - 5e5;
  if (k === 5) return Buffer.from(Array.from({ length: Math.floor(rand() * 3000) }, () => Math.floor(rand() * 256)));
  if (k === 6) return 'ü€😀'.repeat(Math.floor(rand() * 4000));
  if (k === 7) return JSON.stringify({ tokens: { input: Math.floor(rand() * 1e6) }, text: 'x'.repeat(Math.floor(rand() * 70_000)) });
  return rand() < 0.5 ? 0 : 1;
}

const CONFIGS = [
  { pageSize: 512, encoding: 'UTF-8', wal: true, checkpoint: false },
  { pageSize: 1024, encoding: 'UTF-16le', wal: true, checkpoint: true },
  { pageSize: 4096, encoding: 'UTF-8', wal: false, checkpoint: false },
  { pageSize: 8192, encoding: 'UTF-16be', wal: true, checkpoint: false },
  { pageSize: 65536, encoding: 'UTF-8', wal: true, checkpoint: true },
];

for (const [i, cfg] of CONFIGS.entries()) {
  test(`every value matches SQLite's own answer (page ${cfg.pageSize}, ${cfg.encoding}, ${cfg.wal ? 'WAL' : 'rollback'}${cfg.checkpoint ? ', checkpointed' : ''})`, () => {
    const { file, dispose } = tempDb();
    try {
      const db = new Database(file);
      db.pragma(`page_size = ${cfg.pageSize}`);
      db.pragma(`encoding = '${cfg.encoding}'`);
      db.pragma(`journal_mode = ${cfg.wal ? 'WAL' : 'DELETE'}`);
      db.pragma('wal_autocheckpoint = 0');
      db.exec('CREATE TABLE other (secret TEXT)');
      db.exec('CREATE TABLE "usage rows" ([key] TEXT, a, b, c, "d""q" BLOB)');
      const rand = rng(100 + i);
      const ins = db.prepare('INSERT INTO "usage rows" VALUES (?, ?, ?, ?, ?)');
      const n = 200 + Math.floor(rand() * 300);
      db.transaction(() => {
        for (let r = 0; r < n; r++) ins.run(`k${r}`, randomValue(rand), randomValue(rand), randomValue(rand), randomValue(rand));
      })();
      db.exec(`DELETE FROM "usage rows" WHERE rowid % 7 = 3`);
      db.exec(`UPDATE "usage rows" SET a = 'updated' WHERE rowid % 11 = 5`);
      db.exec(`ALTER TABLE "usage rows" ADD COLUMN late INTEGER NOT NULL DEFAULT 42`);
      db.exec(`ALTER TABLE "usage rows" ADD COLUMN note TEXT DEFAULT 'it''s'`);
      db.prepare('INSERT INTO "usage rows" (key, a, late, note) VALUES (?, ?, ?, ?)').run('new', 1, 7, null);
      if (cfg.checkpoint) db.pragma('wal_checkpoint(TRUNCATE)');
      const cols = ['key', 'a', 'b', 'c', 'd"q', 'late', 'note'];
      const want = expected(db, 'SELECT key, a, b, c, "d""q", late, note FROM "usage rows" ORDER BY rowid');
      assert.deepEqual(readAll(file, 'usage rows', cols), want);
      // A range read starts at the asked rowid.
      const mid = (db.prepare('SELECT rowid AS r FROM "usage rows" ORDER BY rowid LIMIT 1 OFFSET 100').get() as { r: number }).r;
      const tail = readAll(file, 'usage rows', ['key'], mid);
      assert.deepEqual(tail.map((r) => r.key), want.slice(100).map((r) => r.key));
      db.close();
    } finally {
      dispose();
    }
  });
}

test('rows only in the write-ahead log are read; uncommitted and torn frames are not', () => {
  const { file, dispose } = tempDb();
  try {
    const db = walWithSchemaOnly(file);
    db.prepare('INSERT INTO t (v) VALUES (?)').run('committed');
    assert.equal(fs.statSync(file).size, 8192, 'the main file has only the schema');
    assert.deepEqual(readAll(file, 't', ['id', 'v']), [{ id: 1, v: 'committed' }]);
    // An open transaction whose pages spill into the log (tiny cache) must stay invisible.
    db.pragma('cache_size = 1');
    db.exec('BEGIN');
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 200; i++) ins.run('x'.repeat(3000));
    assert.ok(fs.statSync(`${file}-wal`).size > 100_000, 'the open transaction wrote frames');
    assert.deepEqual(readAll(file, 't', ['id', 'v']), [{ id: 1, v: 'committed' }]);
    db.exec('ROLLBACK');
    db.close();
  } finally {
    dispose();
  }
});

test('a log cut mid-frame or with a bad checksum ends at the last good commit', () => {
  const { file, dispose } = tempDb();
  try {
    const db = walWithSchemaOnly(file);
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    ins.run('one');
    const afterOne = fs.statSync(`${file}-wal`).size;
    ins.run('two');
    const copy = `${file}.copy`;
    // Copy the files as a crash would leave them (SQLite would delete the log on a clean close).
    fs.copyFileSync(file, copy);
    const wal = fs.readFileSync(`${file}-wal`);
    fs.writeFileSync(`${copy}-wal`, wal.subarray(0, wal.length - 100));
    assert.deepEqual(readAll(copy, 't', ['v']), [{ v: 'one' }]);
    const flipped = Buffer.from(wal);
    flipped[afterOne + 24 + 50] = flipped[afterOne + 24 + 50]! ^ 0xff;
    fs.writeFileSync(`${copy}-wal`, flipped);
    assert.deepEqual(readAll(copy, 't', ['v']), [{ v: 'one' }]);
    fs.writeFileSync(`${copy}-wal`, wal);
    assert.deepEqual(readAll(copy, 't', ['v']), [{ v: 'one' }, { v: 'two' }]);
    db.close();
  } finally {
    dispose();
  }
});

test('reading never changes a byte or a timestamp of the database, its log or its index', () => {
  const { file, dispose } = tempDb();
  try {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    db.prepare('INSERT INTO t (v) VALUES (?)').run('a');
    const files = [file, `${file}-wal`, `${file}-shm`];
    const fingerprint = () => files.map((f) => `${createHash('sha256').update(fs.readFileSync(f)).digest('hex')} ${fs.statSync(f).mtimeMs}`);
    const before = fingerprint();
    for (let i = 0; i < 3; i++) assert.equal(readAll(file, 't', ['v']).length, 1);
    assert.deepEqual(fingerprint(), before);
    // The agent can still write at once: we held no lock.
    db.prepare('INSERT INTO t (v) VALUES (?)').run('b');
    db.close();
  } finally {
    dispose();
  }
});

test('a database being written by another process reads as a consistent whole every time', async () => {
  const { file, dispose } = tempDb();
  try {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, batch INTEGER, pad TEXT)');
    db.close();
    // Each transaction inserts 10 rows; SQLite's automatic checkpoints move them into the main file
    // (and restart the log) while we read.
    const writer = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
      db.pragma('wal_autocheckpoint = 20');
      const ins = db.prepare('INSERT INTO t (batch, pad) VALUES (?, ?)');
      const tx = db.transaction((b) => { for (let i = 0; i < 10; i++) ins.run(b, 'p'.repeat(500)); });
      // About a thousand commits a second: far busier than any agent, yet leaving the reader a chance.
      const pause = new Int32Array(new SharedArrayBuffer(4));
      let b = 0; tx(b++); console.log('go');
      const end = Date.now() + 2500;
      while (Date.now() < end) { tx(b++); Atomics.wait(pause, 0, 0, 1); }
      console.log(b);
    `], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const started = new Promise<void>((r) => writer.stdout.on('data', (d) => ((out += d), out.includes('go') && r())));
    const exited = new Promise<number>((r) => writer.on('exit', (c) => r(c ?? 1)));
    await started;
    let reads = 0;
    let busy = 0;
    let last = 0;
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline) {
      await new Promise((r) => setImmediate(r));
      let rows: Row[];
      try {
        rows = readAll(file, 't', ['id', 'batch']);
      } catch (e) {
        if (e instanceof SqliteError && e.reason === 'busy') {
          busy++;
          continue;
        }
        throw e;
      }
      reads++;
      assert.equal(rows.length % 10, 0, 'whole transactions only');
      rows.forEach((r, i) => assert.equal(r.id, i + 1));
      for (let i = 0; i < rows.length; i++) assert.equal(rows[i]!.batch, Math.floor(i / 10));
      assert.ok(rows.length >= last, 'never goes back in time');
      last = rows.length;
    }
    assert.equal(await exited, 0);
    assert.ok(reads >= 3, `${reads} consistent reads (${busy} retried to busy)`);
    assert.ok(last > 0, 'the reads saw the writer’s rows');
    assert.ok(Number(out.split('\n')[1]) > 1);
  } finally {
    dispose();
  }
});

test('a rollback-journal database in the middle of a write is reported busy, then read', () => {
  const { file, dispose } = tempDb();
  try {
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.pragma('cache_size = 1');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    db.exec('BEGIN EXCLUSIVE');
    for (let i = 0; i < 100; i++) db.prepare('INSERT INTO t (v) VALUES (?)').run('y'.repeat(2000));
    assert.throws(() => readAll(file, 't', ['v']), (e: unknown) => e instanceof SqliteError && e.reason === 'busy');
    db.exec('COMMIT');
    assert.equal(readAll(file, 't', ['v']).length, 100);
    db.close();
  } finally {
    dispose();
  }
});

test('files that are not databases are refused with a reason', () => {
  const { file, dispose } = tempDb();
  try {
    fs.writeFileSync(file, 'definitely not sqlite'.repeat(100));
    assert.throws(() => SqliteSnapshot.open(file), (e: unknown) => e instanceof SqliteError && e.reason === 'not-sqlite');
    fs.writeFileSync(file, '');
    assert.throws(() => SqliteSnapshot.open(file), (e: unknown) => e instanceof SqliteError && e.reason === 'not-sqlite');
  } finally {
    dispose();
  }
});
