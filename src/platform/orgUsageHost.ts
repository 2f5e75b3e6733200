import * as path from 'node:path';
import type * as vscode from 'vscode';
import { createOrgClient } from '../sync/orgApi/clients';
import { OrgUsageService } from '../sync/orgUsage/orgUsageService';
import { readConfig } from './config';
import type { Logger } from './logger';
import type { Storage } from './storage';

/** The SecretStorage key of the org usage API's admin key (the only place it is kept). */
export const ORG_KEY = 'tokenTier.orgApiKey';

/** The org usage service with its key in SecretStorage, its cache in global storage, its client from src/sync/orgApi. */
export function createOrgUsage(context: vscode.ExtensionContext, storage: Storage, log: Logger): OrgUsageService {
  return new OrgUsageService({
    secrets: { get: () => context.secrets.get(ORG_KEY), store: (k) => context.secrets.store(ORG_KEY, k), delete: () => context.secrets.delete(ORG_KEY) },
    store: { connection: () => storage.orgConnection(), setConnection: (c) => storage.setOrgConnection(c) },
    cacheFile: path.join(context.globalStorageUri.fsPath, 'orgUsage.json'),
    clientFor: (provider, key) => createOrgClient(provider, { key, baseUrl: readConfig().org.baseUrl || undefined, log: (line) => log.info('orgApi', line) }),
    historyDays: () => readConfig().org.historyDays,
    log,
  });
}
