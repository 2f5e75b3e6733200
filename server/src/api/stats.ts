import type { Db } from '../db/db';
import { addDays } from '../../../src/core/time';
import type { UsageRecord } from '../../../src/core/teamView/stats';
import { HISTORY_DAYS } from '../../../src/core/teamView/stats';

// The pure rules moved to src/core/teamView/stats.ts, shared with the extension's serverless team view.
export type { UsageRecord } from '../../../src/core/teamView/stats';
export { byPerson, dailySeries, HISTORY_DAYS, personStanding, reportedLately, SILENT_DAYS, teamTiers, tierIndexAt, todayFor, tokensLastWeek, totalOfRecord } from '../../../src/core/teamView/stats';

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
