import type { OrgUsageView, TeamView } from '../shared/protocol';
import type { Snapshot } from '../shared/snapshot';
import { addDays } from '../core/time';
import { myRows, orgBesideLocal, orgStanding, orgTeamSummary } from '../sync/orgUsage/orgTeam';
import type { OrgUsageState } from '../sync/orgUsage/orgUsageService';
import { orgErrorText, PROVIDER_INFO } from '../sync/orgUsage/providers';
import type { ConnectableProvider } from '../sync/orgUsage/providers';
import type { Config } from '../platform/config';

/** Days of "org beside local" the panel lists (the APIs' recent days; older ones stay in the team view). */
export const PANEL_DAYS = 7;

/** "fetched 5 min ago", or the date for older data: offline shows the last data with its age. */
export function ageLine(state: OrgUsageState, now: number): string {
  if (state.fetching && !state.cache) return 'Fetching…';
  if (!state.cache) return 'Not fetched yet.';
  const m = Math.floor((now - state.cache.fetchedAt) / 60_000);
  const age = m < 1 ? 'just now' : m < 60 ? `${m} min ago` : m < 48 * 60 ? `${Math.floor(m / 60)} h ago` : `on ${new Date(state.cache.fetchedAt).toISOString().slice(0, 10)}`;
  return `Fetched ${age}.${state.fetching ? ' Refreshing…' : ''}`;
}

function problem(state: OrgUsageState): string | null {
  const p = state.connection?.provider as ConnectableProvider | undefined;
  return state.error && p && p in PROVIDER_INFO ? state.error.text ?? orgErrorText(state.error.kind, p) : null;
}

function label(state: OrgUsageState): string | null {
  const p = state.connection?.provider as ConnectableProvider | undefined;
  return p && p in PROVIDER_INFO ? PROVIDER_INFO[p].label : null;
}

/** The panel's org section: my rows (by `tokenTier.org.myIdentities`) beside this machine's, per UTC day and agent. */
export function orgUsageView(state: OrgUsageState, config: Config, snapshot: Snapshot | undefined, now: number): OrgUsageView | null {
  const provider = label(state);
  if (!provider) return null;
  const rows = state.cache ? myRows(state.cache.rows, config.org.myIdentities, config.org.aliases) : [];
  const known = config.org.myIdentities.length > 0;
  const today = new Date(now).toISOString().slice(0, 10);
  const days = Array.from({ length: PANEL_DAYS }, (_, i) => addDays(today, -i));
  const s = snapshot && rows.length ? orgStanding(rows, snapshot, now) : undefined;
  return {
    provider,
    fresh: ageLine(state, now),
    problem: problem(state),
    days: known ? groupLocalOnly(orgBesideLocal(rows, snapshot?.days ?? [], days)) : null,
    orgTier: s ? { tier: s.tier.name, meanPerDay: s.meanPerDay } : null,
    tierSource: config.tierSource,
  };
}

/** The team view: the dashboard's summary of the org's rows, under this machine's tier policy. */
export function teamView(state: OrgUsageState, config: Config, now: number): TeamView {
  const provider = label(state);
  const cache = state.cache;
  return {
    provider,
    fresh: provider ? ageLine(state, now) : '',
    problem: problem(state),
    fetching: state.fetching,
    summary:
      provider && cache
        ? orgTeamSummary(cache.rows, { aliases: config.org.aliases, roster: config.org.roster }, { name: provider, windowDays: config.windowDays, tierThresholds: config.tierThresholds, countedKinds: config.countedKinds }, cache.fetchedAt, now)
        : null,
    backend: null,
    backendUrl: null,
  };
}

/**
 * Agents the org API never counted in these days (Codex, Copilot… for an Anthropic org) as one
 * "other" row per day: the table compares what both sides can see, and still shows the rest.
 */
export function groupLocalOnly(days: ReturnType<typeof orgBesideLocal>): ReturnType<typeof orgBesideLocal> {
  const counted = new Set(days.filter((d) => d.org > 0).map((d) => d.agent));
  const out: ReturnType<typeof orgBesideLocal> = [];
  for (const d of days) {
    if (counted.has(d.agent)) out.push(d);
    else {
      const last = out[out.length - 1];
      if (last?.date === d.date && last.agent === 'other') last.local += d.local;
      else out.push({ date: d.date, agent: 'other', org: 0, local: d.local });
    }
  }
  return out;
}
