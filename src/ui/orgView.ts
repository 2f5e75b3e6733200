import type { OrgView } from '../shared/protocol';
import type { DayPoint } from '../shared/snapshot';
import type { MeResponse } from '../shared/teamApi';
import type { SyncStatus } from '../sync/syncEngine';
import { syncLine } from './badgeModel';

/** The panel's team section from the organisation's `/me` and this machine's days (pure). */
export function orgView(me: MeResponse, local: readonly DayPoint[], sync: SyncStatus | undefined): OrgView {
  return {
    teamName: me.team.name,
    tier: me.tier,
    meanPerDay: me.meanPerDay,
    windowDays: me.team.windowDays,
    percentile: me.percentile,
    devices: me.devices,
    days: me.days.slice(-7).map((d) => ({ date: d.date, org: d.total, local: local.find((l) => l.date === d.date)?.total ?? 0 })),
    sync: syncLine(sync) ?? '',
  };
}
