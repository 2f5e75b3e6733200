import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { HttpError } from '../http/body';
import { getTeam, listSubteams } from '../teams';
import type { Team } from '../teams';
import { smoothness } from '../../../src/core/metrics';
import { addDays, dateRange, isIsoDate, weekStart } from '../../../src/core/time';
import { byPerson as groupByPerson, dailySeries, HISTORY_DAYS, personStanding, reportedLately, teamTiers, teamUsage, tierIndexAt, todayFor, tokensLastWeek, totalOfRecord } from './stats';
import type { UsageRecord } from './stats';
import type { TeamSummary } from '../../../src/shared/teamApi';
import { orgByPersonOf } from './orgBeside';
import { devicesOf } from './devices';

type Mix = Array<{ name: string; total: number }>;

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

/** `GET /api/v1/team/summary[?team=ID][&days=7|30|90 | &from=&to=]`: what the company dashboard shows (admin tokens only). */
export async function teamSummary(db: Db, caller: Caller, now = Date.now(), query?: URLSearchParams): Promise<TeamSummary> {
  if (caller.role !== 'admin') throw new HttpError(403, 'forbidden', 'the team summary needs an admin token');
  const scope = scopeOf(query);
  const team = (await getTeam(db, caller.teamId))!;
  const subteams = await listSubteams(db, team.id);
  if (scope.subteamId !== null && !subteams.some((t) => t.id === scope.subteamId)) throw new HttpError(400, 'invalid_scope', 'no such team in this organisation');
  const everyone = await db.all<{ id: number; name: string; subteam_id: number | null }>('SELECT id, name, subteam_id FROM people WHERE team_id = ? ORDER BY name', [team.id]);
  const people = everyone.filter((p) => scope.subteamId === null || Number(p.subteam_id) === scope.subteamId);
  const inScope = new Set(people.map((p) => Number(p.id)));
  const records = (await teamUsage(db, team.id, now)).filter((r) => inScope.has(r.personId));
  const tiers = teamTiers(team);
  // The org's "today" is the day of the latest report, in its zone — as each person's own standing is.
  const today = todayFor(records, now);
  const byPerson = groupByPerson(records);
  const standings = people.map((p) => ({ name: p.name, id: Number(p.id), ...personStanding(byPerson.get(Number(p.id)) ?? [], team, now) }));
  const weekStart = addDays(today, -6);
  const zero = standings.filter((s) => !tokensLastWeek(byPerson.get(s.id) ?? [], s.today));
  const topIndex = Math.max(0, ...standings.map((s) => s.tierIndex));
  const topIds = new Set(standings.filter((s) => s.tierIndex === topIndex && topIndex > 0).map((s) => s.id));
  const teamName = new Map(subteams.map((t) => [t.id, t.name]));
  const roster = await rosterOf(db, people.map((p) => ({ id: Number(p.id), name: p.name, team: p.subteam_id === null ? null : teamName.get(Number(p.subteam_id)) ?? null })), zero.map((s) => s.id), today);
  const small = people.length < MIN_GROUP;
  const withheld = small ? `Withheld: this view covers fewer than ${MIN_GROUP} people, so its agent and model mix and its hour-by-weekday map would show individuals' choices.` : null;
  const last = scope.to ?? today;
  let first = scope.from ?? addDays(today, -((scope.days ?? HISTORY_DAYS) - 1));
  // The curve starts at the first report: days before anyone reported are not zeros, they are unknown.
  const firstReport = records.reduce<string | undefined>((m, r) => (m === undefined || r.date < m ? r.date : m), undefined);
  if (firstReport && firstReport > first) first = firstReport;

  const window = records.filter((r) => r.date >= addDays(today, -(team.windowDays - 1)));
  const heatStart = addDays(today, -27);
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const week = new Array<number>(168).fill(0);
  for (const r of records) {
    if (!r.hourly || r.date < heatStart) continue;
    const weekday = (new Date(`${r.date}T00:00:00Z`).getUTCDay() + 6) % 7;
    r.hourly.forEach((v, h) => {
      heatmap[weekday]![h]! += v;
      if (r.date >= weekStart) week[weekday * 24 + h]! += v;
    });
  }
  return {
    team: { name: team.name, windowDays: team.windowDays, leaderboardEnabled: team.leaderboardEnabled, countedKinds: team.countedKinds, tierGuides: team.tierGuides },
    today,
    scope: { team: scope.subteamId === null ? null : teamName.get(scope.subteamId)!, from: first, to: last },
    people: people.length,
    roster,
    withheld,
    tierDistribution: tiers.map((t, i) => ({ tier: t.name, count: standings.filter((s) => s.tierIndex === i).length })),
    zeroLast7Days: zero.map((s) => s.name),
    daily: dailySeries(records, today).filter((d) => d.date >= first && d.date <= last).map((d) => ({ date: d.date, total: d.total })),
    // When a few people work is theirs to know: the hour-by-weekday map needs 5 people too.
    heatmap: small ? heatmap.map((h) => h.map(() => 0)) : heatmap,
    smoothness: smoothness(week),
    agentMix: small ? [] : mix(window, (r) => r.agent),
    modelMix: small ? [] : mix(window, (r) => r.model),
    topTier: topTierMix(tiers[topIndex]!.name, topIds, window),
    trends: trendsOf(records, byPerson, standings, tiers, team, first, last, window),
    leaderboard: team.leaderboardEnabled ? [...standings].sort((a, b) => b.meanPerDay - a.meanPerDay).map((s) => ({ name: s.name, tier: s.tier, meanPerDay: Math.round(s.meanPerDay) })) : null,
    analytics: await analyticsBesideReported(db, team.id, records, addDays(today, -29)),
    orgByPerson: await orgByPersonOf(db, people, today),
    devices: await devicesOf(db, people.map((p) => ({ id: Number(p.id), name: p.name })), addDays(today, -(HISTORY_DAYS - 1))),
  };
}

const OFFICE = { from: 9, to: 18 };

/** What smoothness means, said once on the page. */
export const SMOOTHNESS_DEFINITION =
  'Smoothness is how evenly a week’s tokens spread over its 168 hours (normalised entropy): 1.0 is the same every hour, day and night; an even 9-to-5 working week scores 0.72; one busy hour scores 0. Office hours are 09:00–18:00, Monday to Friday, in each developer’s time zone.';

/**
 * Is the team moving up? Per week (from Monday) of the range: how many people were in each tier at
 * the week's end, how smooth the week was, and how much of it fell in office hours. And, per tier
 * of 5 or more people, which agents they use.
 */
function trendsOf(records: UsageRecord[], byPerson: Map<number, UsageRecord[]>, standings: Array<{ id: number; tierIndex: number }>, tiers: ReadonlyArray<{ name: string }>, team: Team, first: string, last: string, window: UsageRecord[]): TeamSummary['trends'] {
  const weeks: TeamSummary['trends']['weeks'] = [];
  for (let ws = weekStart(first); ws <= last; ws = addDays(ws, 7)) {
    const we = addDays(ws, 6) < last ? addDays(ws, 6) : last;
    const count: Record<string, number> = {};
    for (const s of standings) {
      const name = tiers[tierIndexAt(byPerson.get(s.id) ?? [], team, we)]!.name;
      count[name] = (count[name] ?? 0) + 1;
    }
    const hours = new Array<number>(168).fill(0);
    let office = 0;
    for (const r of records) {
      if (!r.hourly || r.date < ws || r.date > we) continue;
      const weekday = (new Date(`${r.date}T00:00:00Z`).getUTCDay() + 6) % 7;
      r.hourly.forEach((v, h) => {
        hours[weekday * 24 + h]! += v;
        if (weekday < 5 && h >= OFFICE.from && h < OFFICE.to) office += v;
      });
    }
    const all = hours.reduce((a, b) => a + b, 0);
    // A week cut by the range (this week, so far) says how many of its days it holds.
    const days = dateRange(ws < first ? first : ws, we).length;
    weeks.push({ weekOf: ws, days, tiers: count, smoothness: smoothness(hours), officeHoursShare: all > 0 ? office / all : 0 });
  }
  const agentMixByTier = tiers
    .map((t, i) => {
      const ids = new Set(standings.filter((s) => s.tierIndex === i).map((s) => s.id));
      if (ids.size === 0) return undefined;
      if (ids.size < MIN_GROUP) return { tier: t.name, people: ids.size, agentMix: [], withheld: `Withheld: fewer than ${MIN_GROUP} people.` };
      return { tier: t.name, people: ids.size, agentMix: mix(window.filter((r) => ids.has(r.personId)), (r) => r.agent), withheld: null };
    })
    .filter((x): x is NonNullable<typeof x> => x !== undefined);
  return { definition: SMOOTHNESS_DEFINITION, weeks, agentMixByTier };
}

/**
 * The enablement to-do list: who reports but had no agent tokens in the last 7 days, and who does
 * not report at all (never, or silent for SILENT_DAYS, see stats.ts) — with their team and last report.
 */
async function rosterOf(db: Db, people: Array<{ id: number; name: string; team: string | null }>, zeroIds: number[], today: string): Promise<TeamSummary['roster']> {
  const last = new Map<number, string>();
  if (people.length) {
    const rows = await db.all<{ person_id: number; last: string }>(`SELECT person_id, MAX(updated_at) AS last FROM usage_daily WHERE person_id IN (${people.map(() => '?').join(',')}) GROUP BY person_id`, people.map((p) => p.id));
    for (const r of rows) last.set(Number(r.person_id), String(r.last).slice(0, 10));
  }
  const entry = (p: { id: number; name: string; team: string | null }) => ({ name: p.name, team: p.team, lastReport: last.get(p.id) ?? null });
  const reporting = (p: { id: number }) => reportedLately(last.get(p.id), today);
  const zero = new Set(zeroIds);
  return {
    atZero: people.filter((p) => reporting(p) && zero.has(p.id)).map(entry),
    notReporting: people.filter((p) => !reporting(p)).map(entry),
  };
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

/** Below this many people a breakdown shows individuals' choices, so it is withheld (k-anonymity). */
export const MIN_GROUP = 5;

function topTierMix(tier: string, ids: Set<number>, window: UsageRecord[]): TeamSummary['topTier'] {
  if (ids.size < MIN_GROUP) {
    return { tier, people: ids.size, agentMix: [], modelMix: [], withheld: `Withheld: the top tier has fewer than ${MIN_GROUP} people, so its mix would show individuals' choices.` };
  }
  const mine = window.filter((r) => ids.has(r.personId));
  return { tier, people: ids.size, agentMix: mix(mine, (r) => r.agent), modelMix: mix(mine, (r) => r.model), withheld: null };
}

/** The biggest names of a mix, the rest as one line: the dashboard lists a handful, never thousands. */
const MIX_SHOWN = 20;

function mix(records: UsageRecord[], key: (r: UsageRecord) => string): Mix {
  const m = new Map<string, number>();
  for (const r of records) m.set(key(r), (m.get(key(r)) ?? 0) + totalOfRecord(r));
  const all = [...m].map(([name, total]) => ({ name, total })).sort((a, b) => b.total - a.total);
  if (all.length <= MIX_SHOWN + 1) return all;
  const rest = all.slice(MIX_SHOWN);
  return [...all.slice(0, MIX_SHOWN), { name: `${rest.length} others`, total: rest.reduce((n, r) => n + r.total, 0) }];
}
