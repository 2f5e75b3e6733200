import { parentPort } from 'node:worker_threads';
import { serveRequest } from './parseThread';
import type { ParseRequest } from './parseThread';

/** A parse thread: reads, parses and dedups its parts of the chunks it is given; no state between requests. */
parentPort?.on('message', (request: ParseRequest) => serveRequest(request));
