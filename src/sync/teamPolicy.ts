import type { MeResponse } from '../shared/teamApi';
import type { TokenKind } from '../shared/tokens';

/** What the user agreed to: where reports go, and from which day on. */
export interface Consent {
  url: string;
  since: string;
  at: number;
}

/** The last `/me` answer, with the backend it came from. */
export interface StoredMe {
  url: string;
  at: number;
  me: MeResponse;
}

/** The team's say over the tier, when reporting is on: it replaces the local window, ladder and kinds. */
export interface TeamPolicy {
  windowDays: number;
  tierThresholds: Record<string, number>;
  countedKinds: TokenKind[];
}

/** How the ledger is turned into a tier (the shape `ViewOptions` has). */
export interface TierView {
  timezone: string;
  windowDays: number;
  countedKinds: TokenKind[];
  tierOverrides: Record<string, number>;
}

/** Consent is for one backend: a changed (or empty) URL needs a new yes. */
export function consentFor(consent: Consent | undefined, url: string): Consent | undefined {
  return consent && url && consent.url === url ? consent : undefined;
}

/** The policy of the backend at `url`, from its last `/me` (kept, so it holds offline and after a restart). */
export function teamPolicyOf(stored: StoredMe | undefined, url: string): TeamPolicy | undefined {
  if (!stored || stored.url !== url) return undefined;
  const t = stored.me.team;
  return { windowDays: t.windowDays, tierThresholds: { ...t.tierThresholds }, countedKinds: [...t.countedKinds] };
}

/** The local view with the team's policy in force (the zone stays the user's own). */
export function applyTeamPolicy(local: TierView, policy: TeamPolicy | undefined): TierView {
  return policy ? { timezone: local.timezone, windowDays: policy.windowDays, countedKinds: [...policy.countedKinds], tierOverrides: { ...policy.tierThresholds } } : local;
}
