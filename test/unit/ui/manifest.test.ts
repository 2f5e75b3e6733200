import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';

/** What the Command Palette and the panel's menu offer, read from the manifest VS Code reads. */
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  contributes: { commands: Array<{ command: string }>; menus: Record<string, Array<{ command: string; when?: string }>> };
};
const when = (menu: string, command: string) => pkg.contributes.menus[menu]?.find((m) => m.command === command)?.when;

test('reporting commands appear only when they apply', () => {
  assert.equal(when('commandPalette', 'tokenTier.enableReporting'), '!tokenTier.reportingOn');
  assert.equal(when('commandPalette', 'tokenTier.disableReporting'), 'tokenTier.reportingOn');
  assert.equal(when('commandPalette', 'tokenTier.showPendingPayload'), 'tokenTier.reportingOn');
  assert.match(when('view/title', 'tokenTier.showPendingPayload') ?? '', /&& tokenTier\.reportingOn$/);
});

test('every contributed command is registered under an id the code knows', async () => {
  const { COMMANDS } = await import('../../../src/platform/commands/ids');
  const ids = new Set(Object.values(COMMANDS));
  for (const c of pkg.contributes.commands) assert.ok(ids.has(c.command as never), c.command);
  for (const id of ids) assert.ok(pkg.contributes.commands.some((c) => c.command === id), `${id} is in package.json`);
});

type View = { id: string; type?: string; when?: string; visibility?: string; initialSize?: number };
const views = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { contributes: { views: Record<string, View[]>; viewsWelcome: Array<{ view: string; contents: string; when?: string }> } }).contributes;

test('three views in one container: the panel for the glance, Breakdown and Sources as trees (Sources collapsed)', async () => {
  const { VIEWS } = await import('../../../src/platform/commands/ids');
  const own = views.views.tokenTier!;
  assert.deepEqual(own.map((v) => [v.id, v.type ?? 'tree']), [[VIEWS.panel, 'webview'], [VIEWS.breakdown, 'tree'], [VIEWS.sources, 'tree']]);
  assert.equal(own.find((v) => v.id === VIEWS.sources)!.visibility, 'collapsed');
  assert.ok(own[0]!.initialSize! > own[1]!.initialSize!, 'the panel gets most of the sidebar: its curve must fit');
  // With no logs, the webview is hidden and the Breakdown's welcome content speaks, with its two buttons.
  assert.equal(own[0]!.when, '!tokenTier.empty');
  const empty = views.viewsWelcome.find((w) => w.view === VIEWS.breakdown && w.when === 'tokenTier.scanned && tokenTier.empty');
  assert.ok(empty, 'a welcome view for the empty machine');
  assert.match(empty.contents, /\[Add a Folder…\]\(command:tokenTier\.addLogFolder\)/);
  assert.match(empty.contents, /\[Show Demo Data\]\(command:tokenTier\.showDemo\)/);
  assert.match(empty.contents, /~\/\.claude\/projects/, 'it says where it looked');
});
