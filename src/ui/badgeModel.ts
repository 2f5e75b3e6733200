import type { Snapshot } from '../shared/snapshot';
import type { SyncStatus } from '../sync/syncEngine';
import { COST_LABEL, costLine, formatTokens, freshLine, progressText, tierName } from '../shared/format';
import { COMMANDS } from '../platform/commands/ids';
import { markdownText, plainText } from '../shared/plainText';

/** What the status-bar item shows; pure, so it is unit-tested without VS Code. */
export interface BadgeModel {
  text: string;
  /** Markdown. */
  tooltip: string;
  warning: boolean;
  accessibility: string;
}

export type BadgeInput =
  | { kind: 'loading' }
  | { kind: 'ready'; snapshot: Snapshot; fresh: boolean }
  | { kind: 'error'; snapshot: Snapshot | undefined; message: string };

/** One line on team reporting, plain text (the backend's words in it too): "synced 2 min ago", "offline, 3 days queued". */
export function syncLine(s: SyncStatus | undefined, now = Date.now()): string | undefined {
  if (!s) return undefined;
  const queued = `${s.queuedDays} day${s.queuedDays === 1 ? '' : 's'} queued`;
  switch (s.state) {
    case 'offline':
      return `Team: offline, ${queued}`;
    case 'unauthorized':
      return `Team: token rejected — set a new one (Token Tier: Set Team Token…), ${queued}`;
    case 'error':
      return `Team: not synced (${plainText(s.message ?? 'error', 200)}), ${queued}`;
    case 'syncing':
      return `Team: syncing, ${queued}`;
    default: {
      const synced = s.lastSyncAt ? `synced ${minutesAgo(s.lastSyncAt, now)}` : undefined;
      if (s.queuedDays > 0) return `Team: ${queued}${synced ? ` (${synced})` : ''}`;
      return synced ? `Team: ${synced}` : 'Team: up to date';
    }
  }
}

export function badgeModel(input: BadgeInput, now = Date.now(), sync?: SyncStatus): BadgeModel {
  if (input.kind === 'loading') {
    return { text: '$(loading~spin) Token Tier', tooltip: 'Token Tier: reading agent logs…', warning: false, accessibility: 'Token Tier: loading' };
  }
  const s = input.snapshot;
  if (!s) {
    return {
      text: '$(warning) Token Tier',
      tooltip: `**Token Tier** could not read the agent logs.\n\n${markdownText(input.kind === 'error' ? input.message : '')}\n\n[Open log](command:${COMMANDS.openLog})`,
      warning: true,
      accessibility: 'Token Tier: error',
    };
  }
  const tier = s.tiers[s.standing.tierIndex]!;
  const lines = [
    `**Token Tier — ${tierName(s)}**${s.demo ? ' (demo)' : ''}`,
    '',
    `Mean **${formatTokens(s.standing.meanPerDay)}** tokens/day over the last ${s.windowDays} days · today **${formatTokens(s.todayCounted)}** tokens`,
    '',
    progressText(s),
  ];
  // Value beside volume, in words the panel's first screen has no room for (model names are a log's text).
  const fresh = freshLine(s);
  const cost = costLine(s);
  if (fresh) lines.push('', fresh);
  if (cost) lines.push('', `${markdownText(cost, 400)} — ${COST_LABEL}.`);
  if (input.kind === 'error') lines.push('', `$(warning) ${markdownText(input.message)} — showing the last good numbers.`);
  else if (!input.fresh) lines.push('', '_From the last session; refreshing…_');
  else lines.push('', `Updated ${minutesAgo(s.generatedAt, now)}`);
  const team = syncLine(sync, now);
  if (team) lines.push('', markdownText(team));
  lines.push('', `[Open panel](command:${COMMANDS.showPanel}) · [Refresh](command:${COMMANDS.refresh}) · [Log](command:${COMMANDS.openLog})`);
  return {
    text: `$(${tier.icon}) ${tier.name} · ${formatTokens(s.todayCounted)} today`,
    tooltip: lines.join('\n'),
    warning: input.kind === 'error',
    accessibility: `Token Tier: ${tier.name}, ${formatTokens(s.todayCounted)} tokens today`,
  };
}

function minutesAgo(t: number, now: number): string {
  const m = Math.floor((now - t) / 60_000);
  return m < 1 ? 'just now' : m === 1 ? '1 min ago' : m < 60 ? `${m} min ago` : `at ${new Date(t).toLocaleTimeString()}`;
}
