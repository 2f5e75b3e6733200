import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AgentId, TokenKind } from '../shared/tokens';
import { AGENT_IDS, TOKEN_KINDS } from '../shared/tokens';

export const SECTION = 'tokenTier';

/** Every setting, read in one place (documented in package.json `contributes.configuration`). */
export interface Config {
  readonly timezone: string;
  readonly windowDays: number;
  readonly countedKinds: TokenKind[];
  readonly tierThresholds: Record<string, number>;
  /** `tokenTier.extraDirs` (and the older `extraLogFolders`), plus Roo's and Kilo's own custom storage folders. */
  readonly extraDirs: Partial<Record<AgentId, string[]>>;
  readonly agents: Record<AgentId, boolean>;
  readonly statusBarEnabled: boolean;
  /** One notice when the tier goes up (never when it goes down). */
  readonly notifyTierUp: boolean;
  readonly statusBarAlignment: 'left' | 'right';
  readonly pollSeconds: number;
  /** The team backend (reporting starts only after consent). */
  readonly teamUrl: string;
  /** An optional OpenTelemetry Collector for the same daily counters. */
  readonly otlpEndpoint: string;
  /** Which count sets the tier: this machine's logs, or the developer's rows in the org usage API. */
  readonly tierSource: 'local' | 'org';
  /** The org usage API: who I am in it, who is one person, who is on the team, how far back, where. */
  readonly org: { myIdentities: string[]; aliases: Record<string, string>; roster: string[]; historyDays: number; baseUrl: string };
}

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(SECTION);
  const kinds = c.get<string[]>('countedKinds', [...TOKEN_KINDS]).filter((k): k is TokenKind => (TOKEN_KINDS as readonly string[]).includes(k));
  const agentsSetting = c.get<Record<string, boolean>>('agents', {});
  const extraDirs: Partial<Record<AgentId, string[]>> = {};
  const agents = {} as Record<AgentId, boolean>;
  const add = (id: AgentId, list: unknown) => {
    if (!Array.isArray(list)) return;
    const dirs = list.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
    if (dirs.length) extraDirs[id] = [...new Set([...(extraDirs[id] ?? []), ...dirs])];
  };
  for (const key of ['extraDirs', 'extraLogFolders']) {
    const folders = c.get<Record<string, unknown>>(key, {});
    for (const id of AGENT_IDS) add(id, folders[id]);
  }
  for (const id of AGENT_IDS) agents[id] = agentsSetting[id] !== false;
  // Roo Code and Kilo Code can keep their tasks elsewhere (their `customStoragePath` setting).
  for (const [id, section] of [['roo-code', 'roo-cline'], ['kilo-code', 'kilo-code']] as const) {
    const custom = vscode.workspace.getConfiguration(section).get<string>('customStoragePath', '').trim();
    if (custom) add(id, [path.join(custom, 'tasks')]);
  }
  const thresholds = c.get<Record<string, unknown>>('tierThresholds', {});
  return {
    timezone: c.get<string>('timezone', '').trim(),
    windowDays: clampInt(c.get<number>('windowDays', 7), 1, 90, 7),
    countedKinds: kinds.length > 0 ? kinds : [...TOKEN_KINDS],
    tierThresholds: Object.fromEntries(Object.entries(thresholds).filter((e): e is [string, number] => typeof e[1] === 'number')),
    extraDirs,
    agents,
    statusBarEnabled: c.get<boolean>('statusBar.enabled', true),
    notifyTierUp: c.get<boolean>('notifyTierUp', true),
    statusBarAlignment: c.get<string>('statusBar.alignment', 'right') === 'left' ? 'left' : 'right',
    pollSeconds: clampInt(c.get<number>('pollSeconds', 30), 5, 3600, 30),
    teamUrl: c.get<string>('team.url', '').trim(),
    otlpEndpoint: c.get<string>('otlp.endpoint', '').trim(),
    tierSource: c.get<string>('tierSource', 'local') === 'org' ? 'org' : 'local',
    org: {
      myIdentities: strings(c.get<unknown>('org.myIdentities', [])),
      aliases: Object.fromEntries(Object.entries(c.get<Record<string, unknown>>('org.aliases', {}) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '')),
      roster: strings(c.get<unknown>('org.roster', [])),
      historyDays: clampInt(c.get<number>('org.historyDays', 30), 7, 90, 30),
      baseUrl: c.get<string>('org.baseUrl', '').trim(),
    },
  };
}

/** Saves the team backend's URL (user settings), as the consent step asks for it. */
export function setTeamUrl(url: string): Thenable<void> {
  return vscode.workspace.getConfiguration(SECTION).update('team.url', url, vscode.ConfigurationTarget.Global);
}

/** Fires `fn` with the new config when any Token Tier setting changes. */
export function onDidChangeConfig(fn: (c: Config) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION) || e.affectsConfiguration('roo-cline.customStoragePath') || e.affectsConfiguration('kilo-code.customStoragePath')) fn(readConfig());
  });
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()) : [];
}

function clampInt(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
}
