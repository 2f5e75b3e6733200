import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentId } from '../shared/tokens';
import type { DocumentContext, FileReader, SkipReason } from '../sources/source';
import { UnknownSchemaError } from '../sources/source';
import { sourceById } from '../sources/registry';
import { readLines } from './lineReader';
import { databaseView } from './sqlite/view';
import { readConsistent, SqliteError } from './sqlite/database';
import type { FileCursor, SkipCounts } from './store';
import { EventSink } from './eventPack';
import { folderFiles } from './folderFiles';
import { openRegularFile } from './regularFile';

/** One file to read from its cursor (or from the start): the unit of work of a scan. */
export interface FileTask {
  path: string;
  rel: string;
  agent: AgentId;
  size: number;
  mtimeMs: number;
  cursor?: FileCursor;
  /** File events under their project, not their model (the `--by project` ledger). */
  byProject?: boolean;
}

/** A record whose agent keeps no working folder for it. */
export const NO_PROJECT = '(no project recorded)';

function newSink(task: FileTask, keepKeys = false): EventSink {
  if (!task.byProject) return new EventSink(keepKeys);
  // The record's own working folder first (Claude Code, Codex), else the folder the agent filed it under.
  const filed = sourceById(task.agent).projectOf?.(task.rel) ?? NO_PROJECT;
  return new EventSink(keepKeys, (e) => e.project ?? filed);
}

/**
 * What reading a file produced, compact enough to cross a thread boundary cheaply: events as
 * numbers in a transferable Float64Array, their strings in a table.
 */
export interface FileTaskResult {
  path: string;
  cursor: FileCursor;
  nums: Float64Array;
  strings: string[];
  skipped: Partial<Record<SkipReason, number>>;
  bytesRead: number;
  rowsRead: number;
  /** The events are the file's whole current set (a `complete` reader that read successfully). */
  complete: boolean;
  /** Responses that left the file stay counted unless a stand-in for them arrived. */
  keepsDropped: boolean;
  /** Something the user should read about this file (an unknown schema, say). */
  problem?: string;
}

const TAIL_BYTES = 32;
/** Whole-file JSON bigger than this is skipped (a V8 string holds at most ~512 MiB anyway). */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** Reads one file's new content and parses it; dedup and the ledger are the caller's. */
export function runFileTask(task: FileTask): FileTaskResult {
  const reader = sourceById(task.agent).readerFor(task.rel);
  if (!reader) throw new Error(`no reader for ${task.rel}`);
  if (reader.kind === 'lines') return readLineFile(task, reader);
  if (reader.kind === 'document') return readDocument(task, reader);
  return readDatabase(task, reader);
}

function readLineFile(task: FileTask, reader: Extract<FileReader, { kind: 'lines' }>): FileTaskResult {
  const fd = fs.openSync(task.path, 'r');
  try {
    const c = task.cursor;
    const resume = c !== undefined && c.agent === task.agent && canResume(fd, task.size, c);
    const parser = reader.newParser(resume ? c.state : undefined, task.rel, { mtimeMs: task.mtimeMs });
    const sink = newSink(task, reader.complete === true);
    const lineSkips: SkipCounts = {};
    const result = readLines(fd, resume ? c.offset : 0, task.size, reader.markers, (buf, s, e) => {
      const skip = parser.line(buf, s, e, sink.emit);
      if (skip) addSkips(lineSkips, { [skip]: 1 });
    });
    if (result.tooLong) addSkips(lineSkips, { 'line-too-long': result.tooLong });
    const end = parser.finish?.(sink.emit) ?? {};
    const endSkips = end.skipped ?? {};
    const skipped = addSkips({ ...lineSkips }, endSkips);
    const cursor: FileCursor = { agent: task.agent, size: task.size, mtimeMs: task.mtimeMs, offset: result.endOffset, tail: readTail(fd, result.endOffset), state: parser.save() };
    // Lines are read once, so their skips add up; a complete reader's `finish` judges its whole
    // replayed set each time, so its verdict replaces the last one (kept while the file is mid-rewrite).
    const earlier = resume ? c : undefined;
    if (reader.complete) {
      setSkips(cursor, 'skipped', addSkips({ ...earlier?.skipped }, lineSkips));
      setSkips(cursor, 'setSkipped', end.incomplete ? { ...earlier?.setSkipped } : endSkips);
    } else {
      setSkips(cursor, 'skipped', addSkips({ ...earlier?.skipped }, skipped));
    }
    return {
      path: task.path,
      cursor,
      nums: sink.take(),
      strings: sink.strings,
      skipped,
      bytesRead: result.bytesRead,
      rowsRead: 0,
      complete: reader.complete === true && !end.incomplete,
      keepsDropped: false,
    };
  } finally {
    fs.closeSync(fd);
  }
}

/** The file is read whole; a half-written or corrupt one keeps what it counted before. */
function readDocument(task: FileTask, reader: Extract<FileReader, { kind: 'document' }>): FileTaskResult {
  const sink = newSink(task, reader.complete === true);
  const skipped: Partial<Record<SkipReason, number>> = {};
  const cursor: FileCursor = { agent: task.agent, size: task.size, mtimeMs: task.mtimeMs, offset: task.size, tail: '', state: null };
  // The file is read whole, so what this read skipped is all the file holds that cannot count.
  const out = (complete: boolean, bytesRead = 0): FileTaskResult => ({
    path: task.path,
    cursor: setSkips(cursor, 'skipped', skipped),
    nums: sink.take(),
    strings: sink.strings,
    skipped,
    bytesRead,
    rowsRead: 0,
    complete,
    keepsDropped: reader.keepsDropped === true,
  });
  if (task.size > MAX_DOCUMENT_BYTES) {
    skipped['file-too-large'] = 1;
    return out(false);
  }
  const bytes = fs.readFileSync(task.path);
  // A UTF-8 byte-order mark is not JSON, but editors on Windows write one.
  const text = bytes.toString('utf8', bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0);
  if (text.trim() === '') return out(false, bytes.length);
  const dir = path.dirname(task.path);
  const ctx: DocumentContext = { relPath: task.rel, readSibling: (name, tail) => readSibling(path.join(dir, name), tail), mtimeMs: task.mtimeMs };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    skipped['invalid-json'] = 1;
    return out(false, bytes.length);
  }
  Object.assign(skipped, reader.parse(json, ctx, sink.emit).skipped);
  return out(reader.complete === true, bytes.length);
}

function readSibling(file: string, tailBytes?: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = openRegularFile(file);
  } catch {
    return undefined;
  }
  if (fd === undefined) return undefined;
  try {
    const size = fs.fstatSync(fd).size;
    const n = tailBytes === undefined ? Math.min(size, MAX_DOCUMENT_BYTES) : Math.min(size, tailBytes);
    const buf = Buffer.alloc(n);
    fs.readSync(fd, buf, 0, n, size - n);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** A snapshot of the database (its log applied), read from where the last read stopped. */
function readDatabase(task: FileTask, reader: Extract<FileReader, { kind: 'database' }>): FileTaskResult {
  const skipped: Partial<Record<SkipReason, number>> = {};
  const prev = task.cursor?.agent === task.agent ? task.cursor : undefined;
  const cursor: FileCursor = { agent: task.agent, size: task.size, mtimeMs: task.mtimeMs, offset: 0, tail: '', state: prev?.state ?? null };
  const complete = reader.complete === true;
  let sink = newSink(task, complete);
  let rowsRead = 0;
  let problem: string | undefined;
  let read = false;
  try {
    const files = folderFiles(path.dirname(task.path));
    const r = readConsistent(task.path, (db) => {
      // Only the attempt that read a stable snapshot counts.
      sink = newSink(task, complete);
      return reader.read(databaseView(db), prev?.state ?? null, sink.emit, files);
    });
    cursor.state = r.state;
    rowsRead = r.rowsRead;
    read = true;
    Object.assign(skipped, r.skipped);
    // Rows are read once (by rowid from the saved state), so their skips add up; a complete
    // reader judges every row on every read, so its verdict replaces the last one.
    const resumed = prev?.state != null && !complete ? prev : undefined;
    setSkips(cursor, 'skipped', addSkips({ ...resumed?.skipped }, r.skipped ?? {}));
  } catch (e) {
    sink = newSink(task, complete);
    if (e instanceof UnknownSchemaError) {
      skipped['unknown-schema'] = 1;
      setSkips(cursor, 'skipped', skipped);
      problem = `${task.path}: ${e.message}`;
    } else if (e instanceof SqliteError && e.reason === 'busy') {
      skipped['database-busy'] = 1;
      // Keep the old cursor: the next scan sees a change and tries again. Busy is this scan's
      // news, not something the database holds.
      if (prev) Object.assign(cursor, { size: prev.size, mtimeMs: prev.mtimeMs });
      else cursor.size = -1;
      setSkips(cursor, 'skipped', { ...prev?.skipped });
    } else if (e instanceof SqliteError && e.reason === 'not-sqlite') {
      skipped['not-a-database'] = 1;
      setSkips(cursor, 'skipped', skipped);
      problem = `${task.path}: ${e.message}`;
    } else if (e instanceof SqliteError) {
      throw new Error(`damaged database (${e.message})`);
    } else {
      throw e;
    }
  }
  return { path: task.path, cursor, nums: sink.take(), strings: sink.strings, skipped, bytesRead: 0, rowsRead, complete: complete && read, keepsDropped: reader.keepsDropped === true, problem };
}

export function addSkips(into: SkipCounts, more: SkipCounts): SkipCounts {
  for (const [reason, n] of Object.entries(more) as Array<[SkipReason, number]>) if (n) into[reason] = (into[reason] ?? 0) + n;
  return into;
}

/** Keeps a cursor's skip counts only when there are any: most files have none, and cursors are many. */
function setSkips(cursor: FileCursor, key: 'skipped' | 'setSkipped', counts: SkipCounts): FileCursor {
  if (Object.keys(counts).length) cursor[key] = counts;
  else delete cursor[key];
  return cursor;
}

/** Appended, not rewritten: the file is at least as long and the bytes before the cursor are the same. */
function canResume(fd: number, size: number, cursor: FileCursor): boolean {
  return size >= cursor.offset && readTail(fd, cursor.offset) === cursor.tail;
}

function readTail(fd: number, offset: number): string {
  const n = Math.min(TAIL_BYTES, offset);
  const buf = Buffer.alloc(n);
  if (n > 0) fs.readSync(fd, buf, 0, n, offset - n);
  return buf.toString('base64');
}
