import * as path from 'node:path';
import * as vscode from 'vscode';
import { ReportingService } from '../sync/reportingService';
import type { LiveLedger } from '../engine/liveLedger';
import type { EditorLedgerHost } from './ledgerHost';
import type { Logger } from './logger';
import type { Storage } from './storage';

/** The SecretStorage key of the team backend's token (the only place it is kept). */
export const TOKEN_KEY = 'tokenTier.teamToken';

/**
 * Opt-in reporting with its token in SecretStorage and its outbox in global storage; a token set in
 * another window is picked up, and the `tokenTier.reportingOn` context key (Turn Off / Show Pending
 * appear only then, package.json `when` clauses) kept up to date. The caller disposes it.
 */
export function createReporting(context: vscode.ExtensionContext, storage: Storage, ledger: LiveLedger, host: EditorLedgerHost, log: Logger): ReportingService {
  const r = new ReportingService({
    store: storage,
    tokens: { get: () => context.secrets.get(TOKEN_KEY), store: (t) => context.secrets.store(TOKEN_KEY, t), delete: () => context.secrets.delete(TOKEN_KEY) },
    ledger,
    outboxFile: path.join(context.globalStorageUri.fsPath, 'outbox.json'),
    teamUrl: () => host.config.teamUrl,
    otlpEndpoint: () => host.config.otlpEndpoint,
    version: String(context.extension.packageJSON.version),
    log,
  });
  const reportingOn = () => void vscode.commands.executeCommand('setContext', 'tokenTier.reportingOn', r.status !== undefined);
  context.subscriptions.push(
    context.secrets.onDidChange((e) => e.key === TOKEN_KEY && void r.loadToken().then(() => r.sync(true))),
    r.onDidChange(reportingOn),
  );
  reportingOn();
  return r;
}
