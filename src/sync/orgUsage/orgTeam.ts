import type { TeamSummary } from '../../shared/teamApi';
import { actorKeys } from '../orgApi/identity';
import type { OrgUsageRow } from '../orgApi/types';
import type { TokenCounts, TokenKind } from '../../shared/tokens';
import { addInto, zeroCounts } from '../../shared/tokens';
import { deriveStanding } from '../../core/standing';
import type { DerivedStanding } from '../../core/standing';
import type { TeamPolicy, UsageRecord } from '../../core/teamView/stats';
import { summarize } from '../../core/teamView/summary';
import type { SummaryPerson } from '../../core/teamView/summary';

/**
 * Org usage API rows (src/sync/orgApi) as the team summary's people and records (computed by
 * core/teamView, as the backend's dashboard is), and this developer's own rows. Pure.
 */

/** How people are told apart: each alias (an email or id) names the person it belongs to. */
export interface Identities {
  /** Extra emails / ids → the person's main email or id (one person, two emails). */
  aliases: Record<string, string>;
  /** Everyone the lead expects on the team (emails or ids); those with no rows are listed at zero. */
  roster: string[];
}

/**
 * The names a row's actor may be known by, most specific first, by the backend's own definition
 * (orgApi/identity), lower-cased for matching what people type into settings.
 */
export function keysOf(r: Pick<OrgUsageRow, 'provider' | 'actor'>): string[] {
  return actorKeys(r.provider, r.actor).map(([, v]) => v.trim().toLowerCase()).filter(Boolean);
}

function canonical(key: string, aliases: Map<string, string>): string {
  return aliases.get(key) ?? key;
}

function aliasMap(ids: Identities): Map<string, string> {
  return new Map(Object.entries(ids.aliases).map(([k, v]) => [k.trim().toLowerCase(), v.trim().toLowerCase()]));
}

/** The team summary's input from org rows: one person per actor (aliases joined), UTC days. */
export function orgTeamInput(rows: readonly OrgUsageRow[], ids: Identities, fetchedDay: string): { people: SummaryPerson[]; records: UsageRecord[]; lastReport: Map<number, string> } {
  const aliases = aliasMap(ids);
  const idOf = new Map<string, number>();
  const people: SummaryPerson[] = [];
  const person = (key: string): number => {
    let id = idOf.get(key);
    if (id === undefined) {
      id = people.length + 1;
      idOf.set(key, id);
      people.push({ id, name: key, team: null });
    }
    return id;
  };
  const records: UsageRecord[] = [];
  for (const r of rows) {
    const key = keysOf(r)[0];
    if (!key) continue;
    const personId = person(canonical(key, aliases));
    // The org APIs bucket by UTC day and know no hours: no heatmap from them.
    records.push({ personId, deviceId: 'org', date: r.date, agent: r.agent, model: r.model, timezone: 'UTC', input: r.input, output: r.output, cacheRead: r.cacheRead, cacheWrite: r.cacheWrite, reasoning: 0, hourly: null });
  }
  for (const k of ids.roster) if (k.trim()) person(canonical(k.trim().toLowerCase(), aliases));
  people.sort((a, b) => a.name.localeCompare(b.name));
  // Nobody opts in to an org API: it speaks for everyone in the org as of the last fetch, so nobody
  // is "not reporting", and a roster name with no rows is at zero (or not in this org: check the email).
  const lastReport = new Map(people.map((p) => [p.id, fetchedDay] as const));
  return { people, records, lastReport };
}

/** This developer's rows: those whose actor matches one of `mine` (emails or ids, any case). */
export function myRows<R extends OrgUsageRow>(rows: readonly R[], mine: readonly string[], aliases: Record<string, string> = {}): R[] {
  const a = aliasMap({ aliases, roster: [] });
  // An actor is mine when it, or the person its alias names, is one of mine (or their alias).
  const wanted = new Set(mine.map((m) => m.trim().toLowerCase()).filter(Boolean).flatMap((m) => [m, canonical(m, a)]));
  return wanted.size === 0 ? [] : rows.filter((r) => keysOf(r).some((k) => wanted.has(k) || wanted.has(canonical(k, a))));
}

/** Per UTC day and agent: the org's count beside this machine's, over `days`. */
export interface OrgLocalDay {
  date: string;
  agent: string;
  org: number;
  local: number;
}

/**
 * The org's count of my tokens beside the local count, per day and agent, for the agents either side
 * saw. Local days are the panel's (the user's zone), org days UTC: the note in the panel says so.
 */
export function orgBesideLocal(mine: readonly OrgUsageRow[], local: ReadonlyArray<{ date: string; agents: Partial<Record<string, { input: number; output: number; cacheRead: number; cacheWrite: number }>> }>, days: readonly string[]): OrgLocalDay[] {
  const out = new Map<string, OrgLocalDay>();
  const at = (date: string, agent: string) => {
    const k = `${date}\u0000${agent}`;
    let d = out.get(k);
    if (!d) out.set(k, (d = { date, agent, org: 0, local: 0 }));
    return d;
  };
  const inRange = new Set(days);
  for (const r of mine) if (inRange.has(r.date)) at(r.date, r.agent).org += r.input + r.output + r.cacheRead + r.cacheWrite;
  for (const d of local) {
    if (!inRange.has(d.date)) continue;
    for (const [agent, c] of Object.entries(d.agents)) if (c) {
      const n = c.input + c.output + c.cacheRead + c.cacheWrite;
      if (n > 0) at(d.date, agent).local += n;
    }
  }
  return [...out.values()].sort((a, b) => (a.date === b.date ? a.agent.localeCompare(b.agent) : b.date.localeCompare(a.date)));
}

/**
 * The team view without a server: the dashboard's summary of the org's rows under the lead's own
 * policy (settings), with the leaderboard always off and the curve over the fetched days.
 */
export function orgTeamSummary(rows: readonly OrgUsageRow[], ids: Identities, policy: TeamPolicy & { name: string }, fetchedAt: number, now: number): Omit<TeamSummary, 'analytics' | 'orgByPerson'> {
  const input = orgTeamInput(rows, ids, new Date(fetchedAt).toISOString().slice(0, 10));
  return summarize({ ...input, team: { ...policy, leaderboardEnabled: false, tierGuides: {} }, scope: { team: null, days: null, from: null, to: null }, now });
}

/**
 * My standing from my org rows under this machine's policy (UTC days, as the org APIs count):
 * what `tokenTier.tierSource: org` shows instead of the local one.
 */
export function orgStanding(mine: readonly OrgUsageRow[], policy: { windowDays: number; tiers: ReadonlyArray<{ name: string; min: number }>; countedKinds: readonly TokenKind[] }, now: number): DerivedStanding {
  const days = new Map<string, TokenCounts>();
  for (const r of mine) {
    const d = days.get(r.date) ?? zeroCounts();
    addInto(d, { ...r, reasoning: 0 });
    days.set(r.date, d);
  }
  const tiers = policy.tiers.map((t) => ({ ...t, icon: '', blurb: '' }));
  return deriveStanding(days, new Date(now).toISOString().slice(0, 10), { windowDays: policy.windowDays, tiers, countedKinds: policy.countedKinds });
}
