/**
 * Opt-in reporting as a user goes through it in real VS Code (code-server) against the real team
 * backend: set the token, turn reporting on through the consent dialog (after the payload preview
 * opens), see the org-confirmed section in the panel, then lose the backend and keep working.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { BADGE, panelFrame, runWorkbenchTest } from './browser';
import { clickNotificationButton, notification, palette } from './workbench';
import { claudeAssistantLine } from '../../src/demo/logBuilders';
import { HOSTILE_REASON } from '../fixtures/hostileText';

const [baseUrl, folder, backendUrl, token, backendPid, home, shot] = process.argv.slice(2) as [string, string, string, string, string, string, string];

async function me(): Promise<{ devices: number; days: Array<{ total: number }> }> {
  const res = await fetch(`${backendUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as { devices: number; days: Array<{ total: number }> };
}

runWorkbenchTest(baseUrl, folder, shot, async (page, lap) => {
  assert.equal((await me()).devices, 0, 'nothing is sent before consent');
  await palette(page, 'Token Tier: Set Team Token');
  await page.locator('.quick-input-widget input[type="password"]').waitFor();
  await page.keyboard.type(token);
  // Enter is ignored while the input's validation still shows the empty-input message.
  await page.locator('.quick-input-widget', { hasText: 'A token starts with tt_' }).waitFor({ state: 'hidden' }).catch(() => undefined);
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget input[type="password"]').waitFor({ state: 'hidden' });
  // The token was checked with the backend's /me: it says whose it is.
  lap(`token set: ${await notification(page, /the token is E2E Dev's, on team/)}`);
  await palette(page, 'Token Tier: Turn On Team Reporting');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 30_000 });
  assert.match(await dialog.innerText(), /Never sent: prompts, responses, file contents, file paths, project names, hostnames, session ids/);
  await page.locator('.view-lines', { hasText: 'Exactly these fields leave your machine' }).waitFor();
  assert.equal((await me()).devices, 0, 'still nothing sent while the question is open');
  await dialog.getByRole('button', { name: 'Turn On Reporting' }).click();
  lap('consent given');
  let org = await me();
  for (let i = 0; i < 100 && org.devices === 0; i++) {
    await page.waitForTimeout(100);
    org = await me();
  }
  assert.equal(org.devices, 1);
  assert.ok(org.days.some((d) => d.total > 0), 'the backend has the last days');
  lap('backend received the report');
  await page.locator('.activitybar [aria-label="Token Tier"]').first().click();
  const frame = panelFrame(page);
  await frame.locator('#org-summary', { hasText: 'My team' }).waitFor({ timeout: 30_000 });
  assert.match(await frame.locator('#org-sync').innerText(), /Team: (synced|up to date)/);
  lap('panel shows the org-confirmed section');
  // The organisation's text for the tier (set by the admin, carried by /me) replaces the built-in one,
  // one click away under the first suggestion.
  await frame.locator('#coach-more-label').click();
  await frame.locator('#coach-here', { hasText: 'ask the AI guild' }).waitFor({ timeout: 15_000 });
  assert.match(await frame.locator('#coach-here').innerText(), /^You are here — (.+)\. Acme: \1 — ask the AI guild\. Guild wiki$/);
  assert.equal(await frame.locator('#coach-here a').getAttribute('href'), 'https://wiki.acme.example/ai');
  lap('panel shows the organisation’s tier text');
  // The backend goes away; agents keep working: the badge keeps counting, the panel says offline.
  process.kill(Number(backendPid));
  const before = await page.locator('.statusbar-item', { hasText: BADGE }).innerText();
  const dir = path.join(home, '.claude', 'projects', '-e2e-reporting');
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'offline.jsonl'), claudeAssistantLine({ ts: Date.now(), sessionId: 'offline', messageId: `msg_offline_${Date.now()}`, requestId: 'r', model: 'claude-sonnet-4-5', usage: { input: 1, output: 3_000_000, cacheRead: 0, cacheWrite: 0 } }) + '\n');
  // Busy days wait for the send interval; Refresh sends now — and finds the backend gone.
  await frame.locator('#org-sync', { hasText: /Team: \d+ days? queued/ }).waitFor({ timeout: 15_000 });
  await palette(page, 'Token Tier: Refresh');
  await frame.locator('#org-sync', { hasText: /offline, \d+ days? queued/ }).waitFor({ timeout: 15_000 });
  const after = await page.locator('.statusbar-item', { hasText: BADGE }).innerText();
  assert.notEqual(after, before, 'the badge still updates');
  lap(`offline handled: ${await frame.locator('#org-sync').innerText()}`);
  await page.screenshot({ path: shot });
  // Someone else answers at the backend's address, with a command link in its reason (#20): the
  // notification shows it as text, and nothing in it can run a command.
  const hostile = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized', reason: HOSTILE_REASON })));
  });
  await listenWhenFree(hostile, Number(new URL(backendUrl).port));
  try {
    await palette(page, 'Token Tier: Turn Off Team Reporting');
    await clickNotificationButton(page, 'Delete My Data');
    const said = await notification(page, /could not delete your data/);
    assert.match(said, /Session expired\. \[Re-authenticate\] \(command:workbench\.action\.terminal\.sendSequence/, 'the words, as text');
    await palette(page, 'Notifications: Show Notifications');
    const links = await page.locator('.notifications-center a, .notifications-toasts a').evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
    assert.deepEqual(links.filter((h) => h.startsWith('command:')), [], 'no command link in any notification');
    await page.keyboard.press('Escape');
    lap(`hostile reason shown as text: ${said.slice(0, 90)}…`);
  } finally {
    hostile.close();
  }
});

/** Listens on `port` once the killed backend has let it go. */
async function listenWhenFree(server: http.Server, port: number): Promise<void> {
  for (let i = 0; ; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return;
    if (i > 50) throw new Error(`port ${port} stays busy`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
