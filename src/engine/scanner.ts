import { availableParallelism } from 'node:os';
import type { AgentId } from '../shared/tokens';
import type { ScanReport } from '../shared/snapshot';
import type { SourceEnv } from '../sources/source';
import { SOURCES } from '../sources/registry';
import { Ledger, SLOT_MS } from '../core/ledger';
import type { LedgerRow } from '../core/ledger';
import { DedupIndex, ownerKey } from '../core/dedupIndex';
import type { ApplyOutcome } from '../core/dedupIndex';
import { discover, discoverPaths } from './discovery';
import type { DiscoveryResult } from './discovery';
import { addSkips } from './fileTask';
import { applyPack, forEachEvent } from './eventPack';
import type { FileTask, FileTaskResult } from './fileTask';
import { chunkByBytes, parseOne, ParseThread } from './parseThread';
import type { ParseOutcome } from './parseThread';
import type { FileCursor } from './store';
import { CacheCorruptError, Store } from './store';
import { CommitRefusedError } from './packedParts';
import { findNoCounts } from '../sources/noCounts';
import { nodeLookFs } from './lookFs';

export interface ScanConfig {
  cacheDir: string;
  env: SourceEnv;
  /** Extra folders per agent (settings or `--dir`), walked in addition to the defaults. */
  extraDirs?: Partial<Record<AgentId, string[]>>;
  /** Agents to read; all when absent. */
  agents?: readonly AgentId[];
  /** The built parse worker; when set, big scans parse on several threads. */
  parseWorkerPath?: string;
  /** Bytes to read from which threads are worth their start-up (default 32 MiB). */
  parallelMinBytes?: number;
  /** At most this many files are read on the calling thread in a parallel scan (tests move the cut with it). */
  callerFiles?: number;
  /** Bytes of a parallel scan's chunk (default 16 MiB; tests make several of a small tree). */
  chunkBytes?: number;
  /** Rows by project instead of model: the local-only `--by project` ledger, in a cache of its own. */
  byProject?: boolean;
}

/** How this process may use the cache folder it shares with other windows and CLI runs. */
export interface CacheAccess {
  /** Asked before each commit: whether this process still holds the right to write (CacheLease). */
  mayCommit?: () => boolean;
  /** Scan in memory from what the cache holds, never writing it (another process is the writer). */
  readOnly?: boolean;
}

export interface ScanOutcome {
  rows: LedgerRow[];
  report: ScanReport;
  /** Whether the ledger changed in this scan. */
  changed: boolean;
}

const MAX_PROBLEMS = 20;
const MAX_AGENT_PROBLEMS = 5;

interface AgentTally {
  skipped: Record<string, number>;
  problems: string[];
  rowsRead: number;
}

function tallySkip(t: AgentTally, reason: string, n: number, problem?: string): void {
  t.skipped[reason] = (t.skipped[reason] ?? 0) + n;
  if (problem) t.problems.push(problem);
}

/** The newest 15-minute slot with tokens, per agent, as a time: the Sources view's "last activity". */
function newestPerAgent(rows: readonly LedgerRow[]): Map<AgentId, number> {
  const out = new Map<AgentId, number>();
  for (const r of rows) if ((out.get(r.agent) ?? -1) < r.slot) out.set(r.agent, r.slot);
  for (const [a, slot] of out) out.set(a, slot * SLOT_MS);
  return out;
}

const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
/** How long after a request an agent may write its record and it still counts as made, not found. */
const BACKFILL_SLACK_MS = 10 * 60_000;
/**
 * A big scan reads its files in chunks of this many bytes, each from both ends by this thread and
 * the parse thread: the parse thread's part waits in memory until this one applies it.
 */
const CHUNK_BYTES = 16 * 1024 * 1024;

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
  /** The last full discovery: what `paths` scans resolve against and report as the tree. */
  private lastFull: DiscoveryResult | undefined;
  /** The last scan's cache writes, when they were deferred. */
  private pending: (() => void) | undefined;
  /** Editors and agents found whose files hold no counts, as the last full scan saw them. */
  private noCounts: NonNullable<ScanReport['noCounts']> = [];

  /** What the last committed report said, less its timings: a new one is saved only when it differs. */
  private savedReport = '';
  /** When the last scan ended (from the cache's report at open): what is counted from before it was found, not made. */
  private lastScanAt = 0;
  /** This scan counted a token dated before `lastScanAt` (less the slack). */
  private backfill = false;

  constructor(
    private config: ScanConfig,
    private readonly access: CacheAccess = {},
  ) {
    this.store = this.newStore();
  }

  /** Loads the cache again at the next run (another process wrote it, or this one takes it over). */
  reload(): void {
    this.opened = false;
  }

  /** New settings (folders, agents) apply to the next run. */
  reconfigure(config: ScanConfig): void {
    const movedCache = config.cacheDir !== this.config.cacheDir;
    if (JSON.stringify(config) !== JSON.stringify(this.config)) this.lastFull = undefined;
    this.config = config;
    if (movedCache) this.opened = false;
  }

  /** The ledger as last scanned (opening the cache if no scan ran yet). */
  rows(): LedgerRow[] {
    if (!this.opened) this.open(false);
    return this.ledger.all();
  }

  /**
   * Scans the tree (or, with `paths`, only those files — what a watcher reported — against the
   * last full scan's folders) and updates the ledger.
   */
  async run(options: { rebuild?: boolean; paths?: Iterable<string>; deferPersist?: boolean } = {}): Promise<ScanOutcome> {
    this.persist();
    const defer = options.deferPersist === true;
    try {
      return await this.runOnce(options.rebuild === true, options.paths, defer);
    } catch (e) {
      if (!(e instanceof CacheCorruptError)) throw e;
      // A damaged cache file is never trusted: start again from the logs.
      const problem = `cache damaged (${e.message}): rebuilt from the logs`;
      const outcome = await this.runOnce(true, undefined, defer);
      outcome.report.problems.unshift(problem);
      return outcome;
    }
  }

  /**
   * Writes what the last scan changed to the cache, if it was deferred (`run({ deferPersist })`:
   * the CLI prints its answer first); the next run does it otherwise.
   */
  persist(): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.();
  }

  private async runOnce(rebuild: boolean, paths: Iterable<string> | undefined, deferPersist: boolean): Promise<ScanOutcome> {
    const started = Date.now();
    if (!this.opened || rebuild) this.open(rebuild);
    // Agents write a record minutes after its request began; a first scan or a rebuild finds everything.
    const foundBefore = this.lastScanAt > 0 ? this.lastScanAt - BACKFILL_SLACK_MS : Infinity;
    this.backfill = false;
    const count = (ts: number, outcome: ApplyOutcome) => {
      if (outcome === 'counted' && ts < foundBefore) this.backfill = true;
    };
    // Folders that could not be listed; the per-agent counts are added once the scan is done.
    const skipped: Record<string, number> = {};
    const problems: string[] = [...this.store.problems.splice(0)];

    const sources = SOURCES.filter((s) => !this.config.agents || this.config.agents.includes(s.id));
    const plan = sources.map((source) => ({
      source,
      roots: [...source.defaultRoots(this.config.env), ...(this.config.extraDirs?.[source.id] ?? [])],
    }));
    const partial = paths !== undefined && this.lastFull !== undefined && !rebuild;
    // An empty cache means a big first scan is likely: the parse thread boots while discovery runs.
    let thread = !partial && this.cursors.size === 0 ? this.startThread() : undefined;
    let found: DiscoveryResult;
    try {
      found = partial ? discoverPaths(paths, this.lastFull!) : discover(plan);
    } catch (e) {
      // A live thread would keep the process from exiting.
      void thread?.close();
      throw e;
    }
    if (!partial) this.lastFull = found;
    for (const p of found.problems) problems.push(p);
    if (found.problems.length) skipped.unreadable = found.problems.length;

    let parsed = 0;
    let bytesRead = 0;
    const perAgent = new Map<AgentId, AgentTally>(sources.map((s) => [s.id, { skipped: {}, problems: [], rowsRead: 0 }]));
    const dirtyCursors = new Set<string>();
    const seen = new Set<string>();
    const tasks: FileTask[] = [];
    let toRead = 0;
    for (const file of found.files) {
      seen.add(file.path);
      const cursor = this.cursors.get(file.path);
      if (cursor && cursor.size === file.size && cursor.mtimeMs === file.mtimeMs) continue;
      tasks.push({ path: file.path, rel: file.rel, agent: file.source.id, size: file.size, mtimeMs: file.mtimeMs, cursor, byProject: this.config.byProject });
      toRead += file.size - (cursor && cursor.offset <= file.size ? cursor.offset : 0);
    }
    const apply = (task: FileTask, r: ParseOutcome): void => {
      const tally = perAgent.get(task.agent);
      if ('error' in r) {
        problems.push(`${task.path}: ${r.error}`);
        if (tally) tallySkip(tally, 'unreadable', 1, `${task.path}: ${r.error}`);
        return;
      }
      if (r.complete) {
        r.cursor.claims = this.applyComplete(task, r, count);
      } else {
        // A failed read of a complete-set file keeps what it counted until it reads well again.
        if (task.cursor?.claims) r.cursor.claims = task.cursor.claims;
        applyPack(r, task.agent, this.dedup, this.ledger, count);
      }
      // What the file holds that cannot count is in its cursor (summed below); a busy database is news of this scan.
      const busy = r.skipped['database-busy'];
      if (busy && tally) tallySkip(tally, 'database-busy', busy);
      if (tally) tally.rowsRead += r.rowsRead;
      if (r.problem) {
        problems.push(r.problem);
        tally?.problems.push(r.problem);
      }
      this.cursors.set(task.path, r.cursor);
      dirtyCursors.add(task.path);
      bytesRead += r.bytesRead;
      parsed++;
    };
    const parallel = tasks.length > 1 && toRead >= (this.config.parallelMinBytes ?? PARALLEL_MIN_BYTES);
    if (!parallel) void thread?.close();
    thread = parallel ? (thread ?? this.startThread()) : undefined;
    try {
      await this.parseAll(tasks, thread, apply);
    } finally {
      void thread?.close();
    }
    // A file that a newer sibling supersedes gives back what it counted: the sibling is the truth.
    for (const p of found.shadowed) {
      const claims = this.cursors.get(p)?.claims;
      if (!claims) continue;
      const owner = ownerKey(p);
      for (const g of claims) this.dedup.retract(g, owner, this.ledger);
      this.cursors.delete(p);
      dirtyCursors.add(p);
    }
    // A file that is gone keeps its tokens in the ledger; only its cursor goes.
    for (const p of partial ? [] : [...this.cursors.keys()]) {
      if (!seen.has(p) && found.roots.some((r) => r.found && p.startsWith(r.path))) {
        this.cursors.delete(p);
        dirtyCursors.add(p);
      }
    }

    const days = this.ledger.takeDirtyDays();
    const rows = this.ledger.all();
    const lastActivity = newestPerAgent(rows);
    const tree = this.lastFull ?? found;
    if (!partial) this.noCounts = findNoCounts(this.config.env, nodeLookFs, new Set(tree.files.map((f) => f.source.id)));
    // Reported for as long as the logs hold it, not only by the scan that read it.
    for (const f of tree.files) {
      const c = this.cursors.get(f.path);
      const tally = perAgent.get(f.source.id);
      if (!tally || !c || (!c.skipped && !c.setSkipped)) continue;
      addSkips(tally.skipped, c.skipped ?? {});
      addSkips(tally.skipped, c.setSkipped ?? {});
    }
    for (const tally of perAgent.values()) addSkips(skipped, tally.skipped);
    const report: ScanReport = {
      finishedAt: Date.now(),
      durationMs: Date.now() - started,
      filesSeen: tree.files.length,
      filesParsed: parsed,
      bytesRead,
      skipped,
      problems: problems.slice(0, MAX_PROBLEMS),
      sources: sources.map((s) => {
        const tally = perAgent.get(s.id)!;
        return {
          agent: s.id,
          folders: tree.roots.filter((r) => r.source === s).map((r) => ({ path: r.path, found: r.found })),
          files: tree.files.filter((f) => f.source === s).length,
          rowsRead: tally.rowsRead,
          skipped: tally.skipped,
          problems: tally.problems.slice(0, MAX_AGENT_PROBLEMS),
          lastActivity: lastActivity.get(s.id) ?? null,
        };
      }),
      watch: tree.watch,
      noCounts: this.noCounts,
      backfill: this.backfill,
    };
    this.lastScanAt = report.finishedAt;
    this.pending = this.access.readOnly ? undefined : () => this.save(days, dirtyCursors, report);
    if (!deferPersist) this.persist();
    return { rows, report, changed: days.length > 0 };
  }

  /**
   * Commits what a scan changed. Refused (another process wrote the cache, or this one lost the
   * right to): nothing was written, and the next run loads what the writer committed and reads on
   * from its cursors.
   */
  private save(days: readonly number[], dirtyCursors: ReadonlySet<string>, report: ScanReport): void {
    for (const d of days) this.store.saveDay(d, this.ledger.day(d));
    for (const [id, shard] of this.dedup.takeDirty()) this.store.saveShard(id, shard);
    // The index of a big history is tens of MB; the extension's worker should not carry it between scans.
    this.dedup.evict();
    this.store.saveCursors(this.cursors, dirtyCursors);
    const reportKey = reportKeyOf(report);
    // With the ledger: so a reader learns whether these very changes were found or made (backfill).
    if (reportKey !== this.savedReport || days.length > 0) this.store.saveReport(report);
    try {
      this.store.commit();
      this.savedReport = reportKey;
    } catch (e) {
      if (!(e instanceof CommitRefusedError)) throw e;
      this.opened = false;
    }
  }

  /** Parses and applies `tasks` in file order, with the parse thread when there is one. */
  private async parseAll(tasks: readonly FileTask[], thread: ParseThread | undefined, apply: (task: FileTask, r: ParseOutcome) => void): Promise<void> {
    if (!thread) {
      for (const task of tasks) apply(task, parseOne(task));
      return;
    }
    await thread.readWith(chunkByBytes(tasks, this.config.chunkBytes ?? CHUNK_BYTES), apply, this.config.callerFiles);
  }

  private startThread(): ParseThread | undefined {
    return this.config.parseWorkerPath && availableParallelism() > 1 ? new ParseThread(this.config.parseWorkerPath) : undefined;
  }

  /**
   * A file read as a complete set: its events replace what it counted before, and what it no
   * longer holds (an edited request, a restored checkpoint) is taken back. Returns its claims.
   */
  private applyComplete(task: FileTask, r: FileTaskResult, count: (ts: number, outcome: ApplyOutcome) => void): string[] {
    const owner = ownerKey(task.path);
    const before = new Set(task.cursor?.claims ?? []);
    const groups = new Set<string>();
    let newStandIn = false;
    forEachEvent(r, task.agent, (e, key) => {
      // Without a key an event could not be taken back, so a complete reader must give one.
      if (!e.dedup) return;
      groups.add(e.dedup.group);
      if (e.dedup.standIn && !before.has(e.dedup.group)) newStandIn = true;
      count(e.ts, this.dedup.apply(e, this.ledger, owner, key));
    });
    // What left the file: taken back, unless the reader keeps spent responses and nothing stands in for them.
    if (!r.keepsDropped || newStandIn) for (const g of before) if (!groups.has(g)) this.dedup.retract(g, owner, this.ledger);
    return [...groups];
  }

  private open(rebuild: boolean): void {
    this.pending = undefined;
    this.store.close();
    this.store = this.newStore();
    const { cursors, rows, recount, report } = this.store.open(rebuild);
    this.cursors = cursors;
    this.ledger = new Ledger();
    this.ledger.load(rows);
    this.dedup = new DedupIndex((id) => this.store.loadShard(id));
    // Their rows are gone: so must be what the index knows of them, or reading again counts nothing.
    if (recount.size > 0) this.dedup.dropAgents(recount);
    this.savedReport = report ? reportKeyOf(report) : '';
    this.lastScanAt = rebuild ? 0 : report?.finishedAt ?? 0;
    this.opened = true;
  }

  private newStore(): Store {
    const versions: Record<string, number> = {};
    for (const s of SOURCES) versions[s.id] = s.parserVersion;
    return new Store(this.config.cacheDir, versions, this.access.mayCommit);
  }
}

/** A report less what changes with every scan (timings, rows read, this scan's problems and finds): saved when it differs. */
function reportKeyOf(report: ScanReport): string {
  const sources = report.sources.map((s) => ({ ...s, rowsRead: 0, problems: [] }));
  return JSON.stringify({ ...report, finishedAt: 0, durationMs: 0, filesParsed: 0, bytesRead: 0, problems: [], backfill: false, sources });
}
