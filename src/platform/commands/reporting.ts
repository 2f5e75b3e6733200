import * as vscode from 'vscode';
import { previewText } from '../../sync/reportingService';
import { addDays } from '../../core/time';
import { readConfig, setTeamUrl } from '../config';
import type { CommandDeps } from './deps';
import { showReadonly } from '../readonlyDoc';
import { plainText } from '../../shared/plainText';
import { insecureUrlReason } from '../../shared/secureUrl';
import { checkTeamToken } from '../../sync/teamClient';

/** Turn On Team Reporting: the backend's URL and token if missing, the exact payload, then an explicit yes. */
export async function enableReporting(deps: CommandDeps): Promise<boolean> {
  const { ledger, reporting } = deps;
  let url = readConfig().teamUrl;
  if (!url) {
    url = (await vscode.window.showInputBox({ title: 'Token Tier: team backend URL', prompt: 'The address your team gave you, e.g. https://tokens.example.com', validateInput: (v) => urlProblem(v) }))?.trim() ?? '';
    if (!url) return false;
    await setTeamUrl(url);
  }
  const insecure = urlProblem(url);
  if (insecure) {
    void vscode.window.showErrorMessage(`Token Tier: ${insecure}. Reporting stays off.`);
    return false;
  }
  if (!reporting.hasToken && !(await setTeamToken(deps))) return false;
  const since = addDays(ledger.today(), -6);
  await showReadonly('Team Report Preview.jsonc', previewText(url, await reporting.payload(since)));
  const answer = await vscode.window.showInformationMessage(
    `Share your daily token totals with ${url}?`,
    {
      modal: true,
      detail: 'The document that just opened is exactly what will be sent for the last 7 days; later days are sent as they change. Never sent: prompts, responses, file contents, file paths, project names, hostnames, session ids. You can turn this off at any time (Token Tier: Turn Off Team Reporting).',
    },
    'Turn On Reporting',
  );
  if (answer !== 'Turn On Reporting') return false;
  await reporting.grant(url, since);
  await reporting.sync(true);
  return true;
}

/** Turn Off Team Reporting; `deleteRemote` skips the question (for tests and keybindings). */
export async function disableReporting({ reporting, log }: CommandDeps, deleteRemote?: boolean): Promise<void> {
  const del = deleteRemote ?? (await vscode.window.showInformationMessage('Team reporting is off. Also delete your data from the team backend?', 'Delete My Data', 'Keep')) === 'Delete My Data';
  try {
    await reporting.revoke(del);
  } catch (e) {
    log.error('sync', `deleting your data failed: ${(e as Error).message}`);
    void vscode.window.showWarningMessage(`Token Tier could not delete your data: ${plainText((e as Error).message)}`);
  }
}

/**
 * Set Team Token…: asks for the token, checks it against the backend's `/me` before keeping it and
 * says whose it is (person and team) — or, as plain text, why the backend refused it (then it is
 * not kept). A backend out of reach keeps the token, says so, and checks it at the first report.
 */
export async function setTeamToken({ reporting }: CommandDeps, given?: string): Promise<boolean> {
  let url = readConfig().teamUrl;
  if (!url) {
    url = (await vscode.window.showInputBox({ title: 'Token Tier: team backend URL', prompt: 'The address your team gave you, e.g. https://tokens.example.com', validateInput: (v) => urlProblem(v) }))?.trim() ?? '';
    if (!url) return false;
    await setTeamUrl(url);
  }
  const token = (given ?? (await vscode.window.showInputBox({ title: 'Token Tier: team token', prompt: 'The token your team admin gave you (stored in VS Code’s secret storage, never in settings)', password: true, ignoreFocusOut: true, validateInput: (v) => (/^tt_[A-Za-z0-9_-]{20,100}$/.test(v.trim()) ? undefined : 'A token starts with tt_') })))?.trim();
  if (!token) return false;
  const host = new URL(url).host;
  const check = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Token Tier: checking the token with ${host}…` }, () => checkTeamToken(url, token));
  if (check.ok) {
    await reporting.setToken(token);
    void vscode.window.showInformationMessage(`Token Tier: the token is ${plainText(check.me.person.name, 80)}'s, on team ${plainText(check.me.team.name, 80)} at ${host}.${reporting.enabled ? '' : ' Nothing is sent until you turn team reporting on.'}`);
    return true;
  }
  if (check.kind === 'unreachable') {
    await reporting.setToken(token);
    void vscode.window.showWarningMessage(`Token Tier: kept the token, but could not check it: ${plainText(check.message)}. It is checked again at the first report.`);
    return true;
  }
  void vscode.window.showErrorMessage(`Token Tier: the token was not kept — ${plainText(check.message)}.`);
  return false;
}

/** Opens what is queued for the backend, exactly as it would be sent (read-only). */
export async function showPendingPayload({ reporting }: CommandDeps): Promise<vscode.TextDocument> {
  const pending = await reporting.pending();
  const content = pending
    ? previewText(pending.url, pending.rows, pending.days === 0 ? 'Nothing is queued: every day has been accepted by the backend.' : `${pending.days} day(s) queued.`)
    : '// Team reporting is off: nothing is queued and nothing is sent.\n';
  return showReadonly('Pending Team Report.jsonc', content);
}

/** What is wrong with a team URL (the token is sent there), or undefined. */
function urlProblem(v: string): string | undefined {
  const why = insecureUrlReason(v);
  return why && `The team URL ${why}`;
}
