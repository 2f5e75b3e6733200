import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { HttpError } from '../http/body';
import { getTeam } from '../teams';
import { smoothness } from '../../../src/core/metrics';
import { addDays } from '../../../src/core/time';
import { byPerson as groupByPerson, dailySeries, personStanding, teamTiers, teamUsage, todayFor, totalOfRecord } from './stats';
import type { UsageRecord } from './stats';
import type { TeamSummary } from '../../../src/shared/teamApi';

type Mix = Array<{ name: string; total: number }>;

/** `GET /api/v1/team/summary`: what the company dashboard shows (admin tokens only). */
export async function teamSummary(db: Db, caller: Caller, now = Date.now()): Promise<TeamSummary> {
  if (caller.role !== 'admin') throw new HttpError(403, 'forbidden', 'the team summary needs an admin token');
  const team = (await getTeam(db, caller.teamId))!;
  const records = await teamUsage(db, team.id, now);
  const people = await db.all<{ id: number; name: string }>('SELECT id, name FROM people WHERE team_id = ? ORDER BY name', [team.id]);
  const tiers = teamTiers(team);
  // The org's "today" is the day of the latest report, in its zone — as each person's own standing is.
  const today = todayFor(records, now);
  const byPerson = groupByPerson(records);
  const standings = people.map((p) => ({ name: p.name, id: Number(p.id), ...personStanding(byPerson.get(Number(p.id)) ?? [], team, now) }));
  const weekStart = addDays(today, -6);
  const zero = standings.filter((s) => !(byPerson.get(s.id) ?? []).some((r) => r.date >= addDays(s.today, -6) && r.date <= s.today && totalOfRecord(r) > 0));
  const topIndex = Math.max(0, ...standings.map((s) => s.tierIndex));
  const topIds = new Set(standings.filter((s) => s.tierIndex === topIndex && topIndex > 0).map((s) => s.id));

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
    people: people.length,
    tierDistribution: tiers.map((t, i) => ({ tier: t.name, count: standings.filter((s) => s.tierIndex === i).length })),
    zeroLast7Days: zero.map((s) => s.name),
    daily: dailySeries(records, today).map((d) => ({ date: d.date, total: d.total })),
    heatmap,
    smoothness: smoothness(week),
    agentMix: mix(window, (r) => r.agent),
    modelMix: mix(window, (r) => r.model),
    topTier: topTierMix(tiers[topIndex]!.name, topIds, window),
    leaderboard: team.leaderboardEnabled ? [...standings].sort((a, b) => b.meanPerDay - a.meanPerDay).map((s) => ({ name: s.name, tier: s.tier, meanPerDay: Math.round(s.meanPerDay) })) : null,
    analytics: await analyticsBesideReported(db, team.id, records, addDays(today, -29)),
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
