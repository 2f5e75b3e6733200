import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { HttpError } from '../http/body';
import { getTeam } from '../teams';
import type { MeResponse } from '../../../src/shared/teamApi';
import { byPerson, dailySeries, HISTORY_DAYS, personStanding, reportedLately, teamDailyTotals, teamUsage, tokensLastWeek } from './stats';
import { devicesOf } from './devices';
import { addDays } from '../../../src/core/time';
import type { UsageRecord } from './stats';
import { ORG_BESIDE_DAYS, orgBesideLocal } from './orgBeside';

/** `GET /api/v1/me`: the caller's org-confirmed totals, tier under the team's policy, percentile. */
export async function me(db: Db, caller: Caller, now = Date.now()): Promise<MeResponse> {
  if (caller.role !== 'member') throw new HttpError(403, 'forbidden', '/me is for developer tokens');
  const team = (await getTeam(db, caller.teamId))!;
  const [person] = await db.all<{ name: string; subteam: string | null }>('SELECT p.name, s.name AS subteam FROM people p LEFT JOIN subteams s ON s.id = p.subteam_id WHERE p.id = ?', [caller.personId]);
  const [lastRow] = await db.all<{ last: string | null }>('SELECT MAX(updated_at) AS last FROM usage_daily WHERE person_id = ?', [caller.personId]);
  // Only the caller's rows; the others only as daily sums, and only for a percentile.
  const mine = await teamUsage(db, team.id, now, caller.personId);
  const own = personStanding(mine, team, now);
  let percentile: number | null = null;
  if (team.percentileEnabled) {
    const people = await db.all<{ id: number }>('SELECT id FROM people WHERE team_id = ? AND removed_at IS NULL', [team.id]);
    const grouped = byPerson(await teamDailyTotals(db, team.id, now));
    const means = people.map((p) => personStanding(grouped.get(Number(p.id)) ?? [], team, now).meanPerDay);
    percentile = Math.round((means.filter((m) => m < own.meanPerDay).length / Math.max(1, means.length)) * 100);
  }
  const analytics = await db.all<{ date: string; total: number }>(
    // Claude Code Analytics only, as the field says: the other org APIs are in orgBeside.
    "SELECT date, SUM(input + output + cache_read + cache_write) AS total FROM org_usage_daily WHERE person_id = ? AND source = 'claude-code-analytics' GROUP BY date ORDER BY date",
    [caller.personId],
  );
  const orgBeside = (await orgBesideLocal(db, [caller.personId], addDays(own.today, -(ORG_BESIDE_DAYS - 1)))).get(caller.personId) ?? [];
  return {
    analytics: analytics.map((a) => ({ date: a.date, total: Number(a.total) })),
    orgBeside,
    person: { name: person!.name },
    team: { name: team.name, windowDays: team.windowDays, tierThresholds: team.tierThresholds, percentileEnabled: team.percentileEnabled, countedKinds: team.countedKinds, tierGuides: team.tierGuides },
    days: dailySeries(mine, own.today),
    devices: new Set(mine.map((r) => r.deviceId)).size,
    meanPerDay: own.meanPerDay,
    tier: own.tier,
    percentile,
    adminView: {
      name: person!.name,
      team: person!.subteam ?? null,
      tier: own.tier,
      meanPerDay: own.meanPerDay,
      roster: rosterStatus(lastRow?.last ?? null, mine, own.today),
      leaderboard: team.leaderboardEnabled,
      // The same list as the dashboard's, without the name (it is the caller's own).
      devices: (await devicesOf(db, [{ id: caller.personId, name: person!.name }], addDays(own.today, -(HISTORY_DAYS - 1)))).list.map(({ channel, agents, extensionWins }) => ({ channel, agents, extensionWins })),
    },
  };
}

/** The dashboard's roster line about this person, by the same rules as the summary's. */
function rosterStatus(lastReport: string | null, mine: UsageRecord[], today: string): 'not reporting' | 'at zero' | null {
  if (!reportedLately(lastReport, today)) return 'not reporting';
  return tokensLastWeek(mine, today) ? null : 'at zero';
}
