import * as vscode from 'vscode';
import type { Snapshot } from '../shared/snapshot';
import type { AgentId } from '../shared/tokens';
import { AGENT_IDS } from '../shared/tokens';
import { SKIP_REASON_TEXT } from '../sources/source';
import { ScanClient } from '../engine/scanClient';
import type { ScanConfig } from '../engine/scanner';
import type { ViewOptions } from '../engine/scanProtocol';
import { sourceEnvFrom } from '../engine/paths';
import { resolveTimeZone, Zone } from '../core/time';
import type { DailyJson } from '../core/daily';
import type { ReportRow } from '../core/report';
import type { Config } from './config';
import { onDidChangeConfig, readConfig } from './config';
import { Disposable, toDisposable } from './lifecycle';
import type { Logger } from './logger';
import type { Storage } from './storage';

export type LedgerState =
  | { kind: 'loading' }
  | { kind: 'ready'; snapshot: Snapshot; fresh: boolean }
  | { kind: 'error'; snapshot: Snapshot | undefined; message: string };

/** Quiet period after a log write before scanning, and the longest a busy agent can delay it. */
const DEBOUNCE_MS = 400;
/** What agents write: JSONL, JSON documents, SQLite databases and their write-ahead logs. */
const LOG_SUFFIXES = ['.jsonl', '.json', '.db', '.db-wal', '.sqlite', '.sqlite-journal', '.db-journal', '.sqlite-wal'].join(',');
const MAX_WAIT_MS = 2000;

/**
 * The live view of the ledger: scans in the worker when the agents' log folders change (seen by
 * the worker's own recursive watcher and by VS Code's file watcher, with a stat-only poll as
 * fallback while the window is focused), and publishes snapshots. The host thread never reads a log.
 */
export class LiveLedger extends Disposable {
  private readonly client: ScanClient;
  private readonly emitter = this._register(new vscode.EventEmitter<LedgerState>());
  readonly onDidChange = this.emitter.event;
  private config: Config = readConfig();
  private current: LedgerState = { kind: 'loading' };
  private watchers: vscode.Disposable[] = [];
  private watchedRoots = '';
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private firstEventAt = 0;
  private scanning: Promise<void> | undefined;
  private again = false;
  private reportedSkips = '';
  /** When the first fresh snapshot arrived (for the activation-time measurement). */
  firstSnapshotAt: number | undefined;

  constructor(
    workerPath: string,
    private readonly parseWorkerPath: string,
    private readonly cacheDir: string,
    private readonly storage: Storage,
    private readonly log: Logger,
    /** The editor's `globalStorage` folder (the parent of this extension's own). */
    private readonly editorGlobalStorage?: string,
  ) {
    super();
    this.client = new ScanClient(workerPath);
    this.client.onEvent = (e) => (e.type === 'changed' ? this.schedule() : this.log.warn('watch', e.message));
    this._register(toDisposable(() => this.client.dispose()));
    const last = storage.lastSnapshot();
    if (last) this.current = { kind: 'ready', snapshot: last, fresh: false };
    this._register(
      onDidChangeConfig((c) => {
        const pollChanged = c.pollSeconds !== this.config.pollSeconds;
        this.config = c;
        if (pollChanged) this.startPolling();
        this.log.info('config', 'settings changed; rescanning');
        void this.refresh();
      }),
    );
    this._register(vscode.window.onDidChangeWindowState((s) => s.focused && this.schedule(0)));
    this.startPolling();
    this._register(toDisposable(() => clearInterval(this.poll)));
    this._register(toDisposable(() => this.disposeWatchers()));
    this._register(toDisposable(() => this.timer && clearTimeout(this.timer)));
  }

  get state(): LedgerState {
    return this.current;
  }

  /** Scans now (coalescing with a scan already running). */
  refresh(rebuild = false): Promise<void> {
    if (this.scanning) {
      this.again = true;
      return this.scanning;
    }
    this.scanning = this.scanOnce(rebuild).finally(() => {
      this.scanning = undefined;
      if (this.again && !this.isDisposed) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.scanning;
  }

  /** Daily rows per agent and model from `since` on, in the configured zone (for reporting). */
  report(since: string): Promise<ReportRow[]> {
    return this.client.report(this.scanConfig(), this.view().timezone, since);
  }

  /** Today's date in the configured time zone (the one the ledger's days are counted in). */
  today(): string {
    return new Zone(this.view().timezone).date(Date.now());
  }

  /** The team's policy, when reporting is on: it overrides the local window and thresholds. */
  policy: (() => { windowDays: number; tierThresholds: Record<string, number> } | undefined) | undefined;

  /** All days with tokens, for export. */
  daily(): Promise<DailyJson> {
    return this.client.daily(this.scanConfig(), this.view().timezone);
  }

  /** The fallback for missed watcher events: a stat-only scan, and only while the window has focus. */
  private startPolling(): void {
    clearInterval(this.poll);
    this.poll = setInterval(() => {
      if (vscode.window.state.focused) this.schedule(0);
    }, this.config.pollSeconds * 1000);
  }

  private schedule(delay = DEBOUNCE_MS): void {
    const now = Date.now();
    if (!this.timer) this.firstEventAt = now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(delay, this.firstEventAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, wait);
  }

  private async scanOnce(rebuild: boolean): Promise<void> {
    const started = Date.now();
    let view: ViewOptions;
    try {
      view = this.view();
    } catch (e) {
      return this.fail((e as Error).message);
    }
    try {
      const { snapshot, changed } = await this.client.scan(this.scanConfig(), view, rebuild);
      if (this.isDisposed) return;
      const prev = this.current.kind === 'ready' ? this.current : undefined;
      this.reportScan(snapshot, Date.now() - started);
      this.updateWatchers(snapshot);
      const sameView = prev?.fresh && !changed && viewKey(prev.snapshot) === viewKey(snapshot);
      this.current = { kind: 'ready', snapshot, fresh: true };
      this.firstSnapshotAt ??= Date.now();
      if (sameView) return;
      void this.storage.saveSnapshot(snapshot);
      this.emitter.fire(this.current);
    } catch (e) {
      this.fail(`Scan failed: ${(e as Error).message}`);
    }
  }

  private fail(message: string): void {
    this.log.error('scan', message);
    const snapshot = this.current.kind === 'loading' ? undefined : this.current.snapshot;
    this.current = { kind: 'error', snapshot, message };
    this.emitter.fire(this.current);
  }

  private reportScan(s: Snapshot, ms: number): void {
    const r = s.scan;
    if (!r || r.filesParsed === 0) return;
    this.log.info('scan', `${r.filesParsed} of ${r.filesSeen} files read (${r.bytesRead} bytes) in ${ms} ms`);
    const skips = Object.entries(r.skipped).map(([k, n]) => `${n} ${SKIP_REASON_TEXT[k as keyof typeof SKIP_REASON_TEXT] ?? k}`).join('; ');
    const key = skips + r.problems.join();
    if (key && key !== this.reportedSkips) {
      this.reportedSkips = key;
      if (skips) this.log.warn('scan', `skipped: ${skips}`);
      for (const p of r.problems) this.log.warn('scan', p);
    }
  }

  private view(): ViewOptions {
    const c = this.config;
    const org = this.policy?.();
    return {
      timezone: resolveTimeZone(c.timezone),
      windowDays: org?.windowDays ?? c.windowDays,
      countedKinds: c.countedKinds,
      tierOverrides: org ? org.tierThresholds : c.tierThresholds,
    };
  }

  private scanConfig(): ScanConfig {
    const agents = AGENT_IDS.filter((id: AgentId) => this.config.agents[id]);
    // The running editor's own user data is searched first (portable installs, --user-data-dir, code-server).
    const env = { ...sourceEnvFrom(), editorGlobalStorage: this.editorGlobalStorage };
    return { cacheDir: this.cacheDir, env, extraDirs: this.config.extraDirs, agents, parseWorkerPath: this.parseWorkerPath };
  }

  /** Watches every log folder the scanner watches; folders outside the workspace need a RelativePattern. */
  private updateWatchers(s: Snapshot): void {
    const targets = [...(s.scan?.watch ?? [])].sort((a, b) => (a.path < b.path ? -1 : 1));
    const key = targets.map((t) => `${t.path}|${t.recursive}`).join('\n');
    if (key === this.watchedRoots) return;
    this.disposeWatchers();
    this.watchedRoots = key;
    const roots = targets.map((t) => t.path);
    for (const t of targets) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(t.path), t.recursive ? `**/*{${LOG_SUFFIXES}}` : `*{${LOG_SUFFIXES}}`));
      const onEvent = (uri: vscode.Uri) => {
        this.log.channel.trace(`[watch] ${uri.fsPath}`);
        this.schedule();
      };
      w.onDidChange(onEvent);
      w.onDidCreate(onEvent);
      w.onDidDelete(onEvent);
      this.watchers.push(w);
    }
    this.log.info('watch', roots.length ? `watching ${roots.length} folder${roots.length === 1 ? '' : 's'}: ${roots.slice(0, 8).join(', ')}${roots.length > 8 ? ', …' : ''}` : 'no log folders found yet; polling');
  }

  private disposeWatchers(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
  }
}

/** What, besides the ledger, decides what a snapshot shows: when it is unchanged, nothing is resent. */
function viewKey(s: Snapshot): string {
  return JSON.stringify([s.today, s.timezone, s.windowDays, s.countedKinds, s.tiers.map((t) => t.min)]);
}
