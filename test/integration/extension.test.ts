import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TokenTierApi } from '../../src/extension';
import { claudeAssistantLine } from '../../src/demo/logBuilders';

/**
 * Runs inside the real extension host (code-server offline, or VS Code via @vscode/test-electron).
 * HOME must hold agent logs (scripts/e2e/fixture-home.ts writes a demo month there).
 */
const EXT_ID = 'token-tier.token-tier';

async function api(): Promise<TokenTierApi> {
  const ext = vscode.extensions.getExtension<TokenTierApi>(EXT_ID);
  assert.ok(ext, `${EXT_ID} is installed`);
  return ext.activate();
}

async function until<T>(what: string, fn: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

suite('Token Tier in VS Code', () => {
  test('activates and registers every command', async () => {
    const a = await api();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['showPanel', 'refresh', 'openLog', 'exportDaily', 'rebuildLedger']) assert.ok(commands.includes(`tokenTier.${id}`), id);
    assert.ok(a.activatedAt > 0);
  });

  test('the status item shows a tier from the logs in HOME', async () => {
    const a = await api();
    const text = await until('a tier in the badge', () => (a.statusBar.text && !a.statusBar.text.includes('loading') ? a.statusBar.text : undefined));
    const tier = await vscode.commands.executeCommand<string>('tokenTier.refresh');
    assert.ok(tier && tier !== 'Not started', `tier ${tier}`);
    assert.match(text, new RegExp(`^\\$\\([\\w-]+\\) ${tier} · [\\d.]+[KMB]? today$`));
    console.log(`activation → first badge: ${a.ledger.firstSnapshotAt! - a.activatedAt} ms (${os.homedir()})`);
  });

  test('agents hosted in this editor are read from its own user data, not only from HOME', async () => {
    const a = await api();
    await vscode.commands.executeCommand('tokenTier.refresh');
    const state = a.ledger.state;
    assert.ok(state.kind === 'ready', state.kind);
    const copilot = state.snapshot.scan?.sources.find((s) => s.agent === 'copilot-chat');
    assert.ok(copilot && copilot.files >= 1, JSON.stringify(copilot));
    const found = copilot.folders.filter((f) => f.found).map((f) => f.path);
    // scripts/e2e/editor-sessions.ts wrote 3 requests of 123,000 tokens into the editor's user data, outside HOME.
    assert.ok(found.some((p) => !p.startsWith(os.homedir()) && p.endsWith(path.join('User', 'workspaceStorage'))), found.join(', '));
    assert.equal(state.snapshot.byModel.find((r) => r.agent === 'copilot-chat' && r.model === 'e2e-editor-model')?.total, 369_000);
  });

  test('Breakdown and Sources are native trees of the agents found; Show Demo Data switches every view and back', async () => {
    const a = await api();
    await vscode.commands.executeCommand('tokenTier.breakdown.focus');
    const agents = await until('breakdown rows', () => (a.native.breakdown.current.length >= 3 ? a.native.breakdown.current : undefined));
    for (const name of ['Claude Code', 'Codex', 'Copilot Chat']) assert.ok(agents.some((r) => r.label === name), `${name} in ${agents.map((r) => r.label).join(', ')}`);
    const found = a.native.sources.current.filter((r) => r.contextValue === 'agent').map((r) => r.label);
    assert.ok(found.includes('Claude Code') && found.includes('Copilot Chat'), found.join(', '));
    assert.ok(a.native.sources.current.some((r) => r.id === 'not-found'), 'where it looked for the others');
    // Tree items as VS Code builds them: a label, a description, a sentence for screen readers.
    const item = a.native.breakdown.getTreeItem(agents[0]!);
    assert.ok(item.description && item.accessibilityInformation?.label.includes('tokens'), JSON.stringify(item.accessibilityInformation));
    await vscode.commands.executeCommand('tokenTier.showDemo');
    await until('demo rows', () => a.panel.showingDemo && a.native.breakdown.current.length > 0);
    await vscode.commands.executeCommand('tokenTier.exitDemo');
    await until('back to my data', () => !a.panel.showingDemo);
  });

  test('the panel view resolves and completes its ready handshake', async () => {
    const a = await api();
    await vscode.commands.executeCommand('tokenTier.showPanel');
    await until('the panel to say ready', () => a.panel.isReady);
  });

  test('a new agent line shows in the badge within 3 seconds', async () => {
    const a = await api();
    await until('a fresh snapshot', () => a.ledger.state.kind === 'ready' && a.ledger.state.fresh);
    const before = a.statusBar.text;
    const dir = path.join(os.homedir(), '.claude', 'projects', '-live-test');
    fs.mkdirSync(dir, { recursive: true });
    const started = Date.now();
    fs.appendFileSync(
      path.join(dir, 'live.jsonl'),
      claudeAssistantLine({ ts: Date.now(), sessionId: 'live', messageId: `msg_live_${started}`, requestId: 'r', model: 'claude-sonnet-4-5', usage: { input: 10, output: 2_000_000, cacheRead: 0, cacheWrite: 0 } }) + '\n',
    );
    const after = await until('the badge to change', () => (a.statusBar.text !== before ? a.statusBar.text : undefined), 3000);
    console.log(`log write → badge: ${Date.now() - started} ms (${before} → ${after})`);
  });

  test('Export Daily writes every day as JSON', async () => {
    const target = vscode.Uri.file(path.join(os.tmpdir(), `tt-export-${Date.now()}.json`));
    await vscode.commands.executeCommand('tokenTier.exportDaily', 'json', target);
    const data = JSON.parse(fs.readFileSync(target.fsPath, 'utf8'));
    assert.ok(data.days.length >= 20, `${data.days.length} days`);
    assert.ok(data.days.every((d: { total: number }) => d.total > 0));
  });

  test('Show Pending Team Report opens a read-only document, not an unsaved Untitled one', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('tokenTier.showPendingPayload');
    assert.equal(doc.uri.scheme, 'token-tier');
    assert.equal(doc.isUntitled, false);
    assert.equal(doc.isDirty, false);
    assert.match(doc.getText(), /Team reporting is off/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Add a Log Folder writes the setting and the folder is read at once', async () => {
    const a = await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-extra-codex-'));
    const added = await vscode.commands.executeCommand<string>('tokenTier.addLogFolder', 'codex', dir);
    assert.equal(added, dir);
    const setting = vscode.workspace.getConfiguration('tokenTier').get<Record<string, string[]>>('extraDirs', {});
    assert.ok(setting.codex?.includes(dir), JSON.stringify(setting));
    const state = await until('the folder in the scan', () => {
      const s = a.ledger.state;
      return s.kind === 'ready' && s.snapshot.scan?.sources.find((x) => x.agent === 'codex')?.folders.some((f) => f.path === dir) ? s : undefined;
    });
    assert.ok(state);
    await vscode.workspace.getConfiguration('tokenTier').update('extraDirs', undefined, vscode.ConfigurationTarget.Global);
  });
});
