import { z } from 'zod';
import { SnapshotSchema } from './snapshot';

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

export const HostMessageSchema = z.discriminatedUnion('type', [
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
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;
