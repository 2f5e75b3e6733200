import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { HttpError } from '../http/body';
import { getTeam, listSubteams } from '../teams';
import { addDays, dateRange, isIsoDate } from '../../../src/core/time';
import { HISTORY_DAYS, teamUsage, totalOfRecord } from './stats';
import type { UsageRecord } from './stats';
import type { TeamSummary } from '../../../src/shared/teamApi';
import { summarize } from '../../../src/core/teamView/summary';
import { orgByPersonOf } from './orgBeside';
import { devicesOf } from './devices';
import { overviewOf } from './overview';
import type { Dashboard } from '../../shared/dashboardApi';

// The views themselves (trends, mixes, MIN_GROUP withholding, roster rules) are computed in
// src/core/teamView/summary.ts, shared with the extension's serverless team view.
export { MIN_GROUP, SMOOTHNESS_DEFINITION } from '../../../src/core/teamView/summary';

/** Which people and days a summary covers: the whole organisation or one team, a preset or a custom range. */
interface Scope {
  subteamId: number | null;
  /** Days shown in the curve, or the custom range. */
  days: number | null;
  from: string | null;
  to: string | null;
}

function scopeOf(q: URLSearchParams | undefined): Scope {
  const team = q?.get('team');
  const days = q?.get('days');
  const from = q?.get('from') ?? null;
  const to = q?.get('to') ?? null;
  if (team !== null && team !== undefined && !/^[1-9]\d{0,15}$/.test(team)) throw new HttpError(400, 'invalid_scope', 'team must be a team id');
  if (days !== null && days !== undefined && !['7', '30', '90'].includes(days)) throw new HttpError(400, 'invalid_scope', 'days is 7, 30 or 90');
  if ((from === null) !== (to === null)) throw new HttpError(400, 'invalid_scope', 'a custom range needs both from and to');
  if (from !== null && to !== null) {
    if (!isIsoDate(from) || !isIsoDate(to)) throw new HttpError(400, 'invalid_scope', 'from and to are calendar dates, YYYY-MM-DD');
    if (from > to) throw new HttpError(400, 'invalid_scope', `from ${from} is after to ${to}`);
    if (dateRange(from, to).length > HISTORY_DAYS) throw new HttpError(400, 'invalid_scope', `a range covers at most ${HISTORY_DAYS} days`);
  }
  return { subteamId: team ? Number(team) : null, days: days ? Number(days) : null, from, to };
}

/** `GET /api/v1/team/summary[?team=ID][&days=7|30|90 | &from=&to=]`: what the company dashboard shows (admin tokens only): the shared summary and the overview. */
export async function teamSummary(db: Db, caller: Caller, now = Date.now(), query?: URLSearchParams): Promise<Dashboard> {
  if (caller.role !== 'admin') throw new HttpError(403, 'forbidden', 'the team summary needs an admin token');
  const scope = scopeOf(query);
  const team = (await getTeam(db, caller.teamId))!;
  const subteams = await listSubteams(db, team.id);
  if (scope.subteamId !== null && !subteams.some((t) => t.id === scope.subteamId)) throw new HttpError(400, 'invalid_scope', 'no such team in this organisation');
  const everyone = await db.all<{ id: number; name: string; subteam_id: number | null; removed_at: string | null }>('SELECT id, name, subteam_id, removed_at FROM people WHERE team_id = ? ORDER BY name', [team.id]);
  const scoped = everyone.filter((p) => scope.subteamId === null || Number(p.subteam_id) === scope.subteamId);
  // People removed keeping their rows: in the totals of their team and the organisation, on no list.
  const people = scoped.filter((p) => p.removed_at === null);
  const inScope = new Set(scoped.map((p) => Number(p.id)));
  const all = await teamUsage(db, team.id, now);
  const records = all.filter((r) => inScope.has(r.personId));
  const teamName = new Map(subteams.map((t) => [t.id, t.name]));
  const roster = people.map((p) => ({ id: Number(p.id), name: p.name, team: p.subteam_id === null ? null : teamName.get(Number(p.subteam_id)) ?? null }));
  const lastReport = await lastReports(db, everyone.filter((p) => p.removed_at === null).map((p) => Number(p.id)));
  const summary = summarize({
    team,
    people: roster,
    records,
    lastReport,
    scope: { team: scope.subteamId === null ? null : teamName.get(scope.subteamId)!, days: scope.days, from: scope.from, to: scope.to },
    now,
  });
  const overview = overviewOf({
    policy: team,
    people: everyone.filter((p) => p.removed_at === null).map((p) => ({ id: Number(p.id), team: p.subteam_id === null ? null : Number(p.subteam_id) })),
    teams: subteams,
    records: all,
    scopeRecords: records,
    lastReport,
    scope: { team: scope.subteamId, from: summary.scope.from, to: summary.scope.to, today: summary.today },
    now,
  });
  return { ...summary, overview, analytics: await analyticsBesideReported(db, team.id, records, addDays(summary.today, -29)), orgByPerson: await orgByPersonOf(db, people, summary.today), devices: await devicesOf(db, roster.map((p) => ({ id: p.id, name: p.name })), addDays(summary.today, -(HISTORY_DAYS - 1))) };
}

/** Each person's last report (`updated_at`), for the roster's "not reporting" (the rule is in core/teamView). */
async function lastReports(db: Db, ids: number[]): Promise<Map<number, string>> {
  const last = new Map<number, string>();
  if (ids.length) {
    const rows = await db.all<{ person_id: number; last: string }>(`SELECT person_id, MAX(updated_at) AS last FROM usage_daily WHERE person_id IN (${ids.map(() => '?').join(',')}) GROUP BY person_id`, ids);
    for (const r of rows) last.set(Number(r.person_id), String(r.last).slice(0, 10));
  }
  return last;
}

/** Claude Code Analytics' totals per day beside the Claude Code tokens developers reported for it. */
async function analyticsBesideReported(db: Db, teamId: number, records: UsageRecord[], since: string): Promise<TeamSummary['analytics']> {
  const rows = await db.all<{ date: string; total: number }>(
    `SELECT o.date AS date, SUM(o.input + o.output + o.cache_read + o.cache_write) AS total FROM org_usage_daily o JOIN people p ON p.id = o.person_id
     WHERE p.team_id = ? AND o.source = 'claude-code-analytics' AND o.date >= ? GROUP BY o.date ORDER BY o.date`,
    [teamId, since],
  );
  const reported = new Map<string, number>();
  for (const r of records) if (r.agent === 'claude-code' && r.date >= since) reported.set(r.date, (reported.get(r.date) ?? 0) + totalOfRecord(r));
  return rows.map((r) => ({ date: String(r.date), analytics: Number(r.total), reported: reported.get(String(r.date)) ?? 0 }));
}
