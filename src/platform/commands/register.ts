import * as vscode from 'vscode';
import type { CommandDeps } from './deps';
import { COMMANDS } from './ids';
import { showPanel } from './showPanel';
import { refresh } from './refresh';
import { openLog } from './openLog';
import { exportDaily } from './exportDaily';
import { rebuildLedger } from './rebuildLedger';
import { addLogFolder } from './addLogFolder';
import type { AgentId } from '../../shared/tokens';
import { connectOrgApi } from './connectOrgApi';
import { disconnectOrgApi } from './disconnectOrgApi';
import type { ConnectableProvider } from '../../sync/orgUsage/providers';
import { disableReporting, enableReporting, setTeamToken, showPendingPayload } from './reporting';

/** Registers every command; one handler per file (the team view registers its own Show command: it lives in ui/). */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.showPanel, showPanel),
    vscode.commands.registerCommand(COMMANDS.refresh, () => refresh(deps)),
    vscode.commands.registerCommand(COMMANDS.openLog, () => openLog(deps)),
    vscode.commands.registerCommand(COMMANDS.exportDaily, (format?: 'csv' | 'json', target?: vscode.Uri) => exportDaily(deps, format, target)),
    vscode.commands.registerCommand(COMMANDS.rebuildLedger, () => rebuildLedger(deps)),
    vscode.commands.registerCommand(COMMANDS.enableReporting, () => enableReporting(deps)),
    vscode.commands.registerCommand(COMMANDS.disableReporting, (deleteRemote?: boolean) => disableReporting(deps, deleteRemote)),
    vscode.commands.registerCommand(COMMANDS.setTeamToken, (token?: string) => setTeamToken(deps, token)),
    vscode.commands.registerCommand(COMMANDS.showPendingPayload, () => showPendingPayload(deps)),
    vscode.commands.registerCommand(COMMANDS.addLogFolder, (agent?: AgentId, folder?: string) => addLogFolder(deps, agent, folder)),
    vscode.commands.registerCommand(COMMANDS.connectOrgApi, (provider?: ConnectableProvider, key?: string) => connectOrgApi(deps, provider, key)),
    vscode.commands.registerCommand(COMMANDS.disconnectOrgApi, () => disconnectOrgApi(deps)),
  ];
}
