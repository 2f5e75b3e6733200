import type { TokenCounts, TokenKind } from '../shared/tokens';
import { countedTotal } from '../shared/tokens';
import { addDays } from './time';
import type { Tier, TierStanding } from './tiers';
import { standing } from './tiers';

/** What decides a tier: the policy (the team's, when reporting is on, else the user's settings). */
export interface StandingPolicy {
  windowDays: number;
  tiers: readonly Tier[];
  countedKinds: readonly TokenKind[];
}

export interface DerivedStanding extends TierStanding {
  /** The last day of the window (the caller's "today", in the zone its days are counted in). */
  today: string;
  windowStart: string;
  /** Mean counted tokens/day over the window, days without tokens counting as zero. */
  meanPerDay: number;
  /** Counted tokens on `today`. */
  todayCounted: number;
}

/**
 * The one derivation of a standing, shared by the extension's snapshot (badge, panel), the CLI
 * and the team backend's `/me` and summary: the mean of the counted kinds over the trailing window
 * ending `today`, on the ladder. Pure; `days` maps a local date to that day's counts.
 */
export function deriveStanding(days: ReadonlyMap<string, TokenCounts>, today: string, policy: StandingPolicy): DerivedStanding {
  const windowDays = Math.max(1, Math.floor(policy.windowDays));
  const windowStart = addDays(today, -(windowDays - 1));
  let sum = 0;
  for (const [date, counts] of days) if (date >= windowStart && date <= today) sum += countedTotal(counts, policy.countedKinds);
  const meanPerDay = sum / windowDays;
  const todayCounts = days.get(today);
  return { ...standing(meanPerDay, windowDays, policy.tiers), today, windowStart, meanPerDay, todayCounted: todayCounts ? countedTotal(todayCounts, policy.countedKinds) : 0 };
}
