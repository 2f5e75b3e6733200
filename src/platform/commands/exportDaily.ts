import * as vscode from 'vscode';
import type { DailyJson } from '../../core/daily';
import { AGENT_IDS } from '../../shared/tokens';
import type { CommandDeps } from './deps';

/** Saves every day's totals as CSV or JSON where the user chooses. */
export async function exportDaily({ ledger, log }: CommandDeps, format?: 'csv' | 'json', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const fmt = format ?? (await vscode.window.showQuickPick(['csv', 'json'], { title: 'Export daily token totals as' }));
  if (fmt !== 'csv' && fmt !== 'json') return undefined;
  const uri = target ?? (await vscode.window.showSaveDialog({ saveLabel: 'Export', filters: fmt === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } }));
  if (!uri) return undefined;
  const data = await ledger.daily();
  const text = fmt === 'csv' ? toCsv(data) : JSON.stringify(data, null, 2);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  log.info('export', `${data.days.length} days written as ${fmt}`);
  return uri;
}

export function toCsv(data: DailyJson): string {
  const kinds = ['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'total'] as const;
  const header = ['date', ...kinds, ...AGENT_IDS.map((a) => `${a}_total`)];
  const rows = data.days.map((d) => [d.date, ...kinds.map((k) => d[k]), ...AGENT_IDS.map((a) => d.agents[a]?.total ?? 0)].join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}
