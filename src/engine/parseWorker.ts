import { parentPort } from 'node:worker_threads';
import { runFileTask } from './fileTask';
import type { FileTask } from './fileTask';
import type { ParseReply } from './parsePool';
import { errorText } from './discovery';

/** A parse worker: reads and parses the files it is given; owns no state between tasks. */
parentPort?.on('message', ({ seq, task }: { seq: number; task: FileTask }) => {
  let reply: ParseReply;
  try {
    const result = runFileTask(task);
    reply = { seq, result };
    parentPort?.postMessage(reply, [result.nums.buffer as ArrayBuffer]);
    return;
  } catch (e) {
    reply = { seq, error: errorText(e) };
  }
  parentPort?.postMessage(reply);
});
