import * as fs from 'node:fs';
import type { AgentId } from '../shared/tokens';
import type { ScanReport } from '../shared/snapshot';
import type { Source, SourceEnv, SkipReason, UsageEvent } from '../sources/source';
import { SOURCES } from '../sources/registry';
import { Ledger } from '../core/ledger';
import type { LedgerRow } from '../core/ledger';
import { DedupIndex } from '../core/dedupIndex';
import { discover, errCode } from './discovery';
import type { FoundFile } from './discovery';
import { readLines } from './lineReader';
import type { FileCursor } from './store';
import { CacheCorruptError, Store } from './store';

export interface ScanConfig {
  cacheDir: string;
  env: SourceEnv;
  /** Extra folders per agent (settings or `--dir`), walked in addition to the defaults. */
  extraDirs?: Partial<Record<AgentId, string[]>>;
  /** Agents to read; all when absent. */
  agents?: readonly AgentId[];
}

export interface ScanOutcome {
  rows: LedgerRow[];
  report: ScanReport;
  /** Whether the ledger changed in this scan. */
  changed: boolean;
}

const TAIL_BYTES = 32;
const MAX_PROBLEMS = 20;

/**
 * Incremental scanner over every enabled source. Keeps its state between runs (in a worker it
 * lives as long as the extension), so an unchanged tree costs one `stat` per file.
 */
export class Scanner {
  private store: Store;
  private ledger = new Ledger();
  private dedup!: DedupIndex;
  private cursors = new Map<string, FileCursor>();
  private opened = false;

  constructor(private config: ScanConfig) {
    this.store = this.newStore();
  }

  /** New settings (folders, agents) apply to the next run. */
  reconfigure(config: ScanConfig): void {
    const movedCache = config.cacheDir !== this.config.cacheDir;
    this.config = config;
    if (movedCache) this.opened = false;
  }

  /** The ledger as last scanned (opening the cache if no scan ran yet). */
  rows(): LedgerRow[] {
    if (!this.opened) this.open(false);
    return this.ledger.all();
  }

  run(options: { rebuild?: boolean } = {}): ScanOutcome {
    try {
      return this.runOnce(options.rebuild === true);
    } catch (e) {
      // A damaged cache file is never trusted: start again from the logs.
      const problem = `cache damaged (${(e as Error).message}): rebuilt from the logs`;
      const outcome = this.runOnce(true);
      outcome.report.problems.unshift(problem);
      return outcome;
    }
  }

  private runOnce(rebuild: boolean): ScanOutcome {
    const started = Date.now();
    if (!this.opened || rebuild) this.open(rebuild);
    const skipped: Record<string, number> = {};
    const problems: string[] = [...this.store.problems.splice(0)];
    const bump = (reason: SkipReason | 'unreadable', n = 1): void => {
      skipped[reason] = (skipped[reason] ?? 0) + n;
    };

    const sources = SOURCES.filter((s) => !this.config.agents || this.config.agents.includes(s.id));
    const plan = sources.map((source) => ({
      source,
      roots: [...source.defaultRoots(this.config.env), ...(this.config.extraDirs?.[source.id] ?? [])],
    }));
    const found = discover(plan);
    for (const p of found.problems) problems.push(p);
    if (found.problems.length) bump('unreadable', found.problems.length);

    let parsed = 0;
    let bytesRead = 0;
    const dirtyCursors = new Set<string>();
    const seen = new Set<string>();
    for (const file of found.files) {
      seen.add(file.path);
      const cursor = this.cursors.get(file.path);
      if (cursor && cursor.size === file.size && cursor.mtimeMs === file.mtimeMs) continue;
      try {
        const result = this.parseFile(file, cursor, bump);
        bytesRead += result.bytesRead;
        parsed++;
        dirtyCursors.add(file.path);
      } catch (e) {
        if (e instanceof CacheCorruptError) throw e;
        bump('unreadable');
        problems.push(`${file.path}: ${errCode(e)}`);
      }
    }
    // A file that is gone keeps its tokens in the ledger; only its cursor goes.
    for (const p of [...this.cursors.keys()]) {
      if (!seen.has(p) && found.roots.some((r) => r.found && p.startsWith(r.path))) {
        this.cursors.delete(p);
        dirtyCursors.add(p);
      }
    }

    const days = this.ledger.takeDirtyDays();
    for (const d of days) this.store.saveDay(d, this.ledger.day(d));
    for (const [id, shard] of this.dedup.takeDirty()) this.store.saveShard(id, shard);
    this.store.saveCursors(this.cursors, dirtyCursors);

    const report: ScanReport = {
      finishedAt: Date.now(),
      durationMs: Date.now() - started,
      filesSeen: found.files.length,
      filesParsed: parsed,
      bytesRead,
      skipped,
      problems: problems.slice(0, MAX_PROBLEMS),
      sources: sources.map((s) => ({
        agent: s.id,
        folders: found.roots.filter((r) => r.source === s).map((r) => ({ path: r.path, found: r.found })),
        files: found.files.filter((f) => f.source === s).length,
      })),
    };
    return { rows: this.ledger.all(), report, changed: days.length > 0 };
  }

  private open(rebuild: boolean): void {
    this.store = this.newStore();
    const { cursors, rows } = this.store.open(rebuild);
    this.cursors = cursors;
    this.ledger = new Ledger();
    this.ledger.load(rows);
    this.dedup = new DedupIndex((id) => this.store.loadShard(id));
    this.opened = true;
  }

  private newStore(): Store {
    const versions: Record<string, number> = {};
    for (const s of SOURCES) versions[s.id] = s.parserVersion;
    return new Store(this.config.cacheDir, versions);
  }

  private parseFile(
    file: FoundFile,
    cursor: FileCursor | undefined,
    bump: (r: SkipReason | 'unreadable', n?: number) => void,
  ): { bytesRead: number } {
    const fd = fs.openSync(file.path, 'r');
    try {
      const resume = cursor && cursor.agent === file.source.id && canResume(fd, file.size, cursor);
      const start = resume ? cursor.offset : 0;
      const parser = (file.source as Source).newParser(resume ? cursor.state : undefined);
      const emit = (e: UsageEvent): void => {
        this.dedup.apply(e, this.ledger);
      };
      const result = readLines(fd, start, file.size, file.source.markers, (buf, s, e) => {
        const skip = parser.line(buf, s, e, emit);
        if (skip) bump(skip);
      });
      if (result.tooLong) bump('line-too-long', result.tooLong);
      this.cursors.set(file.path, {
        agent: file.source.id,
        size: file.size,
        mtimeMs: file.mtimeMs,
        offset: result.endOffset,
        tail: readTail(fd, result.endOffset),
        state: parser.save(),
      });
      return result;
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** Appended, not rewritten: the file is at least as long and the bytes before the cursor are the same. */
function canResume(fd: number, size: number, cursor: FileCursor): boolean {
  if (size < cursor.offset) return false;
  return readTail(fd, cursor.offset) === cursor.tail;
}

function readTail(fd: number, offset: number): string {
  const n = Math.min(TAIL_BYTES, offset);
  const buf = Buffer.alloc(n);
  if (n > 0) fs.readSync(fd, buf, 0, n, offset - n);
  return buf.toString('base64');
}
