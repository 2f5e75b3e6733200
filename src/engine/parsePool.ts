import { Worker } from 'node:worker_threads';
import { runFileTask } from './fileTask';
import type { FileTask, FileTaskResult } from './fileTask';
import { errorText } from './discovery';
import { DominatedEvents, dropDominated } from './rangeDedup';

export type ParseOutcome = FileTaskResult | { error: string };

/** Reads and parses one file; a file that fails is an error result, not a failed scan. */
export function parseOne(task: FileTask): ParseOutcome {
  try {
    return runFileTask(task);
  } catch (e) {
    return { error: errorText(e) };
  }
}

/**
 * Tickets for a share of the files that two threads read from both ends: this thread from the
 * front, a parse thread from the back, one ticket a file, so they meet wherever their speeds put
 * the cut (files differ in cost per byte by agent) and each one's range stays contiguous.
 */
export function newTickets(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** True when one more of `length` files may be read (from either end). */
export function takeTicket(tickets: Int32Array, length: number): boolean {
  return Atomics.add(tickets, 0, 1) < length;
}

/** What a parse thread is given: files to read in order, or from the back of `tickets`' share. */
export interface ParseRequest {
  tasks: readonly FileTask[];
  tickets?: Int32Array;
}

/**
 * Reads a parse request: the whole list, or (with tickets) from the back while tickets last.
 * Returns the results of the contiguous range read, in file order, dominated events dropped.
 */
export function serveRequest({ tasks, tickets }: ParseRequest): ParseOutcome[] {
  if (!tickets) {
    const results = tasks.map(parseOne);
    dropDominated(results);
    return results;
  }
  // Noted as read, so only the drop is left once the two ends meet.
  const dominated = new DominatedEvents();
  const results: ParseOutcome[] = [];
  for (let i = tasks.length - 1; i >= 0 && takeTicket(tickets, tasks.length); i--) {
    const r = parseOne(tasks[i]!);
    dominated.note(r, true);
    results.push(r);
  }
  results.reverse();
  dominated.drop(results);
  return results;
}

/**
 * A thread that parses one contiguous range of a big scan's files and dedups within it. It is
 * started before discovery ends (a thread takes tens of ms to boot), and given its range once the
 * file list is known.
 */
export class ParseThread {
  private readonly worker: Worker;
  private failure: Error | undefined;

  constructor(workerPath: string) {
    // What a parse thread allocates dies young (a line's text and its parse); a nursery bigger
    // than this only adds to the process' memory, not to its speed.
    this.worker = new Worker(workerPath, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    // A thread that failed while idle must not take the process down; its next request reports it.
    this.worker.on('error', (e) => (this.failure = e));
  }

  parse(request: ParseRequest): Promise<ParseOutcome[]> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const onError = (e: Error) => reject(e);
      this.worker.once('error', onError);
      this.worker.once('message', (results: ParseOutcome[]) => {
        this.worker.off('error', onError);
        resolve(results);
      });
      this.worker.postMessage(request);
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * Cuts `tasks` into contiguous ranges with bytes to read in proportion to `weights`, keeping the
 * file order (the merge applies ranges in that order). Returns each range's end index.
 */
export function splitByBytes(tasks: readonly FileTask[], weights: readonly number[]): number[] {
  const cost = (t: FileTask) => t.size - (t.cursor && t.cursor.offset <= t.size ? t.cursor.offset : 0);
  const total = tasks.reduce((sum, t) => sum + cost(t), 0);
  const all = weights.reduce((a, b) => a + b, 0);
  const ends: number[] = [];
  let i = 0;
  let done = 0;
  let target = 0;
  for (const [k, w] of weights.entries()) {
    target += (total * w) / all;
    if (k === weights.length - 1) i = tasks.length;
    // A file goes to this range when most of it lies before the cut.
    else while (i < tasks.length && done + cost(tasks[i]!) / 2 <= target) done += cost(tasks[i++]!);
    ends.push(i);
  }
  return ends;
}
