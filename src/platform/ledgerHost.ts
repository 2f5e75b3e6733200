import * as vscode from 'vscode';
import type { AgentId } from '../shared/tokens';
import { AGENT_IDS } from '../shared/tokens';
import type { Disposer } from '../shared/emitter';
import { resolveTimeZone } from '../core/time';
import type { WatchTarget } from '../engine/discovery';
import type { LedgerHost } from '../engine/liveLedger';
import type { ScanConfig } from '../engine/scanner';
import type { ViewOptions } from '../engine/scanProtocol';
import { sourceEnvFrom } from '../engine/paths';
import type { TeamPolicy } from '../sync/teamPolicy';
import { applyTeamPolicy } from '../sync/teamPolicy';
import type { Config } from './config';
import { readConfig } from './config';
import type { Logger } from './logger';

/** What agents write: JSONL, JSON documents, SQLite databases and their logs. */
const LOG_SUFFIXES = ['.jsonl', '.json', '.db', '.db-wal', '.db-journal', '.sqlite', '.sqlite-wal', '.sqlite-journal'].join(',');

/**
 * The ledger's surroundings in VS Code: settings, the team's policy (passed in, from the last
 * `/me`), window focus and the editor's file watcher.
 */
export class EditorLedgerHost implements LedgerHost {
  config: Config = readConfig();

  constructor(
    private readonly cacheDir: string,
    private readonly parseWorkerPath: string,
    /** The editor's `globalStorage` folder (the parent of this extension's own). */
    private readonly editorGlobalStorage: string,
    private readonly teamPolicy: () => TeamPolicy | undefined,
    readonly reportSince: () => string | undefined,
    readonly log: Logger,
  ) {}

  scanConfig(): ScanConfig {
    const agents = AGENT_IDS.filter((id: AgentId) => this.config.agents[id]);
    // The running editor's own user data is searched first (portable installs, --user-data-dir, code-server).
    const env = { ...sourceEnvFrom(), editorGlobalStorage: this.editorGlobalStorage };
    return { cacheDir: this.cacheDir, env, extraDirs: this.config.extraDirs, agents, parseWorkerPath: this.parseWorkerPath };
  }

  view(): ViewOptions {
    const c = this.config;
    const local = { timezone: resolveTimeZone(c.timezone), windowDays: c.windowDays, countedKinds: c.countedKinds, tierOverrides: c.tierThresholds };
    return applyTeamPolicy(local, this.teamPolicy());
  }

  isFocused(): boolean {
    return vscode.window.state.focused;
  }

  pollSeconds(): number {
    return this.config.pollSeconds;
  }

  /** Folders outside the workspace need a RelativePattern; a shallow target watches only its own files. */
  watch(targets: readonly WatchTarget[], onChange: () => void): Disposer {
    const watchers = targets.map((t) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(t.path), t.recursive ? `**/*{${LOG_SUFFIXES}}` : `*{${LOG_SUFFIXES}}`));
      const onEvent = (uri: vscode.Uri) => {
        this.log.trace(`[watch] ${uri.fsPath}`);
        onChange();
      };
      w.onDidChange(onEvent);
      w.onDidCreate(onEvent);
      w.onDidDelete(onEvent);
      return w;
    });
    return { dispose: () => watchers.forEach((w) => w.dispose()) };
  }
}
