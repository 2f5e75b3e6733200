import type { Snapshot } from '../shared/snapshot';
import type { TokenKind } from '../shared/tokens';
import type { DailyJson } from '../core/daily';
import type { ReportRow } from '../core/report';
import type { ScanConfig } from './scanner';

/** How the ledger is turned into what the user sees (all from settings). */
export interface ViewOptions {
  timezone: string;
  windowDays: number;
  countedKinds: TokenKind[];
  tierOverrides: Record<string, number>;
}

/** Host → worker. */
export type WorkerRequest =
  /** A scan; with `reportSince`, the reply also carries the daily rows reporting shares (one derivation, one round trip). */
  | { type: 'scan'; id: number; config: ScanConfig; rebuild: boolean; view: ViewOptions; reportSince?: string }
  | { type: 'daily'; id: number; config: ScanConfig; timezone: string }
  | { type: 'report'; id: number; config: ScanConfig; timezone: string; since: string }
  /** A session-only demo snapshot from generated logs; the real ledger is not touched. */
  | { type: 'demo'; id: number; view: ViewOptions }
  /** The window is closing: give the cache's lease up so another window takes over at once. */
  | { type: 'close'; id: number };

/** Worker → host, unasked: a watched log folder changed, or watching it failed. */
export type WorkerEvent = { type: 'changed' } | { type: 'watchError'; message: string };

/** Worker → host: the snapshot, never the raw ledger. */
export type WorkerResponse =
  /** `role`: whether this window's worker scanned (the writer) or showed another window's scan. */
  | { type: 'scan'; id: number; snapshot: Snapshot; changed: boolean; reportRows?: ReportRow[]; role?: 'writer' | 'reader' }
  | { type: 'closed'; id: number }
  | { type: 'daily'; id: number; data: DailyJson }
  | { type: 'report'; id: number; rows: ReportRow[] }
  | { type: 'error'; id: number; message: string };
