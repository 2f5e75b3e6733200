import * as z from 'zod';
import { AGENT_IDS, TOKEN_KINDS } from './tokens';

const count = z.number().finite().nonnegative();
const agentId = z.enum(AGENT_IDS);

export const TokenCountsSchema = z.object({
  input: count,
  output: count,
  cacheRead: count,
  cacheWrite: count,
  reasoning: count,
  /** List-price estimate in micro-dollars (an agent's own logged cost where it logs one). */
  costMicros: count.optional(),
  /** Tokens of requests whose model has no price on the list: shown as "no price", never guessed. */
  unpriced: count.optional(),
});

/** One local day: all counts, per agent, and the total of the kinds that count toward the tier. */
export const DayPointSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  counts: TokenCountsSchema,
  /** input + output + cacheRead + cacheWrite. */
  total: count,
  /** Sum of the kinds chosen to count toward the tier. */
  counted: count,
  agents: z.partialRecord(agentId, TokenCountsSchema),
});
export type DayPoint = z.infer<typeof DayPointSchema>;

export const BreakdownRowSchema = z.object({
  agent: agentId,
  /** Model name; empty for the per-agent rows. */
  model: z.string(),
  counts: TokenCountsSchema,
  total: count,
});
export type BreakdownRow = z.infer<typeof BreakdownRowSchema>;

export const TierInfoSchema = z.object({ name: z.string(), min: count, icon: z.string(), blurb: z.string() });
export type TierInfo = z.infer<typeof TierInfoSchema>;

export const StandingSchema = z.object({
  tierIndex: z.number().int().nonnegative(),
  meanPerDay: count,
  fraction: z.number().min(0).max(1),
  perDayNeeded: count,
  windowNeeded: count,
});
export type Standing = z.infer<typeof StandingSchema>;

/**
 * An editor or agent found on this machine whose local files hold no exact token counts Token Tier
 * can read (Cursor, Windsurf's Cascade, Kiro, agents not read yet…): shown as "found; its local
 * files hold no exact token counts (why)" so that a zero is never mistaken for "not used".
 */
export const NoCountsSchema = z.object({
  /** Stable id, e.g. `cursor`, `windsurf`, `grok-build` (not an agent id: these are never counted). */
  id: z.string().max(40),
  /** Display name, e.g. "Windsurf (Cascade)". */
  label: z.string(),
  kind: z.enum(['editor', 'agent']),
  /** Why its files hold no exact counts, one short sentence of plain text. */
  why: z.string(),
  /** Where it was found on this machine (paths stay on this machine). */
  paths: z.array(z.string()),
});
export type NoCounts = z.infer<typeof NoCountsSchema>;

/** Why lines or files were skipped, per reason, and where the logs were looked for. */
export const ScanReportSchema = z.object({
  finishedAt: z.number(),
  durationMs: z.number(),
  filesSeen: z.number(),
  filesParsed: z.number(),
  bytesRead: z.number(),
  skipped: z.record(z.string(), z.number()),
  /** A few example problems (paths stay on this machine). */
  problems: z.array(z.string()),
  sources: z.array(
    z.object({
      agent: agentId,
      folders: z.array(z.object({ path: z.string(), found: z.boolean() })),
      files: z.number(),
      /** Database rows read in this scan (a measure of the scan's work, not of the agent's use). */
      rowsRead: z.number().default(0),
      /** What its logs hold that cannot be counted, per reason, for as long as they hold it. */
      skipped: z.record(z.string(), z.number()).default({}),
      problems: z.array(z.string()).default([]),
      /** When this agent last used tokens (ms), from the ledger; null if never. */
      lastActivity: z.number().nullable().default(null),
    }),
  ),
  /** The folders the scanner watches for changes. */
  watch: z.array(z.object({ path: z.string(), recursive: z.boolean() })).default([]),
  /**
   * The scan counted tokens dated before the scan that came before it (a folder added, a first scan,
   * a rebuild, a file restored): history found, not progress made; a tier it reaches is not announced.
   */
  backfill: z.boolean().optional(),
  /** Editors and agents found whose local files hold no exact token counts (absent in older reports). */
  noCounts: z.array(NoCountsSchema).optional(),
});
export type ScanReport = z.infer<typeof ScanReportSchema>;

const LinkSchema = z.object({ label: z.string(), url: z.string() });

/** What this tier looks like, what the next one does differently, and what to try (core/enablement.ts). */
export const CoachSchema = z.object({
  here: z.object({ tier: z.string(), text: z.string(), links: z.array(LinkSchema) }),
  next: z.object({ tier: z.string(), text: z.string(), links: z.array(LinkSchema) }).nullable(),
  steps: z.array(z.object({ id: z.string(), title: z.string(), why: z.string(), link: LinkSchema.optional() })),
});
export type Coach = z.infer<typeof CoachSchema>;

const WeekStatsSchema = z.object({
  /** Mean counted tokens/day over the 7 days. */
  meanPerDay: z.number().min(0),
  activeDays: z.number().int(),
  smoothness: z.number().min(0).max(1),
  /** Fresh (input + output) share of all tokens; the rest is cache. 0 with no tokens. */
  freshShare: z.number().min(0).max(1),
});
export type WeekStats = z.infer<typeof WeekStatsSchema>;

/** Value beside volume over the window: what was fresh, what was cache, and a list-price estimate. */
export const ValueSchema = z.object({
  /** input + output: the tokens that were new work. */
  freshTokens: count,
  cacheReadTokens: count,
  cacheWriteTokens: count,
  costMicros: count,
  todayCostMicros: count,
  unpricedTokens: count,
  /** Models (biggest first) the price list has no price for. */
  unpricedModels: z.array(z.string()),
  /** Which price list, e.g. "@pydantic/genai-prices 0.1.8 (2026-09-23)". */
  priceList: z.string(),
});
export type Value = z.infer<typeof ValueSchema>;

/** Everything the CLI, the status bar and the panel show, computed once from the ledger. */
export const SnapshotSchema = z.object({
  generatedAt: z.number(),
  timezone: z.string(),
  today: z.string(),
  windowDays: z.number().int().positive(),
  countedKinds: z.array(z.enum(TOKEN_KINDS)),
  tiers: z.array(TierInfoSchema).min(1),
  standing: StandingSchema,
  todayCounted: count,
  todayCounts: TokenCountsSchema,
  /** The last 90 days, oldest first, zero days included. */
  days: z.array(DayPointSchema).min(1),
  /** [weekday 0=Mon][hour], counted tokens over the last 28 days. */
  heatmap: z.array(z.array(count).length(24)).length(7),
  /** 0–1: how evenly the window's tokens spread over the 168 hours of the week. */
  smoothness: z.number().min(0).max(1),
  activeHours: z.number().int(),
  activeDaysInWindow: z.number().int(),
  streak: z.number().int(),
  /** Over the window. */
  byAgent: z.array(BreakdownRowSchema),
  byModel: z.array(BreakdownRowSchema),
  scan: ScanReportSchema.nullable(),
  demo: z.boolean(),
  coach: CoachSchema,
  value: ValueSchema,
  /** The last 7 days and the 7 before them. */
  recap: z.object({ thisWeek: WeekStatsSchema, lastWeek: WeekStatsSchema }),
  /** The last change of tier this editor saw (up or down) and when; filled in by the extension host. */
  lastTierChange: z.object({ from: z.string(), to: z.string(), at: z.number() }).nullable().default(null),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;
