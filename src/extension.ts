import * as path from 'node:path';
import * as vscode from 'vscode';
import { Logger } from './platform/logger';
import { Storage } from './platform/storage';
import { LiveLedger } from './platform/liveLedger';
import { registerCommands } from './platform/commands/register';
import { TierStatusBar } from './ui/statusBar';
import { PanelProvider } from './ui/panelProvider';
import { Reporting } from './platform/reporting';

/** What the integration tests can inspect. */
export interface TokenTierApi {
  ledger: LiveLedger;
  statusBar: TierStatusBar;
  panel: PanelProvider;
  reporting: Reporting;
  activatedAt: number;
}

/** Composition only: build each service and hand it to the context. */
export function activate(context: vscode.ExtensionContext): TokenTierApi {
  const activatedAt = Date.now();
  const log = new Logger();
  const ledger = new LiveLedger(
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'scanWorker.js').fsPath,
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'parseWorker.js').fsPath,
    vscode.Uri.joinPath(context.globalStorageUri, 'ledger').fsPath,
    new Storage(context.globalState),
    log,
    path.dirname(context.globalStorageUri.fsPath),
  );
  const reporting = new Reporting(context, ledger, log);
  const statusBar = new TierStatusBar(ledger, reporting);
  const panel = new PanelProvider(context.extensionUri, ledger, reporting, log);
  context.subscriptions.push(log, ledger, reporting, statusBar, panel, ...registerCommands({ ledger, log, reporting }));
  log.info('activate', `Token Tier ${context.extension.packageJSON.version} on VS Code ${vscode.version}`);
  void ledger.refresh();
  return { ledger, statusBar, panel, reporting, activatedAt };
}

export function deactivate(): void {}
