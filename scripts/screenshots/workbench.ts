/**
 * The listing's VS Code pictures from a code-server window on a demo month (scripts/screenshots.sh):
 * the sidebar at its default 300 px in a 1280×800 window, Dark Modern and Light Modern, and the
 * status-bar badge with its tooltip open.
 */
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { BADGE, panelFrame, runWorkbenchTest } from '../../test/e2e/browser';
import { setTheme } from '../../test/e2e/workbench';

const [baseUrl, folder, out] = process.argv.slice(2) as [string, string, string];

async function theme(page: Page, name: string): Promise<void> {
  await setTheme(page, name);
  await page.waitForTimeout(1_200);
}

runWorkbenchTest(baseUrl, folder, path.join(out, 'workbench.png'), async (page, lap) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator('.activitybar [aria-label="Token Tier"]').first().click();
  const frame = panelFrame(page);
  await frame.locator('#daily-chart[data-series]').waitFor({ timeout: 30_000 });
  await page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Breakdown' }) }).locator('.monaco-list-row').first().waitFor();
  for (const [name, file] of [['Dark Modern', 'panel-dark.png'], ['Light Modern', 'panel-light.png']] as const) {
    await theme(page, name);
    await page.mouse.move(900, 400);
    await page.screenshot({ path: path.join(out, file), clip: (await page.locator('.part.sidebar').boundingBox())! });
    lap(file);
  }
  await theme(page, 'Dark Modern');
  const badge = page.locator('.statusbar-item', { hasText: BADGE });
  await badge.hover();
  const hover = page.locator('.monaco-hover', { hasText: 'Token Tier —' }).first();
  await hover.waitFor({ timeout: 15_000 });
  const tip = (await hover.boundingBox())!;
  const bar = (await badge.boundingBox())!;
  const x = Math.max(0, Math.min(tip.x, bar.x) - 12);
  const right = Math.min(1280, Math.max(tip.x + tip.width, bar.x + bar.width) + 12);
  await page.screenshot({ path: path.join(out, 'badge.png'), clip: { x, y: tip.y - 12, width: right - x, height: bar.y + bar.height - tip.y + 16 } });
  lap('badge.png');
});
