import type { ScanConfig, ScanOutcome } from './scanner';

/** Host → worker. */
export type WorkerRequest =
  | { type: 'scan'; id: number; config: ScanConfig; rebuild: boolean }
  | { type: 'dispose' };

/** Worker → host. */
export type WorkerResponse =
  | { type: 'result'; id: number; outcome: ScanOutcome }
  | { type: 'error'; id: number; message: string };
