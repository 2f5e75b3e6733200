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
