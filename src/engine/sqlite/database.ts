import * as fs from 'node:fs';
import { basename } from 'node:path';
import type { SqlValue } from './record';
import { decodeRecord, readVarint } from './record';
import type { TableDef } from './schema';
import { parseCreateTable } from './schema';
import type { WalIndex } from './wal';
import { emptyWal, readWal } from './wal';
import { openRegularFile } from '../regularFile';

/** Why a database could not be read; shown to the user with the path. */
export class SqliteError extends Error {
  constructor(
    readonly reason: 'not-sqlite' | 'busy' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

interface FileId {
  size: number;
  mtimeMs: number;
  ino: number;
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
const PAGE_CACHE = 512;
const MAX_DEPTH = 40;
/** A row bigger than this is skipped rather than assembled (a corrupt size, or not usage data). */
export const MAX_ROW_BYTES = 64 * 1024 * 1024;

/**
 * A read-only view of a SQLite database file as it stands at one moment: the main file with the
 * committed frames of its write-ahead log applied, read page by page with plain file reads.
 * SQLite itself is never opened, so no lock is taken, nothing is written (not even the `-shm`
 * index) and no checkpoint can run on our account: the agent writing the database never notices.
 * Only the b-trees of the tables asked for are walked (plus `sqlite_schema`), so nothing but the
 * usage tables is ever read — editor databases also hold secrets.
 */
export class SqliteSnapshot {
  readonly pageSize: number;
  private readonly usable: number;
  private readonly dbPages: number;
  private readonly text: TextDecoder;
  private readonly cache = new Map<number, Buffer>();
  private schema: Map<string, TableDef> | undefined;

  private constructor(
    private readonly dbFd: number,
    private readonly walFd: number | undefined,
    private readonly wal: WalIndex,
    private readonly dbId: FileId,
    fileSize: number,
  ) {
    const head = Buffer.alloc(100);
    const fromFile = fileSize >= 100;
    if (fromFile) fs.readSync(dbFd, head, 0, 100, 0);
    const rawSize = fromFile ? head.readUInt16BE(16) : 0;
    this.pageSize = rawSize === 1 ? 65536 : rawSize || wal.pageSize;
    if (fromFile && !head.subarray(0, 16).equals(MAGIC)) throw new SqliteError('not-sqlite', 'not a SQLite database');
    if (this.pageSize < 512 || (this.pageSize & (this.pageSize - 1)) !== 0) throw new SqliteError('corrupt', `page size ${this.pageSize}`);
    if (wal.pageSize && wal.pageSize !== this.pageSize) throw new SqliteError('corrupt', 'log and database disagree on the page size');
    this.dbPages = wal.dbPages || Math.floor(fileSize / this.pageSize);
    // Page 1 may itself be newer in the log than in the file.
    const page1 = this.page(1);
    // The file's own header was checked above, so a bad page 1 here came from a log rewritten under us.
    if (!page1.subarray(0, 16).equals(MAGIC)) throw new SqliteError('corrupt', 'page 1 is not a database header');
    this.usable = this.pageSize - page1[20]!;
    const enc = page1.readUInt32BE(56);
    this.text = new TextDecoder(enc === 2 ? 'utf-16le' : enc === 3 ? 'utf-16be' : 'utf-8');
  }

  /** Opens `path` (and `path-wal`) read-only and indexes the log. */
  static open(path: string): SqliteSnapshot {
    const dbFd = fs.openSync(path, 'r');
    let walFd: number | undefined;
    try {
      const st = fs.fstatSync(dbFd);
      const head = Buffer.alloc(20);
      if (st.size >= 20) fs.readSync(dbFd, head, 0, 20, 0);
      const walMode = st.size < 20 || head[18] === 2;
      if (!walMode && hotJournal(path)) throw new SqliteError('busy', 'being written (a rollback journal is open)');
      let wal = emptyWal();
      if (walMode) {
        walFd = openRegular(`${path}-wal`);
        if (walFd !== undefined) wal = readWal(walFd, fs.fstatSync(walFd).size);
      }
      if (st.size === 0 && wal.dbPages === 0) throw new SqliteError('not-sqlite', 'empty file');
      return new SqliteSnapshot(dbFd, walFd, wal, { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino }, st.size);
    } catch (e) {
      fs.closeSync(dbFd);
      if (walFd !== undefined) fs.closeSync(walFd);
      throw e;
    }
  }

  /** The main file's inode: a database replaced by a new one has another. */
  get fileId(): number {
    return this.dbId.ino;
  }

  /** Tables by lower-cased name (from `sqlite_schema`). */
  tables(): Map<string, TableDef> {
    if (this.schema) return this.schema;
    const schema = new Map<string, TableDef>();
    const out: Array<SqlValue | undefined> = [];
    for (const [, payload] of this.walk(1, 0, 0, new Set())) {
      decodeRecord(payload, [0, 1, 3, 4], { text: this.text }, out);
      const [type, name, , root, sql] = out;
      if (type !== 'table' || typeof name !== 'string' || typeof root !== 'number' || typeof sql !== 'string') continue;
      try {
        schema.set(name.toLowerCase(), parseCreateTable(name, root, sql));
      } catch {
        // a table we cannot parse is one we do not read
      }
    }
    return (this.schema = schema);
  }

  /**
   * The rows of `table` with rowid ≥ `fromRowid`, in rowid order, with the named columns (rowid
   * aliases get the rowid; columns added after a row was written get their default).
   */
  *rows(table: TableDef, columns: readonly string[], fromRowid = 0): Generator<{ rowid: number; values: SqlValue[] }> {
    if (table.withoutRowid) throw new SqliteError('corrupt', `${table.name} is a WITHOUT ROWID table`);
    const defs = columns.map((name) => {
      const c = table.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!c) throw new Error(`${table.name} has no column ${name}`);
      return c;
    });
    const wanted = defs.filter((c) => !c.rowidAlias && c.recordIndex >= 0).map((c) => c.recordIndex);
    const dec = { text: this.text };
    const out: Array<SqlValue | undefined> = [];
    let last = -Infinity;
    for (const [rowid, payload] of this.walk(table.rootPage, fromRowid, 0, new Set())) {
      // A table b-tree holds its rowids in rising order; anything else is a damaged or crafted file.
      if (rowid <= last) throw new SqliteError('corrupt', `${table.name}: rowid ${rowid} after ${last} (rowids must rise)`);
      last = rowid;
      decodeRecord(payload, wanted, dec, out);
      yield { rowid, values: defs.map((c) => (c.rowidAlias ? rowid : c.recordIndex < 0 ? null : pick(out[c.recordIndex], c.defaultValue))) };
    }
  }

  /** One row by rowid, or undefined. */
  row(table: TableDef, columns: readonly string[], rowid: number): { rowid: number; values: SqlValue[] } | undefined {
    for (const r of this.rows(table, columns, rowid)) return r.rowid === rowid ? r : undefined;
    return undefined;
  }

  /** Whether the files still hold what this snapshot read: no checkpoint and no log restart since. */
  unchanged(path: string): boolean {
    try {
      const st = fs.statSync(path);
      if (st.size !== this.dbId.size || st.mtimeMs !== this.dbId.mtimeMs || st.ino !== this.dbId.ino) return false;
      if (this.walFd === undefined || this.wal.header.length === 0) return true;
      const head = Buffer.alloc(this.wal.header.length);
      fs.readSync(this.walFd, head, 0, head.length, 0);
      return head.equals(this.wal.header);
    } catch {
      return false;
    }
  }

  close(): void {
    fs.closeSync(this.dbFd);
    if (this.walFd !== undefined) fs.closeSync(this.walFd);
  }

  private page(n: number): Buffer {
    const hit = this.cache.get(n);
    if (hit) return hit;
    if (n < 1 || n > this.dbPages) throw new SqliteError('corrupt', `page ${n} is outside the database`);
    const buf = Buffer.alloc(this.pageSize);
    const inWal = this.wal.pages.get(n);
    const got = inWal !== undefined ? fs.readSync(this.walFd!, buf, 0, this.pageSize, inWal) : fs.readSync(this.dbFd, buf, 0, this.pageSize, (n - 1) * this.pageSize);
    if (got !== this.pageSize) throw new SqliteError('corrupt', `page ${n} is cut short`);
    if (this.cache.size >= PAGE_CACHE) this.cache.clear();
    this.cache.set(n, buf);
    return buf;
  }

  /**
   * A table b-tree's cells with rowid ≥ `from`, in order, payloads assembled from overflow pages.
   * Each page is visited at most once per walk (`seen`): interior cells that share a child — a DAG,
   * which the depth limit alone lets multiply the visits exponentially — are refused the way
   * SQLite's own `integrity_check` does ("2nd reference to page").
   */
  private *walk(pgno: number, from: number, depth: number, seen: Set<number>): Generator<[number, Buffer]> {
    if (depth > MAX_DEPTH) throw new SqliteError('corrupt', 'b-tree too deep (a loop?)');
    if (seen.has(pgno)) throw new SqliteError('corrupt', `2nd reference to page ${pgno} (a damaged or crafted b-tree)`);
    seen.add(pgno);
    const page = this.page(pgno);
    const h = pgno === 1 ? 100 : 0;
    const type = page[h];
    const cells = page.readUInt16BE(h + 3);
    if (type === 0x0d) {
      for (let i = 0; i < cells; i++) {
        const [size, afterSize] = readVarint(page, page.readUInt16BE(h + 8 + 2 * i));
        const [rowid, p] = readVarint(page, afterSize);
        if (rowid < from) continue;
        if (size > MAX_ROW_BYTES) throw new SqliteError('corrupt', `a row of ${size} bytes`);
        yield [rowid, this.payload(page, p, size)];
      }
    } else if (type === 0x05) {
      for (let i = 0; i < cells; i++) {
        const p = page.readUInt16BE(h + 12 + 2 * i);
        const [key] = readVarint(page, p + 4);
        if (key < from) continue;
        yield* this.walk(page.readUInt32BE(p), from, depth + 1, seen);
      }
      yield* this.walk(page.readUInt32BE(h + 8), from, depth + 1, seen);
    } else {
      throw new SqliteError('corrupt', `page ${pgno} is not a table b-tree page (type ${type})`);
    }
  }

  /** A table-leaf cell's payload: its local part, then the overflow chain (fileformat2 §1.6). */
  private payload(page: Buffer, at: number, size: number): Buffer {
    const u = this.usable;
    const x = u - 35;
    if (size <= x) return Buffer.from(page.subarray(at, at + size));
    const m = Math.floor(((u - 12) * 32) / 255) - 23;
    const k = m + ((size - m) % (u - 4));
    const local = k <= x ? k : m;
    const out = Buffer.alloc(size);
    page.copy(out, 0, at, at + local);
    let filled = local;
    let next = page.readUInt32BE(at + local);
    let hops = 0;
    while (filled < size) {
      if (next === 0 || ++hops > size / (u - 4) + 1) throw new SqliteError('corrupt', 'overflow chain broken');
      const ov = this.page(next);
      const n = Math.min(u - 4, size - filled);
      ov.copy(out, filled, 4, 4 + n);
      filled += n;
      next = ov.readUInt32BE(0);
    }
    return out;
  }
}

/** A value the record holds (even NULL), else the column's default: the row predates the column. */
function pick(v: SqlValue | undefined, fallback: SqlValue): SqlValue {
  return v === undefined ? fallback : v;
}

/** A rollback journal with a valid header: a writer is mid-transaction (or crashed in one). */
function hotJournal(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openRegular(`${path}-journal`);
  } catch (e) {
    // An unreadable journal was never a reason to skip the database; one that is not a file is.
    if (e instanceof SqliteError) throw e;
  }
  if (fd === undefined) return false;
  try {
    const head = Buffer.alloc(8);
    return fs.readSync(fd, head, 0, 8, 0) === 8 && head.equals(JOURNAL_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A database's companion file (`-wal`, `-journal`) opened for reading, or undefined when there is
 * none; one that exists but is not a regular file (a FIFO would block the read forever; discovery
 * only checks the main file) makes the database one we cannot read.
 */
function openRegular(file: string): number | undefined {
  const fd = openRegularFile(file);
  if (fd === undefined && fs.existsSync(file)) throw new SqliteError('corrupt', `${basename(file)} is not a regular file`);
  return fd;
}

/**
 * Runs `read` on a snapshot and keeps its answer only if the files did not change underneath
 * (the agent checkpointed or restarted its log meanwhile); otherwise reads again. We hold no lock,
 * so this optimistic check is what makes the answer consistent.
 */
export function readConsistent<T>(path: string, read: (db: SqliteSnapshot) => T, attempts = 5): T {
  for (let i = 1; ; i++) {
    const before = fingerprint(path);
    let db: SqliteSnapshot | undefined;
    try {
      db = SqliteSnapshot.open(path);
      const result = read(db);
      if (db.unchanged(path)) return result;
    } catch (e) {
      // A page that moved under us looks corrupt; only an error on files that held still is real.
      const moved = db ? !db.unchanged(path) : fingerprint(path) !== before;
      // A bad varint or a value past its page on a file that held still: the file is damaged.
      if (!moved) throw e instanceof RangeError ? new SqliteError('corrupt', e.message) : e;
    } finally {
      db?.close();
    }
    if (i >= attempts) throw new SqliteError('busy', `changed during ${attempts} reads in a row`);
    // Give the writer a moment to finish its checkpoint (2, 4, 8… ms).
    Atomics.wait(PAUSE, 0, 0, 2 ** i);
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Size and time of the database and its log, to tell "corrupt" from "changing under us". */
function fingerprint(path: string): string {
  const id = (p: string) => {
    try {
      const st = fs.statSync(p);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return '-';
    }
  };
  return `${id(path)}|${id(`${path}-wal`)}`;
}
