import type { OrgView } from '../shared/protocol';
import type { DayPoint } from '../shared/snapshot';
import type { MeResponse } from '../shared/teamApi';
import type { SyncStatus } from '../sync/syncEngine';
import { syncLine } from './badgeModel';
import { formatTokens } from '../shared/format';
import { AGENT_LABELS } from '../shared/tokens';
import type { AgentId } from '../shared/tokens';

/**
 * The panel's team section (pure): what the organisation's `/me` confirms beside this machine's
 * days, and how reporting is doing. Shown whenever reporting is on, even before the backend has
 * confirmed anything, so a rejected token is seen in the panel, not only in the tooltip.
 */
export function orgView(me: MeResponse | undefined, local: readonly DayPoint[], sync: SyncStatus | undefined): OrgView {
  // Offline is expected (a laptop on a train) and heals itself; a rejected token or a refusal needs the user.
  const problem = sync?.state === 'unauthorized' || sync?.state === 'error';
  return {
    confirmed: me
      ? {
          teamName: me.team.name,
          tier: me.tier,
          meanPerDay: me.meanPerDay,
          windowDays: me.team.windowDays,
          percentile: me.percentile,
          devices: me.devices,
          days: me.days.slice(-7).map((d) => ({ date: d.date, org: d.total, local: local.find((l) => l.date === d.date)?.total ?? 0 })),
          adminView: me.adminView ? adminViewText(me.adminView) : null,
        }
      : null,
    sync: syncLine(sync) ?? '',
    state: problem ? 'problem' : 'ok',
  };
}

/** One device as the dashboard lists it: how it reports and its agents. */
function deviceText(d: NonNullable<NonNullable<MeResponse['adminView']>['devices']>[number]): string {
  const agents = d.agents.map((a) => AGENT_LABELS[a as AgentId] ?? a).join(', ');
  return `${d.channel === 'extension' ? 'the extension' : 'OpenTelemetry'} (${agents || 'no agent yet'}${d.extensionWins ? "; the extension's numbers count there" : ''})`;
}

/** The one line an admin's dashboard holds about this developer, in words. */
function adminViewText(v: NonNullable<MeResponse['adminView']>): string {
  const parts = [`${v.name}${v.team ? ` (team ${v.team})` : ''}: ${v.tier}, ${formatTokens(v.meanPerDay)} tokens/day`];
  if (v.roster) parts.push(`listed as “${v.roster}” on the team's to-do list`);
  if (v.devices?.length) parts.push(`your devices: ${v.devices.map(deviceText).join(', ')}`);
  parts.push(v.leaderboard ? 'on the leaderboard, which your team turned on' : 'no leaderboard');
  return `What your admins see about you: ${parts.join('; ')}. Never your prompts, files, projects or per-hour detail.`;
}
