import { parentPort, workerData } from 'node:worker_threads';
import { Scanner } from '../engine/scanner';
import type { ThreadData, ThreadReply, ThreadRequest } from './threadScanner';
import { accessFor } from './threadScanner';
import { packRows } from './rowPack';

/** The CLI's big scans on a thread of their own (see threadScanner.ts): one Scanner, run then persisted. */
const { config, leaseId } = workerData as ThreadData;
const scanner = new Scanner(config, accessFor(config.cacheDir, leaseId));
parentPort?.on('message', (msg: ThreadRequest) => {
  const reply = async (): Promise<ThreadReply> => {
    try {
      if (msg.type === 'run') {
        const outcome = await scanner.run({ rebuild: msg.rebuild, deferPersist: true });
        return { type: 'outcome', outcome: { ...outcome, rows: packRows(outcome.rows) } };
      }
      scanner.persist();
      return { type: 'persisted' };
    } catch (e) {
      return { type: 'error', message: (e as Error).message };
    }
  };
  void reply().then((r) => parentPort?.postMessage(r, r.type === 'outcome' ? [r.outcome.rows.nums.buffer as ArrayBuffer] : []));
});
