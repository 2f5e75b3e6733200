import type { AgentId } from '../shared/tokens';
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

  constructor(readonly dir: string, private readonly parserVersions: Record<string, number>) {
    this.parts = new PackedParts(dir);
  }

  /** Opens the cache, or starts a fresh one if it is missing, corrupt or of another version. */
  open(forceRebuild = false): { cursors: Map<string, FileCursor>; rows: LedgerRow[] } {
    this.staged.clear();
    let meta: Manifest | undefined;
    try {
      meta = this.parts.load();
    } catch {
      this.problems.push('cache metadata corrupt: rebuilt from the logs');
      return this.reset();
    }
    const valid = meta && meta.schema === STORE_SCHEMA && sameVersions(meta.parsers, this.parserVersions) && Array.isArray(meta.packs) && typeof meta.parts === 'object';
    if (forceRebuild || !valid) {
      if (meta && !forceRebuild) this.problems.push('cache from another version: rebuilt from the logs');
      return this.reset();
    }
    try {
      const cursors = new Map<string, FileCursor>();
      for (const name of this.parts.names('files/')) {
        for (const [k, v] of Object.entries(this.readPart<{ cursors: Record<string, FileCursor> }>(name).cursors)) cursors.set(k, v);
      }
      const rows: LedgerRow[] = [];
      for (const name of this.parts.names('ledger/')) for (const t of this.readPart<{ rows: RowTuple[] }>(name).rows) rows.push(rowFromTuple(t));
      return { cursors, rows };
    } catch (e) {
      this.problems.push(`cache unreadable (${(e as Error).message}): rebuilt from the logs`);
      return this.reset();
    }
  }

  loadShard(id: number): DedupShard {
    try {
      const bytes = this.parts.read(`dedup/${id}`);
      return bytes ? DedupShard.deserialize(bytes) : new DedupShard();
    } catch (e) {
      throw new CacheCorruptError(`dedup shard ${id}: ${(e as Error).message}`);
    }
  }

  /** Stages the cursor shards that hold any of the `changed` paths. */
  saveCursors(cursors: Map<string, FileCursor>, changed: Iterable<string>): void {
    const shards = new Set<number>();
    for (const p of changed) shards.add(cursorShard(p));
    if (shards.size === 0) return;
    const byShard = new Map<number, Record<string, FileCursor>>([...shards].map((s) => [s, {}]));
    for (const [p, c] of cursors) {
      const rec = byShard.get(cursorShard(p));
      if (rec) rec[p] = c;
    }
    for (const [s, rec] of byShard) this.staged.set(`files/${s}`, JSON.stringify({ cursors: rec }));
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

  private reset(): { cursors: Map<string, FileCursor>; rows: LedgerRow[] } {
    this.parts.clear(STORE_SCHEMA, this.parserVersions, OLD_LAYOUT);
    return { cursors: new Map(), rows: [] };
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

function sameVersions(a: Record<string, number> | undefined, b: Record<string, number>): boolean {
  return !!a && Object.keys(b).every((k) => a[k] === b[k]) && Object.keys(a).length === Object.keys(b).length;
}

function rowToTuple(r: LedgerRow): RowTuple {
  const c = r.counts;
  return [r.slot, r.agent, r.model, c.input, c.output, c.cacheRead, c.cacheWrite, c.reasoning, c.costMicros ?? 0, c.unpriced ?? 0];
}

function rowFromTuple(t: RowTuple): LedgerRow {
  return { slot: t[0], agent: t[1], model: t[2], counts: { input: t[3], output: t[4], cacheRead: t[5], cacheWrite: t[6], reasoning: t[7], costMicros: t[8], unpriced: t[9] } };
}
