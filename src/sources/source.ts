import type { AgentId, TokenCounts } from '../shared/tokens';
import type { SkipReason } from '../shared/skipReasons';
export type { SkipReason };

/**
 * How to recognise the same API response seen twice (streaming chunks, subagent copies, forks,
 * migrated files). Events with equal `group` and `variant` are one response; `max` keeps the most
 * complete copy, `first` keeps whichever was seen first. A `sidechain` copy is secondary: it loses
 * a tie to a primary copy, and one whose `group` already has a primary under another variant is a
 * replay and is dropped.
 */
export interface DedupKey {
  group: string;
  variant: string;
  policy: 'max' | 'first';
  sidechain: boolean;
  /** Stands in for responses the file no longer lists (a restored checkpoint's sum of what it removed). */
  standIn?: boolean;
}

/** One normalised usage record, as every source produces it. */
export interface UsageEvent {
  /** Milliseconds since the epoch (UTC): when the response happened, by the agent's own record. */
  ts: number;
  agent: AgentId;
  model: string;
  counts: TokenCounts;
  /** The request's cost in USD as the agent logged it (OpenCode, pi, Cline and its forks), when it did. */
  cost?: number;
  sessionId: string;
  dedup?: DedupKey;
  /**
   * The working folder the agent ran in, where its record says so (local only: `--by project`;
   * never in the ledger that reports are built from).
   */
  project?: string;
}

/** Parses one file's lines in order; its state can be saved and restored between scans. */
export interface FileParser {
  /** A complete line (without its newline) that holds one of the reader's markers; returns why it was skipped, if it was. */
  line(buf: Buffer, start: number, end: number, emit: (e: UsageEvent) => void): SkipReason | undefined;
  /**
   * After the last line of a read: a `complete` reader emits the file's whole current set here,
   * or says the read was not a whole file (`incomplete`: caught mid-rewrite), so nothing is taken back.
   */
  finish?(emit: (e: UsageEvent) => void): { skipped?: Partial<Record<SkipReason, number>>; incomplete?: boolean } | void;
  /** JSON-serialisable state, enough to resume with the next line. */
  save(): unknown;
}

/** What a whole-file parser may look at besides the file itself (files of the same folder). */
export interface DocumentContext {
  /** The file's path relative to its root, `/`-separated. */
  relPath: string;
  /** Text of a file next to this one (by name), or its last `tailBytes`; undefined if absent. */
  readSibling(name: string, tailBytes?: number): string | undefined;
  /** The file's modification time (ms): the date of a record that keeps none of its own (Factory Droid). */
  mtimeMs: number;
}

export interface DocumentResult {
  skipped?: Partial<Record<SkipReason, number>>;
}

/** A value as SQLite stores it. */
export type SqlValue = null | number | string | Uint8Array;

export interface SqlRow {
  rowid: number;
  values: SqlValue[];
}

/** One table of a database, read-only, as the engine exposes it to a source. */
export interface TableView {
  readonly name: string;
  readonly columns: readonly string[];
  /** Rows with rowid ≥ `fromRowid`, in rowid order, with the named columns. */
  rows(columns: readonly string[], fromRowid?: number): Iterable<SqlRow>;
  row(columns: readonly string[], rowid: number): SqlRow | undefined;
}

/** A consistent, read-only view of a database: only the tables a source asks for are read. */
export interface DatabaseView {
  /** A table by name (case-insensitive), or undefined. */
  table(name: string): TableView | undefined;
  /** Every table's name, for a message naming an unknown schema. */
  tableNames(): string[];
  /** The database file's identity (inode), to tell a replaced database from an updated one. */
  readonly fileId: number;
}

/** A database this source cannot read: the message names what was found. */
export class UnknownSchemaError extends Error {}

export interface DatabaseResult {
  /** State for the next read (e.g. the last rowid seen). */
  state: unknown;
  rowsRead: number;
  skipped?: Partial<Record<SkipReason, number>>;
}

/**
 * How one kind of file is read:
 * - `lines`: JSONL read incrementally from a byte offset; only lines holding a marker are parsed;
 * - `document`: one JSON file, read whole whenever its size or time changes (the engine parses
 *   it; a file that is not JSON — half-written, say — keeps what it counted before);
 * - `database`: a SQLite database (with its `-wal`), read through a snapshot, incrementally.
 * A `complete` reader's events are the file's whole current set on every read: items that
 * disappear from the file (an edited request, a restored checkpoint) are taken back — if the
 * reader `keepsDropped`, only when a stand-in for them appears at the same time.
 */
export type FileReader =
  | { kind: 'lines'; markers: readonly Buffer[]; newParser(saved: unknown, relPath: string, file?: { mtimeMs: number }): FileParser; complete?: boolean }
  | {
      kind: 'document';
      parse(json: unknown, ctx: DocumentContext, emit: (e: UsageEvent) => void): DocumentResult;
      complete?: boolean;
      /**
       * With `complete`: responses that leave the file are taken back only when a new stand-in
       * (their sum) arrives in the same read; otherwise they were spent and stay counted.
       */
      keepsDropped?: boolean;
    }
  | {
      kind: 'database';
      read(db: DatabaseView, saved: unknown, emit: (e: UsageEvent) => void, files: FolderFiles): DatabaseResult;
      /**
       * Every read emits the table's whole current set (rows updated in place: one running total
       * per session); as for documents, `keepsDropped` keeps what a deleted row counted.
       */
      complete?: boolean;
      keepsDropped?: boolean;
    };

/**
 * Read-only access to the files beside a database (paths relative to its folder, `/`-separated):
 * for an agent whose database and plain files hold two halves of one count (Copilot CLI).
 */
export interface FolderFiles {
  /** Names in a folder, [] when it is absent or unreadable. */
  list(relDir: string): string[];
  /** Size and time of a file, or undefined. */
  stat(rel: string): { size: number; mtimeMs: number } | undefined;
  /** Bytes `[from, to)` of a file (fewer when it is shorter), or undefined when it cannot be read. */
  read(rel: string, from: number, to: number): Buffer | undefined;
}

/** What a source may know about the machine, passed in so sources stay pure. */
export interface SourceEnv {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `process.platform` of the machine the logs are on (default: this one). */
  platform?: string;
  /** The running editor's `globalStorage` folder (parent of the extension's `globalStorageUri`), searched first. */
  editorGlobalStorage?: string;
}

/** One agent's logs: where they live and how to read each file. */
export interface Source {
  readonly id: AgentId;
  /** Bump when the parser's output changes, so cached files are read again. */
  readonly parserVersion: number;
  /** The folders the agent writes to, honouring the agent's own environment variables. */
  defaultRoots(env: SourceEnv): string[];
  /** How to read a file (path relative to its root, `/`-separated), or undefined when it holds no usage. */
  readerFor(relPath: string): FileReader | undefined;
  /** Whether a folder (relative to its root) can hold usage files; default: every folder. */
  acceptsDir?(relDir: string): boolean;
  /** A sibling (relative path) whose presence makes this file a stale copy that is not read. */
  shadowedBy?(relPath: string): string | undefined;
  /** The project a file's records belong to, from where the agent filed it (when records don't say). */
  projectOf?(relPath: string): string | undefined;
  /** Watch only the folders that hold usage files, not the whole root (roots inside busy editor folders). */
  readonly watchFileFolders?: boolean;
}

/**
 * The most tokens one record may hold. Far above any real request (or Codex's per-file running
 * total), and low enough that ledger sums stay exact integers: a wrapped unsigned −1 (1.8e19)
 * would otherwise swallow every small count added to or taken from its row.
 */
export const MAX_RECORD_TOKENS = 1e12;

/** Reads a non-negative, plausible, integer-ish token count, else undefined. */
export function tokenCount(v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_RECORD_TOKENS) return undefined;
  return Math.round(v);
}

/** A count that may be absent (0) but, when present, must be valid. */
export function optionalCount(v: unknown): number | undefined {
  return v === undefined || v === null ? 0 : tokenCount(v);
}

/** Parses a JSON text, or undefined (without throwing) when it is not JSON. */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A plain object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A timestamp from an ISO string or epoch milliseconds, or NaN. */
export function timeOf(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : NaN;
  if (typeof v === 'string' && v) return Date.parse(v);
  return NaN;
}

/** A cost the agent logged itself, in USD: a finite amount above zero (0 means "on a subscription", not free), else undefined. */
export function loggedCost(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 1e6 ? v : undefined;
}
