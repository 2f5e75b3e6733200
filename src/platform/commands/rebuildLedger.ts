import * as vscode from 'vscode';
import type { CommandDeps } from './deps';

/** Forgets the ledger and reads every log again, after a (non-modal) confirmation. */
export async function rebuildLedger({ ledger, log }: CommandDeps): Promise<void> {
  const answer = await vscode.window.showWarningMessage(
    'Rebuild the Token Tier ledger from the agent logs? Days whose transcripts the agents have since deleted will be lost.',
    'Rebuild',
  );
  if (answer !== 'Rebuild') return;
  log.info('ledger', 'rebuild requested');
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Token Tier: rebuilding ledger' }, () => ledger.refresh(true));
}
