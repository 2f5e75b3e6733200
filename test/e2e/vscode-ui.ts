/**
 * The extension as a user meets it in code-server: the tier badge in the status bar, the Token
 * Tier activity-bar view, and the panel's content inside the webview's nested iframes. Also
 * measures the extension host's CPU while idle with the panel open (printed, not asserted).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { BADGE, panelFrame, runWorkbenchTest } from './browser';

const [baseUrl, folder, shot, pgid] = process.argv.slice(2) as [string, string, string, string];

// The names the theme picker shows (the settings' ids are "Default Dark Modern" and so on).
const THEMES = { 'dark-modern': 'Dark Modern', 'light-modern': 'Light Modern', 'hc-dark': 'Dark High Contrast', 'hc-light': 'Light High Contrast' };

/** utime+stime (clock ticks) of the extension host processes in code-server's process group. */
function extHostTicks(): number {
  const pids = execFileSync('pgrep', ['-g', pgid, '-f', 'extensionHost'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  return pids.reduce((sum, pid) => {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + Number(f[11]) + Number(f[12]);
  }, 0);
}

runWorkbenchTest(baseUrl, folder, shot, async (page, lap) => {
  const badgeText = (await page.locator('.statusbar-item', { hasText: BADGE }).innerText()).trim();
  lap(`badge: ${badgeText}`);
  const tier = /^(.+?) · /.exec(badgeText)![1]!;
  assert.notEqual(tier, 'Not started');
  await page.locator('.activitybar [aria-label="Token Tier"]').first().click();
  const frame = panelFrame(page);
  await frame.locator('#tier-name', { hasText: tier }).waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator('#tier-name').innerText(), tier);
  assert.match(await frame.locator('#progress-text').innerText(), /needs [\d.]+[KMB]? tokens\/day on average|top of the ladder/);
  assert.equal(await frame.locator('#heatmap td.cell').count(), 168);
  assert.ok((await frame.locator('#by-model li').count()) >= 2);
  // The demo home's agents, and Copilot Chat from the editor's own user data.
  const agents = await frame.locator('#by-agent .name').allInnerTexts();
  for (const a of ['Claude Code', 'Codex', 'Copilot Chat']) assert.ok(agents.includes(a), `${a} in ${agents.join(', ')}`);
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  lap(`panel shows ${tier}; agents ${agents.join(', ')}; sidebar ${Math.round(sidebar?.width ?? 0)} px`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: shot });
  // The same panel in the real workbench in each theme, picked as a user would (Preferences: Color
  // Theme). Checked for sideways overflow in code; the screenshots are looked at.
  const input = page.locator('.quick-input-widget input');
  for (const [name, theme] of Object.entries(THEMES)) {
    await page.keyboard.press('F1');
    await input.fill('>Preferences: Color Theme');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
    await input.fill(theme);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor();
    await page.keyboard.press('Enter');
    const kind = name.startsWith('hc-') ? (name === 'hc-light' ? 'vscode-high-contrast-light' : 'vscode-high-contrast') : name === 'light-modern' ? 'vscode-light' : 'vscode-dark';
    await frame.locator(`body.${kind}`).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(700);
    const overflow = await frame.locator('body').evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: the panel scrolls sideways by ${overflow} px`);
    const box = (await page.locator('.part.sidebar').boundingBox())!;
    await page.screenshot({ path: shot.replace(/\.png$/, `-${name}.png`), clip: box });
  }
  lap('panel screenshots in four themes');
  await page.waitForTimeout(15_000); // let start-up work (ours and the built-in extensions') settle
  const before = extHostTicks();
  const idleMs = 20_000;
  await page.waitForTimeout(idleMs);
  const ticks = extHostTicks() - before;
  console.log(`idle extension host with the panel open: ${((ticks / 100 / (idleMs / 1000)) * 100).toFixed(2)} % of one core over ${idleMs / 1000} s`);
});
