import * as z from 'zod';
import { TeamSummarySchema } from '../../src/shared/teamApi';

/**
 * What the company dashboard opens on, beyond the shared team summary (server/src/api/overview.ts):
 * headline figures for the scope, every team side by side, and who moved up or down a tier.
 * Shared by the server (which computes it) and the dashboard (which checks what it gets).
 */

const tierCounts = z.array(z.object({ tier: z.string(), count: z.number().int() }));

export const HeadlineSchema = z.object({
  /** People in scope, and how many of them report (not silent for 14 days). */
  people: z.number().int(),
  reporting: z.number().int(),
  /** People with any agent tokens in the last 7 days, and in the 7 days before those. */
  weeklyActive: z.number().int(),
  weeklyActivePrevious: z.number().int(),
  /** Reporting, but no agent tokens in the last 7 days. */
  atZero: z.number().int(),
  tierMix: tierCounts,
  /** Days of the range, and its tokens per day (all four kinds) with the fresh and cache parts. */
  days: z.number().int(),
  tokensPerDay: z.number(),
  freshShare: z.number(),
  cacheShare: z.number(),
  /** List-price estimate per day in US dollars; `unpricedShare` of the tokens had no price. */
  costPerDay: z.number(),
  unpricedShare: z.number(),
});
export type Headline = z.infer<typeof HeadlineSchema>;

export const TeamRowSchema = z.object({
  /** The team's id (null: people in no team). */
  id: z.number().int().nullable(),
  name: z.string(),
  people: z.number().int(),
  /** Set below 5 people: then every figure but `people` is withheld (zeros and empty lists). */
  withheld: z.string().nullable(),
  reporting: z.number().int(),
  weeklyActive: z.number().int(),
  atZero: z.number().int(),
  medianTier: z.string().nullable(),
  tierMix: tierCounts,
  /** Tokens per day in each of the last 5 weeks (oldest first), and the last week against 4 weeks earlier (null: nothing then). */
  weeks: z.array(z.number()),
  change: z.number().nullable(),
});
export type TeamRow = z.infer<typeof TeamRowSchema>;

export const MovementSchema = z.object({
  weekOf: z.string(),
  /** People whose tier at the week's end is above, below, or the same as 4 weeks before (those who reported by then). */
  up: z.number().int(),
  down: z.number().int(),
  same: z.number().int(),
});

export const OverviewSchema = z.object({
  headline: HeadlineSchema,
  /** Sorted so the team that needs help most comes first (lowest weekly active share, then reporting). */
  teams: z.array(TeamRowSchema),
  movement: z.array(MovementSchema),
});
export type Overview = z.infer<typeof OverviewSchema>;

/** `GET /api/v1/team/summary` as the backend answers it: the shared summary and the overview. */
export const DashboardSchema = TeamSummarySchema.extend({ overview: OverviewSchema });
export type Dashboard = z.infer<typeof DashboardSchema>;
