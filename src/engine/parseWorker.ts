import { parentPort } from 'node:worker_threads';
import { serveRequest } from './parsePool';
import type { ParseRequest } from './parsePool';

/** A parse thread: reads, parses and dedups the range of files it is given; no state between ranges. */
parentPort?.on('message', (request: ParseRequest) => {
  const results = serveRequest(request);
  const buffers = new Set<ArrayBuffer>();
  for (const r of results) if (!('error' in r)) buffers.add(r.nums.buffer as ArrayBuffer);
  parentPort?.postMessage(results, [...buffers]);
});
