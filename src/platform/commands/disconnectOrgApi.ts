import * as vscode from 'vscode';
import type { CommandDeps } from './deps';

/** Disconnect the Org Usage API: deletes the admin key from secret storage and the cached rows. */
export async function disconnectOrgApi({ orgUsage }: CommandDeps): Promise<void> {
  await orgUsage.disconnect();
  void vscode.window.showInformationMessage('Token Tier: the org usage API is disconnected; its key and cached data are deleted.');
}
