import type { Db } from '../db/db';
import type { Team } from '../teams';
import { tiersWithOverrides } from '../../../src/core/tiers';
import type { Tier } from '../../../src/core/tiers';
import { addDays, dateRange, Zone } from '../../../src/core/time';
import { deriveStanding } from '../../../src/core/standing';
import { addInto, totalOf, zeroCounts } from '../../../src/shared/tokens';
import type { TokenCounts } from '../../../src/shared/tokens';

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

export const HISTORY_DAYS = 90;

/** The team's rows of the last `HISTORY_DAYS` (+1 for zones ahead of UTC). */
export async function teamUsage(db: Db, teamId: number, now: number, personId?: number): Promise<UsageRecord[]> {
  const since = addDays(new Date(now).toISOString().slice(0, 10), -(HISTORY_DAYS + 1));
  const rows = await db.all<Record<string, unknown>>(
    `SELECT u.* FROM usage_daily u JOIN people p ON p.id = u.person_id WHERE p.team_id = ? AND u.date >= ?${personId ? ' AND u.person_id = ?' : ''}`,
    personId ? [teamId, since, personId] : [teamId, since],
  );
  return rows.map(recordOf);
}

/** A `usage_daily` row (or a sum of rows with the same column names) as a record; absent columns stay empty. */
function recordOf(r: Record<string, unknown>): UsageRecord {
  return {
    personId: Number(r.person_id),
    deviceId: String(r.device_id ?? ''),
    date: String(r.date),
    agent: String(r.agent ?? ''),
    model: String(r.model ?? ''),
    timezone: String(r.timezone),
    input: Number(r.input),
    output: Number(r.output),
    cacheRead: Number(r.cache_read),
    cacheWrite: Number(r.cache_write),
    reasoning: Number(r.reasoning),
    hourly: r.hourly ? (JSON.parse(String(r.hourly)) as number[]) : null,
  };
}

/**
 * The team's usage summed per person and date (all devices, agents and models in one record, in
 * the zone of one of that day's reports): what a standing needs, a row per person and day however
 * many models anyone reports.
 */
export async function teamDailyTotals(db: Db, teamId: number, now: number): Promise<UsageRecord[]> {
  const since = addDays(new Date(now).toISOString().slice(0, 10), -(HISTORY_DAYS + 1));
  const rows = await db.all<Record<string, unknown>>(
    `SELECT u.person_id, u.date, MAX(u.timezone) AS timezone, SUM(u.input) AS input, SUM(u.output) AS output,
            SUM(u.cache_read) AS cache_read, SUM(u.cache_write) AS cache_write, SUM(u.reasoning) AS reasoning
     FROM usage_daily u JOIN people p ON p.id = u.person_id WHERE p.team_id = ? AND u.date >= ? GROUP BY u.person_id, u.date`,
    [teamId, since],
  );
  return rows.map(recordOf);
}

export function totalOfRecord(r: UsageRecord): number {
  return r.input + r.output + r.cacheRead + r.cacheWrite;
}

export function teamTiers(team: Team): Tier[] {
  return tiersWithOverrides(team.tierThresholds);
}

/** A person's "today": in the zone their latest report used (UTC before any report). */
export function todayFor(records: UsageRecord[], now: number): string {
  const latest = records.reduce<UsageRecord | undefined>((a, r) => (!a || r.date > a.date ? r : a), undefined);
  try {
    return new Zone(latest?.timezone ?? 'UTC').date(now);
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

/** Window mean and tier from all devices' rows of one person: the same derivation as the extension's badge. */
export function personStanding(records: UsageRecord[], team: Team, now: number) {
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
export function tierIndexAt(records: UsageRecord[], team: Team, today: string): number {
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
function countsByDate(records: UsageRecord[]): Map<string, TokenCounts> {
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
