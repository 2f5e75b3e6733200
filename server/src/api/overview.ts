import { addDays, dateRange, weekStart } from '../../../src/core/time';
import { deriveStanding } from '../../../src/core/standing';
import { requestCostMicros } from '../../../src/core/prices/pricing';
import { addInto, zeroCounts } from '../../../src/shared/tokens';
import type { TeamPolicy, UsageRecord } from '../../../src/core/teamView/stats';
import { countsByDate, reportedLately, teamTiers, todayFor, totalOfRecord } from '../../../src/core/teamView/stats';
import { MIN_GROUP } from '../../../src/core/teamView/summary';
import type { Headline, Overview, TeamRow } from '../../shared/dashboardApi';

/**
 * The dashboard's first screen, from the organisation's rows: headline figures for the scope (the
 * organisation or one team, over the range), every team side by side (sorted so the team that needs
 * help most comes first; fewer than 5 people: withheld), and per week how many people moved up or
 * down a tier against 4 weeks earlier.
 */

/** A person as the overview needs them (removed people are not in it; their rows are in `records`). */
export interface OverviewPerson {
  id: number;
  team: number | null;
}

export interface OverviewInput {
  policy: TeamPolicy;
  people: OverviewPerson[];
  teams: Array<{ id: number; name: string }>;
  /** The organisation's rows (removed people's too: they count in totals), and those of the scope. */
  records: UsageRecord[];
  scopeRecords: UsageRecord[];
  lastReport: Map<number, string>;
  /** The scope: one team (null: all), the range's days, and the organisation's today. */
  scope: { team: number | null; from: string; to: string; today: string };
  now: number;
}

/** What the overview knows of one person, worked out once. */
interface Standing {
  id: number;
  team: number | null;
  reporting: boolean;
  active: boolean;
  activeBefore: boolean;
  tier: number;
  tierAt: (date: string) => number;
  /** The first day with a row (undefined: none), and all tokens per day. */
  firstReport: string | undefined;
  perDay: Map<string, number>;
}

/** Weeks of the team trend, and the gap the change is measured over. */
const TREND_WEEKS = 5;
const MOVE_GAP_DAYS = 28;

export function overviewOf(o: OverviewInput): Overview {
  const tiers = teamTiers(o.policy);
  const byPerson = new Map<number, UsageRecord[]>();
  for (const r of o.records) {
    const list = byPerson.get(r.personId);
    if (list) list.push(r);
    else byPerson.set(r.personId, [r]);
  }
  // A person's "today" is in the zone of their latest report: worked out once per zone, not per person.
  const todayIn = new Map<string, string>();
  const standings = o.people.map((p): Standing => {
    const recs = byPerson.get(p.id) ?? [];
    const days = countsByDate(recs);
    const zone = recs.reduce<UsageRecord | undefined>((a, r) => (!a || r.date > a.date ? r : a), undefined)?.timezone ?? 'UTC';
    if (!todayIn.has(zone)) todayIn.set(zone, todayFor(recs, o.now));
    const today = todayIn.get(zone)!;
    const tierAt = (date: string) => deriveStanding(days, date, { windowDays: o.policy.windowDays, tiers, countedKinds: o.policy.countedKinds }).index;
    const any = (from: string, to: string) => recs.some((r) => r.date >= from && r.date <= to && totalOfRecord(r) > 0);
    const firstReport = recs.reduce<string | undefined>((m, r) => (m === undefined || r.date < m ? r.date : m), undefined);
    const perDay = new Map<string, number>();
    for (const [date, c] of days) perDay.set(date, c.input + c.output + c.cacheRead + c.cacheWrite);
    return { id: p.id, team: p.team, reporting: reportedLately(o.lastReport.get(p.id), o.scope.today), active: any(addDays(today, -6), today), activeBefore: any(addDays(today, -13), addDays(today, -7)), tier: tierAt(today), tierAt, firstReport, perDay };
  });
  const inScope = standings.filter((s) => o.scope.team === null || s.team === o.scope.team);
  return {
    headline: headlineOf(inScope, tiers.map((t) => t.name), o.scopeRecords, o.scope),
    teams: teamRows(standings, o, tiers.map((t) => t.name)),
    movement: movementOf(inScope, o.scope.from, o.scope.to),
  };
}

function headlineOf(people: Standing[], tierNames: string[], records: UsageRecord[], scope: OverviewInput['scope']): Headline {
  const days = dateRange(scope.from, scope.to).length;
  const kinds = zeroCounts();
  let costMicros = 0;
  let unpriced = 0;
  for (const r of records) {
    if (r.date < scope.from || r.date > scope.to) continue;
    addInto(kinds, r);
    const cost = dayCostMicros(r);
    if (cost === undefined) unpriced += totalOfRecord(r);
    else costMicros += cost;
  }
  const total = kinds.input + kinds.output + kinds.cacheRead + kinds.cacheWrite;
  return {
    people: people.length,
    reporting: people.filter((p) => p.reporting).length,
    weeklyActive: people.filter((p) => p.active).length,
    weeklyActivePrevious: people.filter((p) => p.activeBefore).length,
    atZero: people.filter((p) => p.reporting && !p.active).length,
    tierMix: tierNames.map((tier, i) => ({ tier, count: people.filter((p) => p.tier === i).length })),
    days,
    tokensPerDay: total / Math.max(1, days),
    freshShare: total ? (kinds.input + kinds.output) / total : 0,
    cacheShare: total ? (kinds.cacheRead + kinds.cacheWrite) / total : 0,
    costPerDay: costMicros / 1e6 / Math.max(1, days),
    unpricedShare: total ? unpriced / total : 0,
  };
}

/**
 * A day's row at list price. The row is a day's sum, not one request, so a long-context tier (by
 * a request's input size) can't be told: it is priced as requests below those tiers.
 */
function dayCostMicros(r: UsageRecord): number | undefined {
  const input = r.input + r.cacheRead + r.cacheWrite;
  const scale = input > 100_000 ? 100_000 / input : 1;
  const micros = requestCostMicros(r.model, Date.parse(`${r.date}T12:00:00Z`), { input: r.input * scale, output: r.output * scale, cacheRead: r.cacheRead * scale, cacheWrite: r.cacheWrite * scale });
  return micros === undefined ? undefined : micros / scale;
}

function teamRows(standings: Standing[], o: OverviewInput, tierNames: string[]): TeamRow[] {
  const groups: Array<{ id: number | null; name: string }> = [...o.teams];
  if (standings.some((s) => s.team === null)) groups.push({ id: null, name: 'No team' });
  const today = o.scope.today;
  const rows = groups.map((g): TeamRow => {
    const members = standings.filter((s) => s.team === g.id);
    const base = { id: g.id, name: g.name, people: members.length };
    if (members.length < MIN_GROUP) return { ...base, withheld: `Withheld: fewer than ${MIN_GROUP} people`, reporting: 0, weeklyActive: 0, atZero: 0, medianTier: null, tierMix: [], weeks: [], change: null };
    const weeks = Array.from({ length: TREND_WEEKS }, (_, k) => {
      const end = addDays(today, -7 * (TREND_WEEKS - 1 - k));
      const dates = dateRange(addDays(end, -6), end);
      return members.reduce((n, m) => n + dates.reduce((d, date) => d + (m.perDay.get(date) ?? 0), 0), 0) / 7;
    });
    const sorted = members.map((m) => m.tier).sort((a, b) => a - b);
    return {
      ...base,
      withheld: null,
      reporting: members.filter((m) => m.reporting).length,
      weeklyActive: members.filter((m) => m.active).length,
      atZero: members.filter((m) => m.reporting && !m.active).length,
      medianTier: tierNames[sorted[Math.floor((sorted.length - 1) / 2)]!]!,
      tierMix: tierNames.map((tier, i) => ({ tier, count: sorted.filter((t) => t === i).length })),
      weeks,
      change: weeks[0]! > 0 ? weeks[TREND_WEEKS - 1]! / weeks[0]! - 1 : null,
    };
  });
  // Who needs help first: the lowest share weekly active, then the lowest share reporting, then the
  // most at zero; withheld teams last (their figures are not shown, so they can't be ranked).
  const share = (n: number, of: number) => (of ? n / of : 1);
  return rows.sort((a, b) => Number(a.withheld !== null) - Number(b.withheld !== null) || share(a.weeklyActive, a.people) - share(b.weeklyActive, b.people) || share(a.reporting, a.people) - share(b.reporting, b.people) || b.atZero - a.atZero || a.name.localeCompare(b.name));
}

/**
 * Per week of the range (from Monday, as the summary's weeks): who is above, below or level with
 * their tier 4 weeks before. Only people who had reported by then: someone who just joined did not
 * move up from "Not started".
 */
function movementOf(people: Standing[], from: string, to: string): Overview['movement'] {
  const out: Overview['movement'] = [];
  for (let ws = weekStart(from); ws <= to; ws = addDays(ws, 7)) {
    const we = addDays(ws, 6) < to ? addDays(ws, 6) : to;
    const before = addDays(we, -MOVE_GAP_DAYS);
    let up = 0;
    let down = 0;
    let same = 0;
    for (const p of people) {
      if (p.firstReport === undefined || p.firstReport > before) continue;
      const d = p.tierAt(we) - p.tierAt(before);
      if (d > 0) up++;
      else if (d < 0) down++;
      else same++;
    }
    out.push({ weekOf: ws, up, down, same });
  }
  return out;
}

