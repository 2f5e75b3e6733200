import * as z from 'zod';
import { SnapshotSchema } from './snapshot';
import { TeamSummarySchema } from './teamApi';

/**
 * The one protocol between the extension host and the panel. Every message is validated with
 * `safeParse` on arrival, on both sides; anything else is logged and dropped.
 */

/** How fresh the shown numbers are. */
export const PanelStatusSchema = z.object({
  state: z.enum(['loading', 'ready', 'scanning', 'error']),
  /** Shown under the tier card when not `ready` (a short, plain sentence). */
  message: z.string().optional(),
});
export type PanelStatus = z.infer<typeof PanelStatusSchema>;

/** What the organisation's backend confirms, beside the local numbers (only when reporting is on). */
/** What the backend's `/me` confirms about this person. */
export const OrgConfirmedSchema = z.object({
  teamName: z.string(),
  tier: z.string(),
  meanPerDay: z.number(),
  windowDays: z.number().int(),
  percentile: z.number().nullable(),
  devices: z.number().int(),
  /** Last 7 days: the org's total (all devices) beside this machine's. */
  days: z.array(z.object({ date: z.string(), org: z.number(), local: z.number() })),
  /** What the organisation's admins see about you on the dashboard, as `/me` says it. */
  adminView: z.string().nullable().default(null),
});

export const OrgViewSchema = z.object({
  /** Null until the backend has answered `/me` once (a first token that is rejected, say). */
  confirmed: OrgConfirmedSchema.nullable(),
  /** e.g. "Team: synced 2 min ago", "Team: token rejected — …". */
  sync: z.string(),
  /** The reporting state, so the panel can mark a problem as one. */
  state: z.enum(['ok', 'problem']),
});
export type OrgView = z.infer<typeof OrgViewSchema>;

/**
 * The connected org usage API's count of my tokens beside this machine's (no backend needed), per
 * UTC day and agent. Null days: no identity set (`tokenTier.org.myIdentities`).
 */
export const OrgUsageViewSchema = z.object({
  /** The API's name, e.g. "Anthropic — Claude Code Analytics". */
  provider: z.string(),
  /** How old the shown rows are ("fetched 5 min ago", "not fetched yet"). */
  fresh: z.string(),
  /** The last fetch's failure, in words (the rows shown are the cached ones). */
  problem: z.string().nullable(),
  /** Per UTC day and agent (`other`: the agents the org API did not count, local only), newest first. */
  days: z.array(z.object({ date: z.string(), agent: z.string(), org: z.number(), local: z.number() })).nullable(),
  /** The tier my org rows give under this machine's policy, and whether it is the one shown (`tokenTier.tierSource`). */
  orgTier: z.object({ tier: z.string(), meanPerDay: z.number() }).nullable(),
  tierSource: z.enum(['local', 'org']),
});
export type OrgUsageView = z.infer<typeof OrgUsageViewSchema>;

export const HostMessageSchema = z.discriminatedUnion('type', [
  /** The org usage API's count beside the local one, or null when no API is connected. */
  z.object({ type: z.literal('orgUsage'), usage: OrgUsageViewSchema.nullable() }),
  /** The organisation's view, or null when reporting is off. */
  z.object({ type: z.literal('org'), org: OrgViewSchema.nullable() }),
  /** The full picture; sent after `ready` and whenever the ledger or settings change. */
  z.object({ type: z.literal('snapshot'), snapshot: SnapshotSchema, status: PanelStatusSchema }),
  /** A small patch: only the status changed (scan started, failed, finished unchanged). */
  z.object({ type: z.literal('status'), status: PanelStatusSchema }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

export const WebviewMessageSchema = z.discriminatedUnion('type', [
  /** The panel has booted and wants the current snapshot. */
  z.object({ type: z.literal('ready') }),
  /** The user asked for a rescan now. */
  z.object({ type: z.literal('refresh') }),
  /** Open the Token Tier output channel. */
  z.object({ type: z.literal('openLog') }),
  /** Open the Settings editor filtered to one Token Tier setting. */
  z.object({ type: z.literal('openSetting'), id: z.enum(['extraDirs', 'timezone', 'tierThresholds', 'windowDays']) }),
  /** Pick a folder for an agent's logs (written to the setting at the machine's scope). */
  z.object({ type: z.literal('addFolder') }),
  /** Show this session's demo snapshot instead of the user's (never saved or reported). */
  z.object({ type: z.literal('showDemo') }),
  /** Back from the demo to the user's own numbers. */
  z.object({ type: z.literal('exitDemo') }),
  /** Open the Settings editor at `tokenTier.org.myIdentities` (the org rows need to know who I am). */
  z.object({ type: z.literal('openOrgIdentities') }),
  /** "Share with your team…": the consent flow of Turn On Team Reporting. */
  z.object({ type: z.literal('shareWithTeam') }),
  /** Open the team view (the backend's, or the org usage API's). */
  z.object({ type: z.literal('showTeamView') }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

/** The team view (an editor tab): the dashboard's summary of the org API's rows, computed in the extension. */
export const TeamViewSchema = z.object({
  /** Null when no org usage API is connected (the view offers Connect). */
  provider: z.string().nullable(),
  fresh: z.string(),
  problem: z.string().nullable(),
  fetching: z.boolean(),
  /** The same summary the backend's dashboard gets (without the backend's Analytics comparison). */
  summary: TeamSummarySchema.omit({ analytics: true, orgByPerson: true }).nullable(),
  /** What the team backend confirms about me, when I report to one (null: reporting is off). */
  backend: OrgViewSchema.nullable().default(null),
  /** The team backend's address, for its dashboard link. */
  backendUrl: z.string().nullable().default(null),
});
export type TeamView = z.infer<typeof TeamViewSchema>;

export const TeamHostMessageSchema = z.discriminatedUnion('type', [
  /** The whole view, after `ready` and whenever the rows, settings or fetch state change. */
  z.object({ type: z.literal('team'), view: TeamViewSchema }),
]);
export type TeamHostMessage = z.infer<typeof TeamHostMessageSchema>;

export const TeamWebviewMessageSchema = z.discriminatedUnion('type', [
  /** The page has booted and wants the view. */
  z.object({ type: z.literal('ready') }),
  /** Fetch now (the last 2 days and anything missing). */
  z.object({ type: z.literal('refresh') }),
  /** Run "Connect an Org Usage API". */
  z.object({ type: z.literal('connect') }),
  /** Run "Share with your team…" (Turn On Team Reporting). */
  z.object({ type: z.literal('share') }),
  /** Open the team backend's dashboard in the browser. */
  z.object({ type: z.literal('openDashboard') }),
  /** Open the Settings editor at one of the team view's settings. */
  z.object({ type: z.literal('openSetting'), id: z.enum(['org.roster', 'org.aliases', 'tierThresholds', 'windowDays']) }),
]);
export type TeamWebviewMessage = z.infer<typeof TeamWebviewMessageSchema>;
