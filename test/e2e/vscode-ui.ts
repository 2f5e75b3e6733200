/**
 * The extension as a user meets it in code-server, in a 1280×800 window with the default 300 px
 * sidebar: the tier badge in the status bar, and the Token Tier container with its three views —
 * the panel (webview) whose first screen must hold the tier, the progress bar and the daily curve,
 * and the native Breakdown and Sources trees. Screenshots of the sidebar in four themes. Also
 * measures the extension host's CPU while idle with the panel open (printed, not asserted).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { BADGE, panelFrame, runWorkbenchTest } from './browser';
import { setTheme } from './workbench';

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

/** Where the glance's parts end, and how tall the panel's own viewport (its first screen) is. */
async function firstScreen(page: Page): Promise<{ fold: number; tier: number; progress: number; curve: number; height: number }> {
  // A string, not a function: the TypeScript loader's helpers do not exist in the page.
  return panelFrame(page).locator('body').evaluate(`(() => {
    const bottom = (id) => document.getElementById(id).getBoundingClientRect().bottom;
    return { fold: window.innerHeight, tier: bottom('tier-name'), progress: bottom('progress'), curve: bottom('daily-chart'), height: document.documentElement.scrollHeight };
  })()`);
}

runWorkbenchTest(baseUrl, folder, shot, async (page, lap) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const badgeText = (await page.locator('.statusbar-item', { hasText: BADGE }).innerText()).trim();
  lap(`badge: ${badgeText}`);
  const tier = /^(.+?) · /.exec(badgeText)![1]!;
  assert.notEqual(tier, 'Not started');
  await page.locator('.activitybar [aria-label="Token Tier"]').first().click();
  const frame = panelFrame(page);
  await frame.locator('#tier-name', { hasText: tier }).waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator('#tier-name').innerText(), tier);
  assert.match(await frame.locator('#progress-line').innerText(), /more for \w|top of the ladder/);
  assert.equal(await frame.locator('#heatmap td.cell').count(), 168);
  // The glance: tier, progress and the curve above the panel's fold, in the real workbench.
  await frame.locator('#daily-chart[data-series]').waitFor({ timeout: 15_000 });
  const glance = await firstScreen(page);
  lap(`panel: first screen ${glance.fold} px of ${glance.height} px; tier ends at ${Math.round(glance.tier)}, progress at ${Math.round(glance.progress)}, curve at ${Math.round(glance.curve)}`);
  assert.ok(glance.progress <= glance.fold && glance.curve <= glance.fold, `the progress bar and the curve are in the first screen: ${JSON.stringify(glance)}`);
  // Breakdown and Sources are native trees beside it; the demo home's agents and Copilot Chat
  // from the editor's own user data are rows there.
  const breakdown = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Breakdown' }) });
  await breakdown.locator('.monaco-list-row').first().waitFor({ timeout: 15_000 });
  const rows = await breakdown.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  for (const a of ['Claude Code', 'Codex', 'Copilot Chat']) assert.ok(rows.some((r) => r.startsWith(`${a}: `) && /tokens, (<1|>99|\d+)% of the last \d+ days/.test(r)), `${a} in ${rows.join(' | ')}`);
  const sources = page.locator('.pane-header', { hasText: 'Sources' });
  assert.equal(await sources.getAttribute('aria-expanded'), 'false', 'Sources starts collapsed');
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  lap(`breakdown rows: ${rows.length}; sidebar ${Math.round(sidebar?.width ?? 0)} px`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: shot });
  // The same sidebar in each theme, picked as a user would (Preferences: Color Theme): the first
  // screen checked in code (no sideways scroll, the glance above the fold), the screenshots looked at.
  for (const [name, theme] of Object.entries(THEMES)) {
    await setTheme(page, theme);
    const kind = name.startsWith('hc-') ? (name === 'hc-light' ? 'vscode-high-contrast-light' : 'vscode-high-contrast') : name === 'light-modern' ? 'vscode-light' : 'vscode-dark';
    await frame.locator(`body.${kind}`).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(700);
    const overflow = await frame.locator('body').evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: the panel scrolls sideways by ${overflow} px`);
    const g = await firstScreen(page);
    assert.ok(g.progress <= g.fold && g.curve <= g.fold, `${name}: the glance is in the first screen: ${JSON.stringify(g)}`);
    const box = (await page.locator('.part.sidebar').boundingBox())!;
    await page.screenshot({ path: shot.replace(/\.png$/, `-${name}.png`), clip: box });
  }
  lap('sidebar screenshots in four themes');
  await page.waitForTimeout(15_000); // let start-up work (ours and the built-in extensions') settle
  const before = extHostTicks();
  const idleMs = 20_000;
  await page.waitForTimeout(idleMs);
  const ticks = extHostTicks() - before;
  console.log(`idle extension host with the panel open: ${((ticks / 100 / (idleMs / 1000)) * 100).toFixed(2)} % of one core over ${idleMs / 1000} s`);
});
