import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Scanner } from '../engine/scanner';
import type { CacheAccess, ScanConfig, ScanOutcome } from '../engine/scanner';
import { CacheLease } from '../engine/cacheLease';
import type { RowPack } from './rowPack';
import { unpackRows } from './rowPack';

export type ThreadRequest = { type: 'run'; rebuild: boolean } | { type: 'persist' };
/** A scan's outcome with its rows packed (rowPack.ts): what crosses from the scan thread. */
export type PackedOutcome = Omit<ScanOutcome, 'rows'> & { rows: RowPack };
export type ThreadReply = { type: 'outcome'; outcome: PackedOutcome } | { type: 'persisted' } | { type: 'error'; message: string };

/** What the CLI needs of a scanner: its answer, then its cache written. */
export interface CliScanner {
  run(rebuild: boolean): Promise<ScanOutcome>;
  persist(): Promise<void>;
}

/** What the scan thread is started with. */
export interface ThreadData {
  config: ScanConfig;
  /** The run's lease id when it writes the cache; none: it only reads it. */
  leaseId?: string;
}

/** The cache access of a run that holds lease `leaseId` (or none: read-only), on any thread. */
export function accessFor(cacheDir: string, leaseId: string | undefined): CacheAccess {
  if (leaseId === undefined) return { readOnly: true };
  const lease = new CacheLease(cacheDir, { id: leaseId });
  return { mayCommit: () => lease.holds() };
}

/**
 * A scan with no cache yet (or a rebuild) reads every log: it runs on a thread whose young
 * generation is capped, since V8 sizes the main thread's to 16 MB semi-spaces that a parse fills
 * (~30 MB of the process' peak memory) and a flag set once Node runs no longer changes it.
 * Otherwise (a warm or incremental scan, little to allocate) it runs here, without a thread to start.
 */
export function cliScanner(config: ScanConfig, rebuild: boolean, threadPath: string): CliScanner {
  // One writer per cache: a window or another run writing it now leaves this run reading it.
  const lease = new CacheLease(config.cacheDir);
  const leaseId = lease.tryAcquire() ? lease.id : undefined;
  const release = () => leaseId && lease.release();
  if (!rebuild && fs.existsSync(path.join(config.cacheDir, 'meta.json'))) {
    const scanner = new Scanner(config, accessFor(config.cacheDir, leaseId));
    return {
      run: (r) => scanner.run({ rebuild: r, deferPersist: true }),
      persist: async () => {
        try {
          scanner.persist();
        } finally {
          release();
        }
      },
    };
  }
  const data: ThreadData = { config, leaseId };
  const worker = new Worker(threadPath, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 6 } });
  const ask = (req: ThreadRequest): Promise<ThreadReply> =>
    new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      worker.once('error', onError);
      worker.once('message', (r: ThreadReply) => {
        worker.off('error', onError);
        if (r.type === 'error') reject(new Error(r.message));
        else resolve(r);
      });
      worker.postMessage(req);
    });
  let ran = false;
  return {
    async run(r) {
      ran = true;
      const { outcome } = (await ask({ type: 'run', rebuild: r })) as Extract<ThreadReply, { type: 'outcome' }>;
      return { ...outcome, rows: unpackRows(outcome.rows) };
    },
    async persist() {
      try {
        if (ran) await ask({ type: 'persist' });
      } finally {
        await worker.terminate();
        release();
      }
    },
  };
}
