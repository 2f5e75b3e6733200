import * as z from 'zod';
import { AGENT_IDS, TOKEN_KINDS } from './tokens';

/**
 * The team backend's wire format, shared by the extension (sender) and the server (receiver).
 * Only daily aggregates: never prompts, paths, project names, hostnames or session ids.
 */

/** The most tokens one row may claim for one day: far above any real use, so typos and fakes are refused. */
export const MAX_TOKENS_PER_ROW = 10_000_000_000;
export const MAX_ROWS_PER_BATCH = 10_000;

const tokens = z.number().int().nonnegative().max(MAX_TOKENS_PER_ROW);

/** Longest model name a row may carry. */
export const MAX_MODEL_CHARS = 128;
// Control characters and lone UTF-16 surrogates: not a model name, and trouble in every view.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNCLEAN = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A model name as a report may carry it: what the log said, without control characters or broken pairs, cut to length. */
export function cleanModelName(name: string): string {
  const clean = name.replace(new RegExp(UNCLEAN.source, 'g'), '').trim();
  return (clean || 'unknown').slice(0, MAX_MODEL_CHARS).replace(/[\ud800-\udbff]$/, '');
}

export const UsageRowSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  timezone: z.string().min(1).max(64),
  /** A random id per machine (not the hostname), so several machines add up. */
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  agent: z.enum(AGENT_IDS),
  model: z.string().min(1).max(MAX_MODEL_CHARS).refine((m) => !UNCLEAN.test(m), 'no control characters or lone surrogates'),
  input: tokens,
  output: tokens,
  cacheRead: tokens,
  cacheWrite: tokens,
  reasoning: tokens,
  /**
   * Optional: all four kinds per local hour 0–23 (for the team's when-do-agents-work view): whole
   * numbers that add up to the row's total (the server refuses anything else).
   */
  hourly: z.array(z.number().nonnegative()).length(24).optional(),
});
export type UsageRow = z.infer<typeof UsageRowSchema>;

const deviceId = UsageRowSchema.shape.deviceId;

/** A (device, local date) that has no tokens any more (its work moved to another day, say). */
export const ClearedDaySchema = z.object({ deviceId, date: UsageRowSchema.shape.date });
export type ClearedDay = z.infer<typeof ClearedDaySchema>;

/**
 * `POST /api/v1/usage/daily`. The contract: each (device, date) that appears in `rows` or
 * `cleared` is replaced whole by this report's rows for it (none for a cleared day), in one
 * transaction; other days and other devices are left as they are. So a day re-bucketed by a
 * time-zone change, or one that lost a model, can only ever be replaced, never added to.
 */
export const UsageBatchSchema = z
  .object({
    rows: z.array(UsageRowSchema).max(MAX_ROWS_PER_BATCH),
    cleared: z.array(ClearedDaySchema).max(MAX_ROWS_PER_BATCH).default([]),
    /**
     * Optional: a one-way key of the sending machine's host name (`hostKey` in src/core/hostKey.ts,
     * never the name), so the backend counts the machine once when its agents also export OTLP:
     * this report's rows win over that host's OTLP totals for the same days.
     */
    host: z.string().regex(/^[0-9a-f]{32}$/).optional(),
  })
  .refine((b) => b.rows.length + b.cleared.length > 0, 'a report needs rows or cleared days');
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

/**
 * One org API's count for one person over the last 30 days beside what that person's machines
 * reported for the agents it covers (all four kinds) on the same days (the org's first to last
 * reported day), with a one-line reason for the difference.
 */
export const OrgBesideLocalSchema = z.object({
  /** `org_usage_daily.source`: claude-code-analytics, anthropic-messages, openai-usage, github-copilot. */
  source: z.string(),
  label: z.string(),
  org: z.number(),
  local: z.number(),
  /** Token Tier agent ids the local figure adds up. */
  localAgents: z.array(z.string()),
  explanation: z.string(),
});
export type OrgBesideLocal = z.infer<typeof OrgBesideLocalSchema>;

/** `GET /api/v1/me`: what the organisation knows about the caller, and its policy. */
/** An organisation's own text and links for a tier (its training, office hours, example workflows). */
export const TierGuideSchema = z.object({
  text: z.string().trim().max(600).optional(),
  links: z
    .array(z.object({ label: z.string().trim().min(1).max(80), url: z.string().trim().max(500).refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'links must be http(s) URLs') }))
    .max(5)
    .optional(),
});
export const TierGuidesSchema = z.record(z.string(), TierGuideSchema);
export type TierGuides = z.infer<typeof TierGuidesSchema>;

export const MeResponseSchema = z.object({
  person: z.object({ name: z.string() }),
  team: z.object({
    name: z.string(),
    windowDays: z.number().int().positive(),
    tierThresholds: z.record(z.string(), z.number()),
    percentileEnabled: z.boolean(),
    /** The kinds that count toward the team's tiers (the team decides, not each laptop). */
    countedKinds: z.array(z.enum(TOKEN_KINDS)).min(1),
    /** The organisation's text per tier, replacing the built-in guide in the panel. */
    tierGuides: TierGuidesSchema.default({}),
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
  /** Per org API, the caller's org-reported total beside the local one (last 30 days); admins see the same lines. */
  orgBeside: z.array(OrgBesideLocalSchema).optional(),
  /** Exactly what the organisation's admins see about the caller on the dashboard. */
  adminView: z
    .object({
      name: z.string(),
      team: z.string().nullable(),
      tier: z.string(),
      meanPerDay: z.number(),
      roster: z.enum(['not reporting', 'at zero']).nullable(),
      leaderboard: z.boolean(),
      /** The developer's devices as the dashboard lists them: channel, agents, whether the extension's rows count there. */
      devices: z.array(z.object({ channel: z.enum(['extension', 'otlp']), agents: z.array(z.string()), extensionWins: z.boolean() })).optional(),
    })
    .optional(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

const mix = z.array(z.object({ name: z.string(), total: z.number() }));

/** `GET /api/v1/team/summary`: what the company dashboard shows (admin tokens only). */
export const TeamSummarySchema = z.object({
  team: z.object({ name: z.string(), windowDays: z.number().int().positive(), leaderboardEnabled: z.boolean(), countedKinds: z.array(z.enum(TOKEN_KINDS)), tierGuides: TierGuidesSchema.default({}) }),
  /** The org's "today": the day of the latest report, in its zone. */
  today: z.string(),
  people: z.number().int(),
  tierDistribution: z.array(z.object({ tier: z.string(), count: z.number().int() })),
  zeroLast7Days: z.array(z.string()),
  daily: z.array(z.object({ date: z.string(), total: z.number() })),
  heatmap: z.array(z.array(z.number()).length(24)).length(7),
  smoothness: z.number(),
  agentMix: mix,
  modelMix: mix,
  /** The top tier's agent and model mix; withheld (empty, with the reason) below 5 people. */
  topTier: z.object({ tier: z.string(), people: z.number().int(), agentMix: mix, modelMix: mix, withheld: z.string().nullable().default(null) }),
  /** What the summary covers: one team or all (null), and the days of the curve. */
  scope: z.object({ team: z.string().nullable(), from: z.string(), to: z.string() }),
  /** The enablement to-do list (names: admins only): reporting but at zero in 7 days; not reporting (never, or silent 14 days). */
  roster: z.object({ atZero: z.array(z.object({ name: z.string(), team: z.string().nullable(), lastReport: z.string().nullable() })), notReporting: z.array(z.object({ name: z.string(), team: z.string().nullable(), lastReport: z.string().nullable() })) }),
  /** Set when the view covers fewer than 5 people: the agent and model mix are then empty. */
  withheld: z.string().nullable(),
  /** Is the team moving up: per week of the range, people per tier at the week's end, smoothness, office-hours share; agents per tier. */
  trends: z.object({
    definition: z.string(),
    weeks: z.array(z.object({ weekOf: z.string(), days: z.number().int().min(1).max(7), tiers: z.record(z.string(), z.number().int()), smoothness: z.number(), officeHoursShare: z.number() })),
    agentMixByTier: z.array(z.object({ tier: z.string(), people: z.number().int(), agentMix: mix, withheld: z.string().nullable() })),
  }),
  leaderboard: z.array(z.object({ name: z.string(), tier: z.string(), meanPerDay: z.number() })).nullable(),
  /**
   * Claude Code Analytics (pulled by the server with the org's admin key) beside what developers
   * reported for Claude Code, per day; empty when the connector is off.
   */
  analytics: z.array(z.object({ date: z.string(), analytics: z.number(), reported: z.number() })),
  /** Per person in scope (by name) and org API: org-reported beside locally reported, last 30 days; empty with no connector. */
  orgByPerson: z.array(OrgBesideLocalSchema.extend({ name: z.string() })).default([]),
  /**
   * Devices by channel (the extension, or an agent's own OTLP export) and, per device, its person,
   * agents and last report; `extensionWins` marks an OTLP device on a machine that also runs the
   * extension (the extension's rows count there). Optional: older servers do not send it.
   */
  devices: z
    .object({
      extension: z.number().int(),
      otlp: z.number().int(),
      shared: z.number().int(),
      list: z.array(z.object({ name: z.string(), channel: z.enum(['extension', 'otlp']), agents: z.array(z.string()), lastSeen: z.string(), extensionWins: z.boolean() })),
    })
    .optional(),
});
export type TeamSummary = z.infer<typeof TeamSummarySchema>;
