import type { AgentId, TokenCounts } from '../shared/tokens';

/**
 * How to recognise the same API response seen twice (streaming chunks, subagent copies, forks).
 * Events with equal `group` and `variant` are one response; `max` keeps the most complete copy,
 * `first` keeps whichever was seen first. A sidechain event whose `group` already has a
 * non-sidechain copy under another variant is a replay and is dropped.
 */
export interface DedupKey {
  group: string;
  variant: string;
  policy: 'max' | 'first';
  sidechain: boolean;
}

/** One normalised usage record, as every source produces it. */
export interface UsageEvent {
  /** Milliseconds since the epoch (UTC). */
  ts: number;
  agent: AgentId;
  model: string;
  counts: TokenCounts;
  sessionId: string;
  dedup?: DedupKey;
}

/** Why a line was not counted (each shown to the user with its count). */
export type SkipReason = 'invalid-json' | 'bad-timestamp' | 'bad-usage' | 'line-too-long';

export const SKIP_REASON_TEXT: Record<SkipReason | 'unreadable', string> = {
  'invalid-json': 'lines that are not valid JSON',
  'bad-timestamp': 'usage lines without a valid timestamp',
  'bad-usage': 'usage lines with malformed token counts',
  'line-too-long': 'lines longer than the 64 MiB line limit',
  unreadable: 'files or folders that could not be read',
};

/** Parses one file's lines in order; its state can be saved and restored between scans. */
export interface FileParser {
  /** A complete line (without its newline) that holds one of the source's markers; returns why it was skipped, if it was. */
  line(buf: Buffer, start: number, end: number, emit: (e: UsageEvent) => void): SkipReason | undefined;
  /** JSON-serialisable state, enough to resume with the next line. */
  save(): unknown;
}

/** What a source may know about the machine, passed in so sources stay pure. */
export interface SourceEnv {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** One agent's log format: where its logs live and how to read a file. */
export interface Source {
  readonly id: AgentId;
  /** Bump when the parser's output changes, so cached files are read again. */
  readonly parserVersion: number;
  /** The folders the agent writes to, honouring the agent's own environment variables. */
  defaultRoots(env: SourceEnv): string[];
  /** A line can matter only if it contains one of these byte strings; others are never parsed. */
  readonly markers: readonly Buffer[];
  /** Whether a file (path relative to its root, `/`-separated) holds usage. */
  acceptsFile(relPath: string): boolean;
  /** A parser for one file, resuming from `saved` state when given. */
  newParser(saved?: unknown): FileParser;
}

/** Reads a non-negative finite integer-ish token count, else undefined. */
export function tokenCount(v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return undefined;
  return Math.round(v);
}
