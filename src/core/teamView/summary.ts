import { smoothness } from '../metrics';
import { addDays, dateRange, weekStart } from '../time';
import type { TeamSummary, TierGuides } from '../../shared/teamApi';
import { byPerson as groupByPerson, dailySeries, HISTORY_DAYS, personStanding, reportedLately, teamTiers, tierIndexAt, todayFor, tokensLastWeek, totalOfRecord } from './stats';
import type { TeamPolicy, UsageRecord } from './stats';

/**
 * What the company dashboard shows, from the team's rows: one pure function for the team backend
 * (`GET /api/v1/team/summary`) and the extension's serverless team view, so both apply the same
 * privacy rules (MIN_GROUP withholding, names only on the roster, leaderboard only when enabled).
 */

type Mix = Array<{ name: string; total: number }>;

/** The team as the summary needs it: its policy, its name, and what it shows. */
export interface SummaryTeam extends TeamPolicy {
  name: string;
  leaderboardEnabled: boolean;
  tierGuides: TierGuides;
}

/** A person in the view; `team` is their sub-team's name (shown on the roster). */
export interface SummaryPerson {
  id: number;
  name: string;
  team: string | null;
}

/** Everything `summarize` reads: the people in scope, their rows, when each last reported. */
export interface SummaryInput {
  team: SummaryTeam;
  /** The people in scope, in the order the roster lists them. */
  people: SummaryPerson[];
  /** Their rows (of the last HISTORY_DAYS). */
  records: UsageRecord[];
  /** Each person's last report (YYYY-MM-DD…); absent = never reported. */
  lastReport: Map<number, string>;
  /** The sub-team's name (null: everyone), and the days of the curve: a preset or a custom range. */
  scope: { team: string | null; days: number | null; from: string | null; to: string | null };
  now: number;
}

/** The summary without what needs the backend's database (org APIs beside reports, per day and per person). */
export function summarize(input: SummaryInput): Omit<TeamSummary, 'analytics' | 'orgByPerson'> {
  const { team, people, records, lastReport, scope, now } = input;
  const tiers = teamTiers(team);
  // The org's "today" is the day of the latest report, in its zone — as each person's own standing is.
  const today = todayFor(records, now);
  const byPerson = groupByPerson(records);
  const standings = people.map((p) => ({ name: p.name, id: Number(p.id), ...personStanding(byPerson.get(Number(p.id)) ?? [], team, now) }));
  const weekStart = addDays(today, -6);
  const zero = standings.filter((s) => !tokensLastWeek(byPerson.get(s.id) ?? [], s.today));
  const topIndex = Math.max(0, ...standings.map((s) => s.tierIndex));
  const topIds = new Set(standings.filter((s) => s.tierIndex === topIndex && topIndex > 0).map((s) => s.id));
  const roster = rosterOf(people, lastReport, zero.map((s) => s.id), today);
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
    scope: { team: scope.team, from: first, to: last },
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
function trendsOf(records: UsageRecord[], byPerson: Map<number, UsageRecord[]>, standings: Array<{ id: number; tierIndex: number }>, tiers: ReadonlyArray<{ name: string }>, team: TeamPolicy, first: string, last: string, window: UsageRecord[]): TeamSummary['trends'] {
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
function rosterOf(people: SummaryPerson[], last: Map<number, string>, zeroIds: number[], today: string): TeamSummary['roster'] {
  const entry = (p: SummaryPerson) => ({ name: p.name, team: p.team, lastReport: last.get(p.id)?.slice(0, 10) ?? null });
  const reporting = (p: { id: number }) => reportedLately(last.get(p.id), today);
  const zero = new Set(zeroIds);
  return {
    atZero: people.filter((p) => reporting(p) && zero.has(p.id)).map(entry),
    notReporting: people.filter((p) => !reporting(p)).map(entry),
  };
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
