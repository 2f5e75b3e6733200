import type { AgentId } from '../shared/tokens';
import type { ScanReport } from '../shared/snapshot';
import type { SkipReason } from '../sources/source';
import type { LedgerRow } from '../core/ledger';
import { utcDayName } from '../core/ledger';
import { DedupShard, shardOf } from '../core/dedupIndex';
import type { Manifest, PartText } from './packedParts';
import { PackedParts } from './packedParts';

/** Bump when the on-disk layout or any parser's meaning changes: the cache is then rebuilt. */
export const STORE_SCHEMA = 5;

/** Where a file was read up to, and how to tell that it is still the same file. */
export interface FileCursor {
  agent: AgentId;
  size: number;
  mtimeMs: number;
  offset: number;
  /** The 32 bytes before `offset`, base64: if they change, the file was rewritten, not appended. */
  tail: string;
  state: unknown;
  /** For a file whose reads are complete sets: the dedup groups it counted, to take back those it drops. */
  claims?: string[];
  /**
   * What the file holds that could not be counted, per reason, so it is reported for as long as it
   * is there: `skipped` adds up with each read from the cursor; `setSkipped` is a complete reader's
   * verdict on its whole current set, replaced by each read. Absent when empty.
   */
  skipped?: SkipCounts;
  setSkipped?: SkipCounts;
}

export type SkipCounts = Partial<Record<SkipReason, number>>;

/** slot, agent, model, input, output, cacheRead, cacheWrite, reasoning, costMicros, unpriced. */
type RowTuple = [number, AgentId, string, number, number, number, number, number, number, number];

/** A cache file that cannot be trusted; the scanner answers it by rebuilding. */
export class CacheCorruptError extends Error {}

/** What an opened cache holds for its writer. */
export interface OpenedCache {
  cursors: Map<string, FileCursor>;
  rows: LedgerRow[];
  /**
   * Agents whose parser changed meaning since their rows were counted: their rows and cursors are
   * already left out; the caller also drops their dedup entries, then reads their logs again.
   */
  recount: Set<AgentId>;
  /** The last report committed, if any. */
  report?: ScanReport;
}

/** What a reader of another process' cache needs: the ledger and the scan that made it. */
export interface PublishedLedger {
  rows: LedgerRow[];
  report: ScanReport | undefined;
}

/** Folders of the layout before packs (schema 2): removed when such a cache is rebuilt. */
const OLD_LAYOUT = ['ledger', 'dedup', 'files'];

/**
 * The persistent cache: per-file cursors and the dedup index in hash shards, the ledger a UTC day
 * a part. Changes are staged and then committed together as one pack file and a new manifest
 * (see PackedParts), so a scan's persist is a few writes, and a kill leaves the old cache or the
 * new one, never a mix.
 */
export class Store {
  readonly problems: string[] = [];
  private readonly parts: PackedParts;
  private readonly staged = new Map<string, PartText | undefined>();

  /** `mayCommit`: whether this process still holds the right to write the cache (CacheLease). */
  constructor(
    readonly dir: string,
    private readonly parserVersions: Record<string, number>,
    mayCommit?: () => boolean,
  ) {
    this.parts = new PackedParts(dir, mayCommit);
  }

  /**
   * Opens the cache for writing, or starts a fresh one if it is missing, corrupt or of another
   * layout. A parser whose version changed costs only its own agent's rows (see `recount`); an
   * agent new to this version has nothing cached yet and costs nothing.
   */
  open(forceRebuild = false): OpenedCache {
    this.staged.clear();
    let meta: Manifest | undefined;
    try {
      meta = this.parts.load();
    } catch {
      this.problems.push('cache metadata corrupt: rebuilt from the logs');
      return this.reset();
    }
    const valid = meta && meta.schema === STORE_SCHEMA && isVersionMap(meta.parsers) && Array.isArray(meta.packs) && typeof meta.parts === 'object';
    if (forceRebuild || !valid || !meta) {
      if (meta && !forceRebuild) this.problems.push('cache from another version: rebuilt from the logs');
      return this.reset();
    }
    const recount = new Set(Object.keys(this.parserVersions).filter((a) => meta.parsers[a] !== undefined && meta.parsers[a] !== this.parserVersions[a]) as AgentId[]);
    try {
      const cursors = new Map<string, FileCursor>();
      for (const name of this.parts.names('files/')) {
        const saved = this.readPart<{ cursors: Record<string, FileCursor> }>(name).cursors;
        const kept = Object.entries(saved).filter(([, v]) => !recount.has(v.agent));
        for (const [k, v] of kept) cursors.set(k, v);
        if (kept.length < Object.keys(saved).length) this.staged.set(name, kept.length ? JSON.stringify({ cursors: Object.fromEntries(kept) }) : undefined);
      }
      const rows: LedgerRow[] = [];
      for (const name of this.parts.names('ledger/')) {
        const day = this.readPart<{ rows: RowTuple[] }>(name).rows.map(rowFromTuple);
        const kept = day.filter((r) => !recount.has(r.agent));
        rows.push(...kept);
        if (kept.length < day.length) this.staged.set(name, kept.length ? JSON.stringify({ rows: kept.map(rowToTuple) }) : undefined);
      }
      if (!sameVersions(meta.parsers, this.parserVersions)) this.parts.setParsers(this.parserVersions);
      if (recount.size > 0) this.problems.push(`counting rules changed for ${[...recount].join(', ')}: their logs are read again`);
      return { cursors, rows, recount, report: this.readPart<{ report: ScanReport }>('report', false)?.report };
    } catch (e) {
      this.problems.push(`cache unreadable (${(e as Error).message}): rebuilt from the logs`);
      return this.reset();
    }
  }

  /**
   * The ledger and last scan report as the writer (another window's worker, another CLI run) last
   * committed them, read without taking anything over; undefined when there is no cache yet.
   * Throws CacheCorruptError when it cannot be read whole.
   */
  openPublished(): PublishedLedger | undefined {
    try {
      const meta = this.parts.load();
      if (!meta || meta.schema !== STORE_SCHEMA) return undefined;
      return { rows: this.readRows(), report: this.readPart<{ report: ScanReport }>('report', false)?.report };
    } catch (e) {
      throw new CacheCorruptError((e as Error).message);
    } finally {
      // A reader holds no pack open: the writer may retire them.
      this.parts.close();
    }
  }

  /** Whether the cache on disk is still what this process loaded or committed last. */
  current(): boolean {
    return this.parts.current();
  }

  loadShard(id: number): DedupShard {
    try {
      const bytes = this.parts.read(`dedup/${id}`);
      return bytes ? DedupShard.deserialize(bytes) : new DedupShard();
    } catch (e) {
      throw new CacheCorruptError(`dedup shard ${id}: ${(e as Error).message}`);
    }
  }

  /**
   * Stages the cursor shards that hold any of the `changed` paths. A cursor whose parser state
   * cannot be written (too deep, a cycle) costs that file alone: it is saved without its state, to
   * be read again from the start — every parser's events carry dedup keys, so that counts nothing
   * twice — and never stops the rest of the cache from being saved.
   */
  saveCursors(cursors: Map<string, FileCursor>, changed: Iterable<string>): void {
    const shards = new Set<number>();
    for (const p of changed) shards.add(cursorShard(p));
    if (shards.size === 0) return;
    const byShard = new Map<number, string[]>([...shards].map((s) => [s, []]));
    for (const [p, c] of cursors) {
      const entries = byShard.get(cursorShard(p));
      if (entries) entries.push(`${JSON.stringify(p)}:${this.cursorJson(p, c)}`);
    }
    for (const [s, entries] of byShard) this.staged.set(`files/${s}`, `{"cursors":{${entries.join(',')}}}`);
  }

  /** What the last scan found (sources, folders, skips), for the windows that read this cache. */
  saveReport(report: ScanReport): void {
    this.staged.set('report', JSON.stringify({ report }));
  }

  saveDay(dayIndex: number, rows: LedgerRow[]): void {
    this.staged.set(`ledger/${utcDayName(dayIndex)}`, rows.length ? JSON.stringify({ rows: rows.map(rowToTuple) }) : undefined);
  }

  /** The shard's bytes are made as the pack is written, one shard at a time. */
  saveShard(id: number, shard: DedupShard): void {
    this.staged.set(`dedup/${id}`, () => shard.serialize());
  }

  /** Writes what was staged since the last commit, atomically. */
  commit(): void {
    const changes = new Map(this.staged);
    this.staged.clear();
    this.parts.commit(changes);
  }

  close(): void {
    this.parts.close();
  }

  private reset(): OpenedCache {
    this.parts.clear(STORE_SCHEMA, this.parserVersions, OLD_LAYOUT);
    return { cursors: new Map(), rows: [], recount: new Set() };
  }

  private readRows(): LedgerRow[] {
    const rows: LedgerRow[] = [];
    for (const name of this.parts.names('ledger/')) for (const t of this.readPart<{ rows: RowTuple[] }>(name).rows) rows.push(rowFromTuple(t));
    return rows;
  }

  private cursorJson(file: string, c: FileCursor): string {
    try {
      return JSON.stringify(c);
    } catch (e) {
      this.problems.push(`${file}: its reading state could not be saved (${(e as Error).message}); it will be read again from the start`);
      return JSON.stringify({ ...c, state: undefined, offset: 0, size: -1, mtimeMs: -1, tail: '' });
    }
  }

  private readPart<T>(name: string, required?: true): T;
  private readPart<T>(name: string, required: false): T | undefined;
  private readPart<T>(name: string, required = true): T | undefined {
    const bytes = this.parts.read(name);
    if (bytes === undefined) {
      if (required) throw new Error(`${name}: missing`);
      return undefined;
    }
    return JSON.parse(bytes.toString('utf8')) as T;
  }
}

const CURSOR_SHARDS = 16;

function cursorShard(filePath: string): number {
  return shardOf(filePath) % CURSOR_SHARDS;
}

function sameVersions(a: Record<string, number>, b: Record<string, number>): boolean {
  return Object.keys(b).every((k) => a[k] === b[k]) && Object.keys(a).length === Object.keys(b).length;
}

function isVersionMap(v: unknown): v is Record<string, number> {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'number');
}

function rowToTuple(r: LedgerRow): RowTuple {
  const c = r.counts;
  return [r.slot, r.agent, r.model, c.input, c.output, c.cacheRead, c.cacheWrite, c.reasoning, c.costMicros ?? 0, c.unpriced ?? 0];
}

function rowFromTuple(t: RowTuple): LedgerRow {
  return { slot: t[0], agent: t[1], model: t[2], counts: { input: t[3], output: t[4], cacheRead: t[5], cacheWrite: t[6], reasoning: t[7], costMicros: t[8], unpriced: t[9] } };
}
