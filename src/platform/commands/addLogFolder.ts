import * as vscode from 'vscode';
import type { AgentId } from '../../shared/tokens';
import { AGENT_IDS, AGENT_LABELS } from '../../shared/tokens';
import type { CommandDeps } from './deps';
import { plainText } from '../../shared/plainText';

/**
 * Add a Log Folder…: which agent, then a folder picker, then `tokenTier.extraDirs`. The setting is
 * machine-scoped, so it is written with the Global target: VS Code puts it in the user settings of
 * the machine the extension runs on — the remote's in a remote window (microsoft/vscode#102543).
 * Opening the Settings editor instead showed "No Settings Found" there. `agent` and `folder` skip
 * the questions (tests, keybindings).
 */
export async function addLogFolder({ ledger, log }: CommandDeps, agent?: AgentId, folder?: string): Promise<string | undefined> {
  if (!agent) {
    const picked = await vscode.window.showQuickPick(
      AGENT_IDS.map((id) => ({ label: AGENT_LABELS[id], id })),
      { title: 'Token Tier: add a log folder', placeHolder: 'Which agent writes the logs in that folder?' },
    );
    agent = picked?.id;
  }
  if (!agent || !AGENT_IDS.includes(agent)) return undefined;
  if (!folder) {
    const uris = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Add Log Folder', title: `Where does ${AGENT_LABELS[agent]} keep its logs?` });
    folder = uris?.[0]?.fsPath;
  }
  if (!folder) return undefined;
  const config = vscode.workspace.getConfiguration('tokenTier');
  const current = config.get<Partial<Record<AgentId, string[]>>>('extraDirs', {});
  const list = current[agent] ?? [];
  if (!list.includes(folder)) {
    await config.update('extraDirs', { ...current, [agent]: [...list, folder] }, vscode.ConfigurationTarget.Global);
    log.info('settings', `added ${folder} as a ${AGENT_LABELS[agent]} log folder`);
  }
  await ledger.refresh();
  void vscode.window.showInformationMessage(`Token Tier now also reads ${AGENT_LABELS[agent]} logs in ${plainText(folder)}.`);
  return folder;
}
