import { parentPort } from 'node:worker_threads';
import { Scanner } from './scanner';
import type { WorkerRequest, WorkerResponse } from './scanProtocol';

/** The scan worker: owns one Scanner (and its in-memory state) for the extension's lifetime. */
let scanner: Scanner | undefined;

parentPort?.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'dispose') {
    parentPort?.close();
    return;
  }
  let reply: WorkerResponse;
  try {
    if (!scanner) scanner = new Scanner(msg.config);
    else scanner.reconfigure(msg.config);
    reply = { type: 'result', id: msg.id, outcome: scanner.run({ rebuild: msg.rebuild }) };
  } catch (e) {
    reply = { type: 'error', id: msg.id, message: (e as Error).stack ?? String(e) };
  }
  parentPort?.postMessage(reply);
});
