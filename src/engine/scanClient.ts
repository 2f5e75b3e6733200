import { Worker } from 'node:worker_threads';
import type { Snapshot } from '../shared/snapshot';
import type { DailyJson } from '../core/daily';
import type { ReportRow } from '../core/report';
import type { ScanConfig } from './scanner';
import type { ViewOptions, WorkerEvent, WorkerRequest, WorkerResponse } from './scanProtocol';

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void };

/** How long a closing worker may take to give up its lease before it is stopped anyway. */
const CLOSE_WAIT_MS = 1_000;

/** One scan's answer: the snapshot and, when asked for, the rows reporting shares. */
export interface ScanResult {
  snapshot: Snapshot;
  changed: boolean;
  reportRows?: ReportRow[];
  /** Whether this window scanned (the writer of the shared cache) or showed another's scan. */
  role?: 'writer' | 'reader';
}

/**
 * Runs scans in a worker thread so the caller's thread (the extension host) never blocks on
 * file I/O or JSON parsing. Requests are queued in the worker and answered in order.
 */
export class ScanClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Called when the worker's own watcher sees a log folder change (or fail). */
  onEvent: ((e: WorkerEvent) => void) | undefined;

  constructor(private readonly workerPath: string) {}

  async scan(config: ScanConfig, view: ViewOptions, rebuild = false, reportSince?: string): Promise<ScanResult> {
    const r = await this.request({ type: 'scan', id: 0, config, view, rebuild, reportSince });
    if (r.type !== 'scan') throw new Error(`unexpected worker reply ${r.type}`);
    return { snapshot: r.snapshot, changed: r.changed, reportRows: r.reportRows, role: r.role };
  }

  async daily(config: ScanConfig, timezone: string): Promise<DailyJson> {
    const r = await this.request({ type: 'daily', id: 0, config, timezone });
    if (r.type !== 'daily') throw new Error(`unexpected worker reply ${r.type}`);
    return r.data;
  }

  /** Daily rows per agent and model from `since` on, as opt-in reporting shares them. */
  async report(config: ScanConfig, timezone: string, since: string): Promise<ReportRow[]> {
    const r = await this.request({ type: 'report', id: 0, config, timezone, since });
    if (r.type !== 'report') throw new Error(`unexpected worker reply ${r.type}`);
    return r.rows;
  }

  /** A demo snapshot from generated logs, for this session's panel only. */
  async demo(view: ViewOptions): Promise<Snapshot> {
    const r = await this.request({ type: 'demo', id: 0, view });
    if (r.type !== 'scan') throw new Error(`unexpected worker reply ${r.type}`);
    return r.snapshot;
  }

  /**
   * Stops the worker; it first gives up the shared cache's lease (if it was the writer) so another
   * window takes over at once rather than when the lease goes stale.
   */
  dispose(): void {
    const w = this.worker;
    this.failAll(new Error('scanner disposed'));
    if (w) {
      const stop = setTimeout(() => void w.terminate(), CLOSE_WAIT_MS);
      stop.unref();
      void this.request({ type: 'close', id: 0 })
        .catch(() => undefined)
        .finally(() => {
          clearTimeout(stop);
          void w.terminate();
        });
    }
    this.worker = undefined;
  }

  private request(msg: WorkerRequest): Promise<WorkerResponse> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...msg, id });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerPath);
    w.on('message', (msg: WorkerResponse | WorkerEvent) => {
      if (msg.type === 'changed' || msg.type === 'watchError') return this.onEvent?.(msg);
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      // An idle worker must not keep a CLI or test process alive.
      if (this.pending.size === 0) w.unref();
      if (msg.type === 'error') p.reject(new Error(msg.message));
      else p.resolve(msg);
    });
    w.on('error', (e) => this.failAll(e));
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
      this.failAll(new Error('scan worker exited'));
    });
    this.worker = w;
    return w;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
