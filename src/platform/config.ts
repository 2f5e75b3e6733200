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

function clampInt(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
}
