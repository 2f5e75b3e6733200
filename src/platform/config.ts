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
  readonly extraLogFolders: Partial<Record<AgentId, string[]>>;
  readonly agents: Record<AgentId, boolean>;
  readonly statusBarEnabled: boolean;
  readonly statusBarAlignment: 'left' | 'right';
  readonly pollSeconds: number;
}

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(SECTION);
  const kinds = c.get<string[]>('countedKinds', [...TOKEN_KINDS]).filter((k): k is TokenKind => (TOKEN_KINDS as readonly string[]).includes(k));
  const agentsSetting = c.get<Record<string, boolean>>('agents', {});
  const folders = c.get<Record<string, unknown>>('extraLogFolders', {});
  const extraLogFolders: Partial<Record<AgentId, string[]>> = {};
  const agents = {} as Record<AgentId, boolean>;
  for (const id of AGENT_IDS) {
    agents[id] = agentsSetting[id] !== false;
    const list = folders[id];
    if (Array.isArray(list)) extraLogFolders[id] = list.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  }
  const thresholds = c.get<Record<string, unknown>>('tierThresholds', {});
  return {
    timezone: c.get<string>('timezone', '').trim(),
    windowDays: clampInt(c.get<number>('windowDays', 7), 1, 90, 7),
    countedKinds: kinds.length > 0 ? kinds : [...TOKEN_KINDS],
    tierThresholds: Object.fromEntries(Object.entries(thresholds).filter((e): e is [string, number] => typeof e[1] === 'number')),
    extraLogFolders,
    agents,
    statusBarEnabled: c.get<boolean>('statusBar.enabled', true),
    statusBarAlignment: c.get<string>('statusBar.alignment', 'right') === 'left' ? 'left' : 'right',
    pollSeconds: clampInt(c.get<number>('pollSeconds', 30), 5, 3600, 30),
  };
}

/** Fires `fn` with the new config when any Token Tier setting changes. */
export function onDidChangeConfig(fn: (c: Config) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) fn(readConfig());
  });
}

function clampInt(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
}
