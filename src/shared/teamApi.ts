import { z } from 'zod';
import { AGENT_IDS } from './tokens';

/**
 * The team backend's wire format, shared by the extension (sender) and the server (receiver).
 * Only daily aggregates: never prompts, paths, project names, hostnames or session ids.
 */

/** The most tokens one row may claim for one day: far above any real use, so typos and fakes are refused. */
export const MAX_TOKENS_PER_ROW = 10_000_000_000;
export const MAX_ROWS_PER_BATCH = 10_000;

const tokens = z.number().int().nonnegative().max(MAX_TOKENS_PER_ROW);

export const UsageRowSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  timezone: z.string().min(1).max(64),
  /** A random id per machine (not the hostname), so several machines add up. */
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  agent: z.enum(AGENT_IDS),
  model: z.string().min(1).max(128),
  input: tokens,
  output: tokens,
  cacheRead: tokens,
  cacheWrite: tokens,
  reasoning: tokens,
  /** Optional: all four kinds per local hour 0–23 (for the team's when-do-agents-work view). */
  hourly: z.array(z.number().nonnegative()).length(24).optional(),
});
export type UsageRow = z.infer<typeof UsageRowSchema>;

export const UsageBatchSchema = z.object({
  rows: z.array(UsageRowSchema).min(1).max(MAX_ROWS_PER_BATCH),
});
export type UsageBatch = z.infer<typeof UsageBatchSchema>;

export const ApiErrorSchema = z.object({ error: z.string(), reason: z.string() });
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const IngestResultSchema = z.object({ accepted: z.number().int() });

const dayTotals = z.object({
  date: z.string(),
  input: z.number(),
  output: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  reasoning: z.number(),
  total: z.number(),
});

/** `GET /api/v1/me`: what the organisation knows about the caller, and its policy. */
export const MeResponseSchema = z.object({
  person: z.object({ name: z.string() }),
  team: z.object({
    name: z.string(),
    windowDays: z.number().int().positive(),
    tierThresholds: z.record(z.string(), z.number()),
    percentileEnabled: z.boolean(),
  }),
  /** Org-confirmed totals per day, all devices added up (last 90 days). */
  days: z.array(dayTotals),
  devices: z.number().int(),
  meanPerDay: z.number(),
  tier: z.string(),
  /** Share of the team below the caller (0–100), only when the team enables it. */
  percentile: z.number().nullable(),
  /** Claude Code Analytics (pulled by the server with the org's admin key), per UTC day. */
  analytics: z.array(z.object({ date: z.string(), total: z.number() })),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;
