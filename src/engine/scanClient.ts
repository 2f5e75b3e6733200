import { Worker } from 'node:worker_threads';
import type { ScanConfig, ScanOutcome } from './scanner';
import type { WorkerRequest, WorkerResponse } from './scanProtocol';

/**
 * Runs scans in a worker thread so the caller's thread (the extension host) never blocks on
 * file I/O or JSON parsing. Scans are serialised; a request made while one runs joins the next.
 */
export class ScanClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (o: ScanOutcome) => void; reject: (e: Error) => void }>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly workerPath: string) {}

  scan(config: ScanConfig, rebuild = false): Promise<ScanOutcome> {
    const run = this.chain.then(() => this.request(config, rebuild));
    this.chain = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    if (w) {
      w.postMessage({ type: 'dispose' } satisfies WorkerRequest);
      void w.terminate();
    }
    for (const p of this.pending.values()) p.reject(new Error('scanner disposed'));
    this.pending.clear();
  }

  private request(config: ScanConfig, rebuild: boolean): Promise<ScanOutcome> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<ScanOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ type: 'scan', id, config, rebuild } satisfies WorkerRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerPath);
    w.on('message', (msg: WorkerResponse) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      // An idle worker must not keep a CLI or test process alive.
      if (this.pending.size === 0) w.unref();
      if (msg.type === 'result') p.resolve(msg.outcome);
      else p.reject(new Error(msg.message));
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
