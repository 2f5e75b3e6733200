import { Worker } from 'node:worker_threads';
import { runFileTask } from './fileTask';
import type { FileTask, FileTaskResult } from './fileTask';
import { errorText } from './discovery';

export type ParseReply = { seq: number; result: FileTaskResult } | { seq: number; error: string };

/** Results that may wait ahead of the one the caller needs next (bounds memory). */
const AHEAD = 16;

/**
 * Parses files on `workers` extra threads and on the calling thread between their replies, for a
 * cold scan of a big tree. Results are handed to `onResult` in task order, so what is counted
 * never depends on which thread finished first.
 */
export async function parseInParallel(
  workerPath: string,
  workers: number,
  tasks: readonly FileTask[],
  onResult: (task: FileTask, r: FileTaskResult | { error: string }) => void,
): Promise<void> {
  const pool = Array.from({ length: workers }, () => new Worker(workerPath));
  const done = new Map<number, ParseReply>();
  let next = 0;
  let delivered = 0;
  const canStart = () => next < tasks.length && next - delivered < AHEAD;
  try {
    await new Promise<void>((resolve, reject) => {
      const idle: Worker[] = [];
      let localScheduled = false;
      const settle = (reply: ParseReply): void => {
        done.set(reply.seq, reply);
        while (done.has(delivered)) {
          const r = done.get(delivered)!;
          done.delete(delivered);
          onResult(tasks[delivered]!, 'result' in r ? r.result : { error: r.error });
          delivered++;
        }
        if (delivered === tasks.length) return resolve();
        while (idle.length && canStart()) feed(idle.pop()!);
        scheduleLocal();
      };
      const feed = (w: Worker): void => {
        if (!canStart()) {
          idle.push(w);
          return;
        }
        const seq = next++;
        w.postMessage({ seq, task: tasks[seq] });
      };
      // The calling thread parses too, one file per turn, so replies are still handled in between.
      const scheduleLocal = (): void => {
        if (localScheduled || !canStart()) return;
        localScheduled = true;
        setImmediate(() => {
          localScheduled = false;
          if (!canStart()) return;
          const seq = next++;
          let reply: ParseReply;
          try {
            reply = { seq, result: runFileTask(tasks[seq]!) };
          } catch (e) {
            reply = { seq, error: errorText(e) };
          }
          try {
            settle(reply);
          } catch (e) {
            reject(e);
          }
        });
      };
      for (const w of pool) {
        w.on('error', reject);
        w.on('message', (reply: ParseReply) => {
          try {
            settle(reply);
            feed(w);
          } catch (e) {
            reject(e);
          }
        });
        feed(w);
      }
      scheduleLocal();
      if (tasks.length === 0) resolve();
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
