import type { Snapshot } from '../shared/snapshot';
import { myRows, orgStanding } from '../sync/orgUsage/orgTeam';
import type { OrgUsageState } from '../sync/orgUsage/orgUsageService';
import type { Config } from '../platform/config';

/**
 * The snapshot with its standing from my org rows (`tokenTier.tierSource: org`): the same policy
 * (window, tiers, counted kinds), the org's UTC days. Unchanged when there are no org rows for me.
 */
export function withOrgStanding(s: Snapshot, state: OrgUsageState, config: Config, now: number): Snapshot {
  const rows = state.cache ? myRows(state.cache.rows, config.org.myIdentities, config.org.aliases) : [];
  if (rows.length === 0) return s;
  const d = orgStanding(rows, s, now);
  return { ...s, standing: { tierIndex: d.index, meanPerDay: Math.round(d.meanPerDay), fraction: d.fraction, perDayNeeded: Math.round(d.perDayNeeded), windowNeeded: d.windowNeeded }, todayCounted: d.todayCounted };
}
