import * as vscode from 'vscode';
import type { CommandDeps } from './deps';

/** Turn On Team Reporting: the consent step (preview of the real payload, then an explicit yes). */
export function enableReporting({ reporting }: CommandDeps): Promise<boolean> {
  return reporting.enable();
}

/** Turn Off Team Reporting; `deleteRemote` skips the question (for tests and keybindings). */
export function disableReporting({ reporting }: CommandDeps, deleteRemote?: boolean): Promise<void> {
  return reporting.disable(deleteRemote);
}

export function setTeamToken({ reporting }: CommandDeps): Promise<boolean> {
  return reporting.setToken();
}

/** Opens what is queued for the backend, exactly as it would be sent. */
export async function showPendingPayload({ reporting }: CommandDeps): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'jsonc', content: await reporting.pendingPayload() });
  await vscode.window.showTextDocument(doc, { preview: true });
}
