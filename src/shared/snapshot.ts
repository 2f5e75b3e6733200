import type { AgentId, TokenCounts, TokenKind } from './tokens';

/** One local day: all counts, per agent, and the total of the kinds that count toward the tier. */
export interface DayPoint {
  date: string;
  counts: TokenCounts;
  /** input + output + cacheRead + cacheWrite. */
  total: number;
  /** Sum of the kinds chosen to count toward the tier. */
  counted: number;
  agents: Partial<Record<AgentId, TokenCounts>>;
}

export interface BreakdownRow {
  agent: AgentId;
  /** Model name; empty for the per-agent rows. */
  model: string;
  counts: TokenCounts;
  total: number;
}

export interface TierInfo {
  name: string;
  min: number;
  icon: string;
  blurb: string;
}

export interface Standing {
  tierIndex: number;
  meanPerDay: number;
  fraction: number;
  perDayNeeded: number;
  windowNeeded: number;
}

/** Why lines or files were skipped, per reason, and where the logs were looked for. */
export interface ScanReport {
  finishedAt: number;
  durationMs: number;
  filesSeen: number;
  filesParsed: number;
  bytesRead: number;
  skipped: Record<string, number>;
  /** A few example problems (file names only stay on this machine). */
  problems: string[];
  sources: Array<{ agent: AgentId; folders: Array<{ path: string; found: boolean }>; files: number }>;
}

/** Everything the CLI, the status bar and the panel show, computed once from the ledger. */
export interface Snapshot {
  generatedAt: number;
  timezone: string;
  today: string;
  windowDays: number;
  countedKinds: TokenKind[];
  tiers: TierInfo[];
  standing: Standing;
  todayCounted: number;
  todayCounts: TokenCounts;
  /** The last 90 days, oldest first, zero days included. */
  days: DayPoint[];
  /** [weekday 0=Mon][hour], counted tokens over the last 28 days. */
  heatmap: number[][];
  /** 0–1: how evenly the window's tokens spread over the 168 hours of the week. */
  smoothness: number;
  activeHours: number;
  activeDaysInWindow: number;
  streak: number;
  /** Over the window. */
  byAgent: BreakdownRow[];
  byModel: BreakdownRow[];
  scan: ScanReport | null;
  demo: boolean;
}
