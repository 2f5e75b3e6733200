import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { runFileTask } from './fileTask';
import type { FileTask, FileTaskResult } from './fileTask';
import { errorText } from './discovery';
import { DominatedEvents } from './rangeDedup';

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
 * What a parse thread is given: the file list cut into chunks, each read from both ends (this
 * thread from the back, the calling one from the front) with one ticket a file, so the two meet
 * wherever their speeds put the cut and each one's part of a chunk is contiguous. `posted` counts
 * the parts sent on `port`, for the caller to wait on.
 */
export interface ParseRequest {
  chunks: FileTask[][];
  tickets: Int32Array;
  posted: Int32Array;
  port: MessagePort;
}

/** A parse thread's part of one chunk: results of its last `results.length` files, in file order. */
interface ChunkPart {
  chunk: number;
  results: ParseOutcome[];
}

/** Node 16+ has it; TypeScript's library here predates ES2024. */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string } }).waitAsync;

function take(tickets: Int32Array, chunk: number, length: number): boolean {
  return Atomics.add(tickets, chunk, 1) < length;
}

/** The parse thread's side: each chunk from the back, dominated events dropped, its part posted. */
export function serveRequest({ chunks, tickets, posted, port }: ParseRequest): void {
  for (const [k, tasks] of chunks.entries()) {
    const dominated = new DominatedEvents();
    const results: ParseOutcome[] = [];
    for (let i = tasks.length - 1; i >= 0 && take(tickets, k, tasks.length); i--) {
      const r = parseOne(tasks[i]!);
      dominated.note(r, true);
      results.push(r);
    }
    results.reverse();
    dominated.drop(results);
    const buffers = new Set<ArrayBuffer>();
    for (const r of results) if (!('error' in r)) buffers.add(r.nums.buffer as ArrayBuffer);
    port.postMessage({ chunk: k, results } satisfies ChunkPart, [...buffers]);
    Atomics.add(posted, 0, 1);
    Atomics.notify(posted, 0);
  }
}

/**
 * Cuts `tasks` into chunks of about `bytes` to read each, in order: what a parse thread holds
 * before the caller takes it is at most half a chunk, however big the history.
 */
export function chunkByBytes(tasks: readonly FileTask[], bytes: number): FileTask[][] {
  const chunks: FileTask[][] = [];
  let chunk: FileTask[] = [];
  let size = 0;
  for (const t of tasks) {
    chunk.push(t);
    size += t.size - (t.cursor && t.cursor.offset <= t.size ? t.cursor.offset : 0);
    if (size >= bytes) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

/**
 * A thread that reads files for a big scan. It is started before discovery ends (a thread takes
 * tens of ms to boot) and given the file list once it is known.
 */
export class ParseThread {
  private readonly worker: Worker;
  private failure: Error | undefined;
  private readonly posted = new Int32Array(new SharedArrayBuffer(4));

  constructor(workerPath: string) {
    // What a parse thread allocates dies young (a line's text and its parse); a nursery bigger
    // than this only adds to the process' memory, not to its speed.
    this.worker = new Worker(workerPath, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.worker.on('error', (e) => {
      // Wakes a caller waiting for a part that will not come.
      this.failure = e;
      Atomics.add(this.posted, 0, 1);
      Atomics.notify(this.posted, 0);
    });
  }

  /**
   * Reads `chunks` with this thread, each from both ends, and applies every file's result in file
   * order: the calling thread's part of a chunk as it reads it (at most `callerFiles` files in all,
   * for tests), then the parse thread's part, then the next chunk. The ledger is thus the same
   * whichever thread read which file, and the parse thread is already on the next chunk while
   * this one applies its part.
   */
  async readWith(chunks: FileTask[][], apply: (task: FileTask, r: ParseOutcome) => void, callerFiles = Infinity): Promise<void> {
    const { port1, port2 } = new MessageChannel();
    const tickets = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, chunks.length)));
    const request: ParseRequest = { chunks, tickets, posted: this.posted, port: port2 };
    this.worker.postMessage(request, [port2]);
    const parts = new Map<number, ParseOutcome[]>();
    let seen = 0;
    const receive = (): void => {
      for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
        const part = m.message as ChunkPart;
        parts.set(part.chunk, part.results);
      }
    };
    let mine = 0;
    try {
      for (const [k, tasks] of chunks.entries()) {
        let i = 0;
        for (; mine < callerFiles && take(tickets, k, tasks.length); i++, mine++) apply(tasks[i]!, parseOne(tasks[i]!));
        while (!parts.has(k)) {
          if (this.failure) throw this.failure;
          receive();
          if (parts.has(k)) break;
          // Waits without blocking the event loop, so a failing thread's error event still arrives.
          const wait = waitAsync(this.posted, 0, seen);
          if (wait.async) await wait.value;
          seen = Atomics.load(this.posted, 0);
        }
        const theirs = parts.get(k)!;
        parts.delete(k);
        if (i + theirs.length !== tasks.length) throw new Error('the parse ranges do not meet');
        for (const [j, r] of theirs.entries()) apply(tasks[i + j]!, r);
      }
    } finally {
      port1.close();
    }
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
