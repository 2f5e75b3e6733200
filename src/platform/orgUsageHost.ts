import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OrgProvider, OrgUsageClient } from '../sync/orgApi/types';
import type { GithubCopilotOptions } from '../sync/orgApi/githubCopilot';
import { OrgUsageService } from '../sync/orgUsage/orgUsageService';
import { readConfig } from './config';
import type { Logger } from './logger';
import type { Storage } from './storage';

/** The SecretStorage key of the org usage API's admin key (the only place it is kept). */
export const ORG_KEY = 'tokenTier.orgApiKey';

/**
 * The org usage service with its key in SecretStorage, its cache in global storage, its client from
 * src/sync/orgApi; disposed with the extension, its hourly fetch started, and the
 * `tokenTier.orgApiConnected` context key (Disconnect shows only then) kept up to date.
 */
export function createOrgUsage(context: vscode.ExtensionContext, storage: Storage, log: Logger): OrgUsageService {
  const service = new OrgUsageService({
    secrets: { get: () => context.secrets.get(ORG_KEY), store: (k) => context.secrets.store(ORG_KEY, k), delete: () => context.secrets.delete(ORG_KEY) },
    store: { connection: () => storage.orgConnection(), setConnection: (c) => storage.setOrgConnection(c) },
    cacheFile: path.join(context.globalStorageUri.fsPath, 'orgUsage.json'),
    clientFor: (provider, key) => lazyOrgClient(provider, { key, baseUrl: readConfig().org.baseUrl || undefined, log: (line) => log.info('orgApi', line) }),
    historyDays: () => readConfig().org.historyDays,
    log,
  });
  const connected = () => void vscode.commands.executeCommand('setContext', 'tokenTier.orgApiConnected', service.state.connection !== undefined);
  context.subscriptions.push(service, service.onDidChange(connected));
  connected();
  service.start();
  return service;
}

/**
 * A provider's client whose code (the four API clients and their response schemas) is evaluated
 * when a connection first uses it, not when the extension starts: most people never connect one.
 */
function lazyOrgClient(provider: OrgProvider, opts: GithubCopilotOptions): OrgUsageClient {
  const client = async () => (await import('../sync/orgApi/clients')).createOrgClient(provider, opts);
  return {
    provider,
    checkKey: async () => (await client()).checkKey(),
    fetchDays: async (from, to) => (await client()).fetchDays(from, to),
  };
}
