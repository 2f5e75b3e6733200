import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { readConsistent, SqliteError } from '../../../src/engine/sqlite/database';

/**
 * Databases built to hurt (#20): b-trees whose interior cells share a child (a DAG: SQLite's own
 * integrity_check says "2nd reference to page"), leaves whose rowids do not rise, and a `-wal` or
 * `-journal` that is a FIFO. Each must be refused as damaged, in bounded time and memory.
 */
function tempDir(): { dir: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-sqlite-hostile-'));
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const PAGE = 512;

/** A rollback-journal database with a table deep enough for two interior levels, closed. */
function deepTable(file: string): number {
  const db = new Database(file);
  db.pragma(`page_size = ${PAGE}`);
  db.pragma('journal_mode = DELETE');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const insert = db.prepare('INSERT INTO t (id, v) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= 20_000; i++) insert.run(i, 'x'.repeat(20));
  })();
  const root = (db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 't'").get() as { rootpage: number }).rootpage;
  db.close();
  return root;
}

/** An interior table page's child pointers: each cell's, then the right-most. */
function children(buf: Buffer, pgno: number): { at: number[]; pages: number[] } {
  const base = (pgno - 1) * PAGE;
  assert.equal(buf[base], 0x05, `page ${pgno} is an interior table page`);
  const cells = buf.readUInt16BE(base + 3);
  const at: number[] = [];
  for (let i = 0; i < cells; i++) at.push(base + buf.readUInt16BE(base + 12 + 2 * i));
  at.push(base + 8);
  return { at, pages: at.map((o) => buf.readUInt32BE(o)) };
}

/** Points every child of the root, and every child of its first child, at one page: k² visits of one leaf. */
function makeDag(file: string, root: number): void {
  const buf = fs.readFileSync(file);
  const top = children(buf, root);
  const first = top.pages[0]!;
  for (const o of top.at) buf.writeUInt32BE(first, o);
  const mid = children(buf, first);
  for (const o of mid.at) buf.writeUInt32BE(mid.pages[0]!, o);
  fs.writeFileSync(file, buf);
}

function readIds(file: string): number[] {
  return readConsistent(file, (db) => [...db.rows(db.tables().get('t')!, ['id'])].map((r) => r.rowid));
}

test('a b-tree whose interior cells share a child is refused as damaged, naming the page', () => {
  const { dir, dispose } = tempDir();
  try {
    const file = path.join(dir, 'dag.db');
    const root = deepTable(file);
    assert.equal(readIds(file).length, 20_000, 'the intact table reads whole');
    makeDag(file, root);
    assert.throws(
      () => readIds(file),
      (e: unknown) => e instanceof SqliteError && e.reason === 'corrupt' && /2nd reference to page \d+/.test(e.message),
    );
  } finally {
    dispose();
  }
});

test('leaf rowids that do not rise are refused as damaged', () => {
  const { dir, dispose } = tempDir();
  try {
    const file = path.join(dir, 'order.db');
    const root = deepTable(file);
    const buf = fs.readFileSync(file);
    // Swap the first two cell pointers of the first leaf: its rowids then fall.
    let pg = root;
    while (buf[(pg - 1) * PAGE] === 0x05) pg = children(buf, pg).pages[0]!;
    const base = (pg - 1) * PAGE;
    const a = buf.readUInt16BE(base + 8);
    buf.writeUInt16BE(buf.readUInt16BE(base + 10), base + 8);
    buf.writeUInt16BE(a, base + 10);
    fs.writeFileSync(file, buf);
    assert.throws(
      () => readIds(file),
      (e: unknown) => e instanceof SqliteError && e.reason === 'corrupt' && /rowid/.test(e.message),
    );
  } finally {
    dispose();
  }
});

/**
 * Opens the database in a child process: a read that blocks on a FIFO blocks its whole thread, so
 * only another process can see that it never returns.
 */
function openInChild(file: string): { status: number | null; stdout: string; timedOut: boolean } {
  const script = `
    const { readConsistent } = require(${JSON.stringify(path.resolve('src/engine/sqlite/database.ts'))});
    try { readConsistent(${JSON.stringify(file)}, (db) => db.tables().size); console.log('read'); }
    catch (e) { console.log(e.reason + ': ' + e.message); }`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' };
}

for (const kind of ['wal', 'journal'] as const) {
  test(`a FIFO named <db>-${kind} is refused without blocking the scan`, () => {
    const { dir, dispose } = tempDir();
    try {
      const file = path.join(dir, `${kind}.db`);
      const db = new Database(file);
      db.pragma(`journal_mode = ${kind === 'wal' ? 'WAL' : 'DELETE'}`);
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
      db.close();
      if (kind === 'wal') fs.rmSync(`${file}-wal`, { force: true });
      execFileSync('mkfifo', [`${file}-${kind}`]);
      const r = openInChild(file);
      assert.equal(r.timedOut, false, 'the read returned');
      assert.match(r.stdout, new RegExp(`corrupt: .*-${kind} is not a regular file`));
    } finally {
      dispose();
    }
  });
}
