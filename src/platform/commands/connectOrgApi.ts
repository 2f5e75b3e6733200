import * as vscode from 'vscode';
import { OrgApiError } from '../../sync/orgApi/types';
import { CONNECTABLE_PROVIDERS, orgErrorText, PROVIDER_INFO } from '../../sync/orgUsage/providers';
import type { ConnectableProvider } from '../../sync/orgUsage/providers';
import type { CommandDeps } from './deps';

/**
 * Connect an Org Usage API: pick the API, read the warning about what an admin key can do, paste
 * the key (a password box). The key is checked with one small request and kept only in VS Code's
 * secret storage; each failure gets its own message and nothing is stored. `provider` and `key`
 * skip the questions (tests, keybindings).
 */
export async function connectOrgApi({ orgUsage, log }: CommandDeps, provider?: ConnectableProvider, key?: string): Promise<boolean> {
  // Arguments come from anywhere (keybindings, other extensions): an unknown provider means "ask".
  if (provider && !(CONNECTABLE_PROVIDERS as readonly string[]).includes(provider)) provider = undefined;
  if (typeof key !== 'string') key = undefined;
  if (!provider) {
    const picked = await vscode.window.showQuickPick(
      CONNECTABLE_PROVIDERS.map((p) => ({ label: PROVIDER_INFO[p].label, detail: PROVIDER_INFO[p].detail, provider: p })),
      { title: 'Token Tier: connect an org usage API', placeHolder: 'Which API keeps your organisation’s usage?' },
    );
    if (!picked) return false;
    provider = picked.provider;
  }
  const info = PROVIDER_INFO[provider];
  if (key === undefined) {
    key = (await vscode.window.showInputBox({
      title: `Token Tier: ${info.label} admin key`,
      prompt: `⚠ This is an ADMIN key. ${info.reads} It is kept only in VS Code's secret storage on this machine — never in settings, logs or reports.`,
      placeHolder: info.keyHint,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? 'Paste the admin key' : undefined),
    }))?.trim();
    if (!key) return false;
  }
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Token Tier: checking the key with ${info.label}…` }, () => orgUsage.connect(provider, key));
  } catch (e) {
    const kind = e instanceof OrgApiError ? e.kind : 'network';
    // The client's message names the HTTP status and the provider's error type, never the key.
    log.warn('orgApi', `connecting ${provider} failed: ${kind}${e instanceof OrgApiError && e.status ? ` (HTTP ${e.status})` : ''}`);
    void vscode.window.showErrorMessage(`Token Tier could not connect ${info.label}: ${orgErrorText(kind, provider)}`);
    return false;
  }
  void vscode.window.showInformationMessage(`Token Tier: ${info.label} connected. The key is in VS Code's secret storage.`, 'Show Team View').then((a) => a && vscode.commands.executeCommand('tokenTier.showTeamView'));
  return true;
}
