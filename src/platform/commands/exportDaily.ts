import * as vscode from 'vscode';
import { dailyCsv } from '../../core/daily';
import type { CommandDeps } from './deps';

/** Saves every day's totals as CSV or JSON where the user chooses. */
export async function exportDaily({ ledger, log }: CommandDeps, format?: 'csv' | 'json', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const fmt = format ?? (await vscode.window.showQuickPick(['csv', 'json'], { title: 'Export daily token totals as' }));
  if (fmt !== 'csv' && fmt !== 'json') return undefined;
  const uri = target ?? (await vscode.window.showSaveDialog({ saveLabel: 'Export', filters: fmt === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } }));
  if (!uri) return undefined;
  const data = await ledger.daily();
  const text = fmt === 'csv' ? dailyCsv(data) : JSON.stringify(data, null, 2);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  log.info('export', `${data.days.length} days written as ${fmt}`);
  return uri;
}
