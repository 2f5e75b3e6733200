import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScanReport } from '../shared/snapshot';
import type { LedgerRow } from '../core/ledger';
import { SOURCES } from '../sources/registry';
import { CacheLease } from './cacheLease';
import type { LeaseOptions } from './cacheLease';
import { Scanner } from './scanner';
import type { ScanConfig, ScanOutcome } from './scanner';
import { Store } from './store';

/** Whether this process scans into the shared cache (`writer`) or reads what the writer commits. */
export type CacheRole = 'writer' | 'reader';

export interface SharedOutcome extends ScanOutcome {
  role: CacheRole;
}

/** The file a reader touches to ask the writer for a scan (and, with `rebuild`, a rebuild). */
export const WAKE_FILE = 'wake.json';

/**
 * One cache folder shared by every window (and CLI run) on this machine: whoever holds the lease
 * (CacheLease) scans the logs and commits; the others follow what it commits — reading only the
 * ledger and the last scan's report, after each commit — and take over when the writer goes (its
 * window closed: the lease is released; its process died: the lease is stale). So N windows cost
 * one scan, a pack is retired only by the one writer, and nothing a reader may be reading is
 * deleted under it (packs are kept RETIRE_MS after they are let go).
 */
export class SharedScanner {
  private lease: CacheLease;
  private scanner: Scanner;
  private readerStore: Store;
  private published: { rows: LedgerRow[]; report: ScanReport } | undefined;
  private role_: CacheRole = 'reader';

  constructor(
    private config: ScanConfig,
    private readonly leaseOptions: LeaseOptions = {},
  ) {
    this.lease = new CacheLease(config.cacheDir, leaseOptions);
    this.scanner = this.newScanner();
    this.readerStore = this.newReaderStore();
  }

  get role(): CacheRole {
    return this.role_;
  }

  get cacheDir(): string {
    return this.config.cacheDir;
  }

  /** New settings apply to the next run; another cache folder starts over. */
  reconfigure(config: ScanConfig): void {
    if (config.cacheDir !== this.config.cacheDir) {
      this.close();
      this.config = config;
      this.lease = new CacheLease(config.cacheDir, this.leaseOptions);
      this.scanner = this.newScanner();
      this.readerStore = this.newReaderStore();
      this.published = undefined;
      return;
    }
    this.config = config;
    this.scanner.reconfigure(config);
  }

  /**
   * Scans if this process holds (or can take) the lease; otherwise answers from what the writer
   * last committed, and — when `nudge` — asks it for a scan (a reader's Refresh, its poll).
   */
  async run(options: { rebuild?: boolean; paths?: Iterable<string>; nudge?: boolean } = {}): Promise<SharedOutcome> {
    if (this.lease.tryAcquire()) {
      if (this.role_ === 'reader') {
        // What this process knew came from the last writer: start from what it committed.
        this.scanner.reload();
        this.published = undefined;
        this.role_ = 'writer';
      }
      return { ...(await this.scanner.run({ rebuild: options.rebuild, paths: this.role_ === 'writer' ? options.paths : undefined })), role: 'writer' };
    }
    this.role_ = 'reader';
    if (options.nudge || options.rebuild) this.nudge(options.rebuild === true);
    return { ...this.follow(), role: 'reader' };
  }

  /** The ledger as this process knows it: scanned (writer) or as last committed (reader). */
  rows(): LedgerRow[] {
    return this.role_ === 'writer' ? this.scanner.rows() : this.follow().rows;
  }

  /** Keeps the lease fresh while this process lives and is the writer; false when it was lost. */
  renew(): boolean {
    if (this.role_ !== 'writer') return false;
    if (this.lease.renew()) return true;
    this.role_ = 'reader';
    return false;
  }

  /** Whether no live process holds the lease (its writer closed or died): time to take over. */
  writerGone(): boolean {
    return !this.lease.heldByOther();
  }

  /** Gives the lease up so another window takes over at once. */
  close(): void {
    if (this.role_ === 'writer') this.scanner.persist();
    this.lease.release();
    this.role_ = 'reader';
  }

  /** Reads the writer's last commit again only when there is a new one. */
  private follow(): Omit<ScanOutcome, 'report'> & { report: ScanReport } {
    if (this.published && this.readerStore.current()) return { ...this.published, changed: false };
    const got = this.readerStore.openPublished();
    this.published = { rows: got?.rows ?? [], report: got?.report ?? emptyReport() };
    return { ...this.published, changed: true };
  }

  private nudge(rebuild: boolean): void {
    try {
      fs.mkdirSync(this.config.cacheDir, { recursive: true });
      fs.writeFileSync(path.join(this.config.cacheDir, WAKE_FILE), JSON.stringify({ at: Date.now(), rebuild }), { mode: 0o600 });
    } catch {
      // The writer scans on its own watchers anyway; this only hurries it.
    }
  }

  private newScanner(): Scanner {
    return new Scanner(this.config, { mayCommit: () => this.lease.holds() });
  }

  private newReaderStore(): Store {
    const versions: Record<string, number> = {};
    for (const s of SOURCES) versions[s.id] = s.parserVersion;
    return new Store(this.config.cacheDir, versions);
  }
}

/** What a reader shows before any writer committed a report: nothing scanned yet. */
function emptyReport(): ScanReport {
  return { finishedAt: Date.now(), durationMs: 0, filesSeen: 0, filesParsed: 0, bytesRead: 0, skipped: {}, problems: [], sources: [], watch: [] };
}
