import type { Snapshot } from '../shared/snapshot';
import type { Disposer, Log } from '../shared/emitter';
import { Emitter } from '../shared/emitter';
import { SKIP_REASON_TEXT } from '../shared/skipReasons';
import type { DailyJson } from '../core/daily';
import type { ReportRow } from '../core/report';
import { Zone } from '../core/time';
import type { WatchTarget } from './discovery';
import type { ScanConfig } from './scanner';
import type { ScanResult } from './scanClient';
import type { ViewOptions } from './scanProtocol';

export type LedgerState =
  | { kind: 'loading' }
  | { kind: 'ready'; snapshot: Snapshot; fresh: boolean }
  | { kind: 'error'; snapshot: Snapshot | undefined; message: string };

/** The scan worker, as the ledger uses it (`ScanClient`). */
export interface LedgerScanner {
  scan(config: ScanConfig, view: ViewOptions, rebuild: boolean, reportSince?: string): Promise<ScanResult>;
  report(config: ScanConfig, timezone: string, since: string): Promise<ReportRow[]>;
  daily(config: ScanConfig, timezone: string): Promise<DailyJson>;
  demo?(view: ViewOptions): Promise<Snapshot>;
  dispose(): void;
}

/** What the ledger needs from its surroundings (the editor, the settings), given explicitly. */
export interface LedgerHost {
  scanConfig(): ScanConfig;
  /** The view in force: the user's settings, or the team's policy when reporting is on. */
  view(): ViewOptions;
  /** The first day reporting shares, when it is on: scans then also derive the report rows. */
  reportSince(): string | undefined;
  /** Watches folders (the editor's own watcher, a second source beside the worker's); `onChange` schedules a scan. */
  watch(targets: readonly WatchTarget[], onChange: () => void): Disposer;
  isFocused(): boolean;
  pollSeconds(): number;
  log: Log;
}

/** Quiet period after a log write before scanning, and the longest a busy agent can delay it. */
const DEBOUNCE_MS = 400;
const MAX_WAIT_MS = 2000;
/**
 * The fallback poll looks again only once a thousand times its last look has passed (0.1 % of a
 * core), however big the history (a look stats every file), and at least every ten poll periods.
 */
const POLL_SHARE = 1000;
const POLL_STRETCH_MAX = 10;

/**
 * The host-side face of the scan worker: scans when the agents' logs change (seen by the worker's
 * own recursive watcher, by the editor's watcher, and by a stat-only poll while the window is
 * focused), and publishes snapshots and the rows reporting shares. Never reads a log itself, and
 * knows nothing of VS Code: the host is given to it.
 */
export class LiveLedger {
  private readonly emitter = new Emitter<LedgerState>();
  readonly onDidChange = this.emitter.event;
  private current: LedgerState = { kind: 'loading' };
  private watchers: Disposer | undefined;
  private watchedKey = '';
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  /** The last scan that found nothing new (what one more look costs), and when it ended. */
  private lastLook = { ms: 0, endedAt: 0 };
  private firstEventAt = 0;
  private scanning: Promise<void> | undefined;
  /** Asked for while a scan ran: another scan, and whether it must be a rebuild. */
  private again: { rebuild: boolean } | undefined;
  private reportedSkips = '';
  private disposed = false;
  private rows: { since: string; rows: ReportRow[] } | undefined;
  /** When the first fresh snapshot arrived (for the activation-time measurement). */
  firstSnapshotAt: number | undefined;
  private readonly createdAt = Date.now();

  constructor(
    private readonly host: LedgerHost,
    private readonly scanner: LedgerScanner,
    private readonly save?: (s: Snapshot) => void,
  ) {
    this.startPolling();
  }

  /**
   * Shows the last session's snapshot (not fresh) until the first scan answers; once an answer
   * came, it is left alone (a scan may answer before the stored snapshot is read).
   */
  restore(last: Snapshot | undefined): void {
    if (last && this.current.kind === 'loading') this.current = { kind: 'ready', snapshot: last, fresh: false };
  }

  get state(): LedgerState {
    return this.current;
  }

  /** The rows reporting shares, from the last scan, if they cover `since`. */
  reportRows(since: string): ReportRow[] | undefined {
    return this.rows && this.rows.since <= since ? this.rows.rows.filter((r) => r.date >= since) : undefined;
  }

  /**
   * Scans now, or — while a scan runs — right after it. A rebuild asked for meanwhile is kept: the
   * next scan is a rebuild.
   */
  refresh(rebuild = false): Promise<void> {
    if (this.scanning) {
      this.again = { rebuild: rebuild || this.again?.rebuild === true };
      return this.scanning;
    }
    this.scanning = this.scanOnce(rebuild).finally(() => {
      this.scanning = undefined;
      const next = this.again;
      this.again = undefined;
      if (next && !this.disposed) void this.refresh(next.rebuild);
    });
    return this.scanning;
  }

  /** Daily rows per agent and model from `since` on, in the configured zone. */
  report(since: string): Promise<ReportRow[]> {
    return this.scanner.report(this.host.scanConfig(), this.host.view().timezone, since);
  }

  /** Today's date in the configured time zone (the one the ledger's days are counted in). */
  today(): string {
    return Zone.of(this.host.view().timezone).date(Date.now());
  }

  /** The demo: generated logs in a throwaway ledger, never this one (nothing is saved or reported). */
  demo(): Promise<Snapshot> {
    if (!this.scanner.demo) return Promise.reject(new Error('no demo in this scanner'));
    return this.scanner.demo(this.host.view());
  }

  /** All days with tokens, for export. */
  daily(): Promise<DailyJson> {
    return this.scanner.daily(this.host.scanConfig(), this.host.view().timezone);
  }

  /** Something may have changed in the logs: scan soon (debounced, at most `MAX_WAIT_MS` late). */
  wake(delay = DEBOUNCE_MS): void {
    const now = Date.now();
    if (!this.timer) this.firstEventAt = now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(delay, this.firstEventAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, wait);
  }

  /** The settings (or the team's policy) changed: poll at the new interval and rescan. */
  settingsChanged(): void {
    this.startPolling();
    void this.refresh();
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.poll);
    clearTimeout(this.timer);
    this.watchers?.dispose();
    this.scanner.dispose();
    this.emitter.dispose();
  }

  /**
   * The fallback for missed watcher events: a stat-only scan, and only while the window has focus;
   * on a history so big that a look costs more than 0.1 % of the poll period, less often (POLL_SHARE).
   */
  private startPolling(): void {
    clearInterval(this.poll);
    const period = this.host.pollSeconds() * 1000;
    this.poll = setInterval(() => {
      const wait = Math.min(this.lastLook.ms * POLL_SHARE, period * POLL_STRETCH_MAX);
      if (this.host.isFocused() && Date.now() - this.lastLook.endedAt >= wait - period / 2) this.wake(0);
    }, period);
    this.poll.unref?.();
  }

  private async scanOnce(rebuild: boolean): Promise<void> {
    const started = Date.now();
    let view: ViewOptions;
    try {
      view = this.host.view();
    } catch (e) {
      return this.fail((e as Error).message);
    }
    try {
      const since = this.host.reportSince();
      const { snapshot, changed, reportRows, role } = await this.scanner.scan(this.host.scanConfig(), view, rebuild, since);
      if (this.disposed) return;
      if (!changed && !snapshot.scan?.filesParsed) this.lastLook = { ms: Date.now() - started, endedAt: Date.now() };
      this.rows = since && reportRows ? { since, rows: reportRows } : undefined;
      const prev = this.current.kind === 'ready' ? this.current : undefined;
      this.reportScan(snapshot, Date.now() - started);
      this.updateWatchers(snapshot);
      const sameView = prev?.fresh && !changed && viewKey(prev.snapshot) === viewKey(snapshot);
      this.current = { kind: 'ready', snapshot, fresh: true };
      const first = this.firstSnapshotAt === undefined;
      this.firstSnapshotAt ??= Date.now();
      if (sameView) return;
      this.save?.(snapshot);
      this.emitter.fire(this.current);
      // What `npm run bench:vscode` reads: how long a window waits for its first fresh badge.
      if (first) this.host.log.info('scan', `first fresh answer ${Date.now() - this.createdAt} ms after the ledger started (${role === 'reader' ? "another window's scan" : `scanned here in ${snapshot.scan?.durationMs ?? 0} ms`})`);
    } catch (e) {
      this.fail(`Scan failed: ${(e as Error).message}`);
    }
  }

  private fail(message: string): void {
    this.host.log.error('scan', message);
    const snapshot = this.current.kind === 'loading' ? undefined : this.current.snapshot;
    this.current = { kind: 'error', snapshot, message };
    this.emitter.fire(this.current);
  }

  private reportScan(s: Snapshot, ms: number): void {
    const r = s.scan;
    if (!r || r.filesParsed === 0) return;
    const log = this.host.log;
    log.info('scan', `${r.filesParsed} of ${r.filesSeen} files read (${r.bytesRead} bytes) in ${ms} ms`);
    const skips = Object.entries(r.skipped).map(([k, n]) => `${n} ${SKIP_REASON_TEXT[k as keyof typeof SKIP_REASON_TEXT] ?? k}`).join('; ');
    const key = skips + r.problems.join();
    if (key && key !== this.reportedSkips) {
      this.reportedSkips = key;
      if (skips) log.warn('scan', `skipped: ${skips}`);
      for (const p of r.problems) log.warn('scan', p);
    }
  }

  /** Asks the host to watch what the scanner watches (once per change of the folder set). */
  private updateWatchers(s: Snapshot): void {
    const targets = [...(s.scan?.watch ?? [])].sort((a, b) => (a.path < b.path ? -1 : 1));
    const key = targets.map((t) => `${t.path}|${t.recursive}`).join('\n');
    if (key === this.watchedKey) return;
    this.watchers?.dispose();
    this.watchedKey = key;
    this.watchers = this.host.watch(targets, () => this.wake());
    const roots = targets.map((t) => t.path);
    this.host.log.info('watch', roots.length ? `watching ${roots.length} folder${roots.length === 1 ? '' : 's'}: ${roots.slice(0, 8).join(', ')}${roots.length > 8 ? ', …' : ''}` : 'no log folders found yet; polling');
  }
}

/**
 * What, besides the ledger, decides what a snapshot shows — the view, and per agent its files and
 * what its logs hold that was skipped: when it is unchanged, nothing is resent.
 */
function viewKey(s: Snapshot): string {
  const sources = s.scan?.sources.map((x) => [x.agent, x.files, x.skipped, x.problems.length]);
  return JSON.stringify([s.today, s.timezone, s.windowDays, s.countedKinds, s.tiers.map((t) => t.min), s.scan?.filesSeen, sources]);
}
