import { tiersWithOverrides } from '../tiers';
import type { Tier } from '../tiers';
import { addDays, dateRange, Zone } from '../time';
import { deriveStanding } from '../standing';
import { addInto, totalOf, zeroCounts } from '../../shared/tokens';
import type { TokenCounts, TokenKind } from '../../shared/tokens';

/**
 * The team's standings from daily usage rows, one implementation for the team backend
 * (server/src/api/) and the extension's serverless team view (rows from the org usage APIs).
 */

/** One person's usage for one day, agent and model (from a report, or from an org usage API). */
export interface UsageRecord {
  personId: number;
  deviceId: string;
  date: string;
  agent: string;
  model: string;
  timezone: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
  hourly: number[] | null;
}

/** What a team's policy says about tiers: the backend's `Team` has these fields, the team view builds them from settings. */
export interface TeamPolicy {
  windowDays: number;
  tierThresholds: Record<string, number>;
  countedKinds: TokenKind[];
}

export const HISTORY_DAYS = 90;

export function totalOfRecord(r: UsageRecord): number {
  return r.input + r.output + r.cacheRead + r.cacheWrite;
}

export function teamTiers(team: Pick<TeamPolicy, 'tierThresholds'>): Tier[] {
  return tiersWithOverrides(team.tierThresholds);
}

/** A person's "today": in the zone their latest report used (UTC before any report). */
export function todayFor(records: UsageRecord[], now: number): string {
  const latest = records.reduce<UsageRecord | undefined>((a, r) => (!a || r.date > a.date ? r : a), undefined);
  try {
    return Zone.of(latest?.timezone ?? 'UTC').date(now);
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

/** Window mean and tier from all devices' rows of one person: the same derivation as the extension's badge. */
export function personStanding(records: UsageRecord[], team: TeamPolicy, now: number) {
  const today = todayFor(records, now);
  const s = deriveStanding(countsByDate(records), today, { windowDays: team.windowDays, tiers: teamTiers(team), countedKinds: team.countedKinds });
  return { today, meanPerDay: s.meanPerDay, tier: s.tier.name, tierIndex: s.index };
}

/** Silent this long, a developer who once reported counts as not reporting. */
export const SILENT_DAYS = 14;

/** Whether a report (its `updated_at`) came in the SILENT_DAYS up to `today`. */
export function reportedLately(lastReport: string | null | undefined, today: string): boolean {
  return (lastReport?.slice(0, 10) ?? '') >= addDays(today, -SILENT_DAYS);
}

/** Whether any agent tokens were counted in the 7 days ending `today` (else: "at zero"). */
export function tokensLastWeek(records: UsageRecord[], today: string): boolean {
  return records.some((r) => r.date >= addDays(today, -6) && r.date <= today && totalOfRecord(r) > 0);
}

/** A person's tier index as of `today` (their window ending that day). */
export function tierIndexAt(records: UsageRecord[], team: TeamPolicy, today: string): number {
  return deriveStanding(countsByDate(records), today, { windowDays: team.windowDays, tiers: teamTiers(team), countedKinds: team.countedKinds }).index;
}

/** Per-day totals (all devices) over the last `HISTORY_DAYS` up to `today`, zero days included. */
export function dailySeries(records: UsageRecord[], today: string) {
  const byDate = countsByDate(records);
  return dateRange(addDays(today, -(HISTORY_DAYS - 1)), today).map((date) => {
    const d = byDate.get(date) ?? zeroCounts();
    return { date, ...d, total: totalOf(d) };
  });
}

/** All devices', agents' and models' counts summed per date. */
export function countsByDate(records: UsageRecord[]): Map<string, TokenCounts> {
  const byDate = new Map<string, TokenCounts>();
  for (const r of records) {
    const d = byDate.get(r.date) ?? zeroCounts();
    addInto(d, r);
    byDate.set(r.date, d);
  }
  return byDate;
}

/** Records grouped by person, in one pass. */
export function byPerson(records: UsageRecord[]): Map<number, UsageRecord[]> {
  const m = new Map<number, UsageRecord[]>();
  for (const r of records) {
    const list = m.get(r.personId);
    if (list) list.push(r);
    else m.set(r.personId, [r]);
  }
  return m;
}
