import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createTeam } from '../src/teams';
import { seedDemo } from '../src/demo/seedDemo';
import { startBackend } from './harness';
import type { Backend } from './harness';
import { launch } from '../../test/e2e/browser';
import { drawnPixels, stickingOut } from '../../test/e2e/layout';
import { openDashboard } from './dashboardPage';
import { issueToken } from '../src/auth';
import { OtelSender } from './otelSender';

/**
 * The issue's "done when": a manager opens the dashboard on the seeded 200-person, 10-team,
 * 90-day organisation and sees who needs help first, whether each team is moving up and what
 * agents the top tier uses — light and dark, laptop and phone. Screenshots in test-results/.
 */
let b: Backend;
let context: BrowserContext;
let closeBrowser: () => Promise<void>;
let admin: string;

before(async () => {
  b = await startBackend('sqlite');
  admin = (await createTeam(b.db, 'Acme (demo data)')).adminToken;
  await seedDemo(b.db, 1);
  ({ context, close: closeBrowser } = await launch());
  fs.mkdirSync('test-results', { recursive: true });
});

after(async () => {
  await closeBrowser?.();
  await b?.close();
});

function open(page: Page, width: number, scheme: 'light' | 'dark'): Promise<void> {
  return openDashboard(page, b.url, admin, width, scheme, '#top-agent-mix tbody tr');
}

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [360, 1280]) {
    test(`seeded organisation at ${width} px, ${scheme}: who needs help first, teams moving up, the top tier's agents, nothing sideways`, async () => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await open(page, width, scheme);
      assert.equal(await page.locator('#people-count').innerText(), '200');
      // Who needs help first: the roster is the first thing after the scope bar, and it has names.
      const order = await page.evaluate(() => Array.from(document.querySelectorAll('#dash > section')).map((s) => s.id || s.className));
      assert.deepEqual(order.slice(0, 2), ['scope', 'roster-section']);
      const tops = await page.evaluate(() => ['roster-section', 'tiers-chart', 'trend-tiers', 'agent-mix'].map((id) => document.getElementById(id)!.getBoundingClientRect().top));
      assert.ok(tops.every((t, i) => i === 0 || t > tops[0]!), `roster above the rest: ${tops}`);
      assert.ok(tops[0]! < 400, `the roster starts in the first screenful (${tops[0]} px)`);
      assert.ok((await page.locator('#not-reporting tbody tr').count()) >= 10);
      assert.ok((await page.locator('#at-zero tbody tr').count()) >= 5);
      // Is each team moving up: the weekly stacked tiers are drawn, for the organisation and for a team.
      const drawn = await drawnPixels(page, 'trend-tiers');
      assert.ok(drawn > 5000, `trend chart drew ${drawn} pixels`);
      // What agents the top tier uses: shown (6 people), by name.
      assert.match(await page.locator('#top-tier-title').innerText(), /^Among the top tier \(AI God, \d+ people\)$/);
      assert.deepEqual((await page.locator('#top-agent-mix tbody th').allInnerTexts()).slice(0, 2), ['Claude Code', 'Codex']);
      assert.match(await page.locator('#tier-agents').innerText(), /Beginner\s+\d+\s+Copilot Chat/);
      // Which channel each device uses.
      assert.match(await page.locator('#devices-summary').innerText(), /through their agents' own OpenTelemetry export \(\d+ of them on machines that also run the extension/);
      if (scheme === 'dark') {
        // Axis labels readable on the dark page: their brightest grey well above Chart.js's default #666.
        const grey = await page.evaluate(() => {
          const c = document.getElementById('tiers-chart') as HTMLCanvasElement;
          const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let max = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 200 && Math.abs(d[i]! - d[i + 1]!) < 14 && Math.abs(d[i + 1]! - d[i + 2]!) < 14) max = Math.max(max, d[i]!);
          return max;
        });
        assert.ok(grey > 130, `chart labels at most rgb(${grey}, …) on a dark page`);
      }
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg === 'rgb(255, 255, 255)', scheme === 'light', `body ${bg} in ${scheme}`);
      // The admin's people list (200 rows) starts closed, so the tier texts below it are in reach.
      assert.equal(await page.locator('#people-box').evaluate((d) => (d as HTMLDetailsElement).open), false);
      assert.match(await page.locator('#people-box summary').innerText(), /200 people/);
      const [adminTop, guideTop] = await page.evaluate(() => ['people-box', 'guide-form'].map((id) => document.getElementById(id)!.getBoundingClientRect().top));
      assert.ok(guideTop! - adminTop! < 600, `the tier texts are ${Math.round(guideTop! - adminTop!)} px below the people list`);
      await page.screenshot({ path: path.join('test-results', `seeded-dashboard-${width}-${scheme}.png`), fullPage: true });
      // Every device and every person, opened: long lists that must fit a phone too.
      await page.locator('#devices-section summary').click();
      await page.locator('#people-box summary').click();
      assert.ok((await page.locator('#devices tbody td', { hasText: /^OTLP \(extension counts\)$/ }).count()) > 0);
      // Emails read whole, on one line each (not broken every few letters to fit a phone).
      const emailLines = await page.evaluate(() =>
        Math.max(
          ...Array.from(document.querySelectorAll('#people tbody td:nth-child(2)')).map((e) => {
            const cs = getComputedStyle(e);
            const line = Number.isFinite(parseFloat(cs.lineHeight)) ? parseFloat(cs.lineHeight) : parseFloat(cs.fontSize) * 1.25;
            return (e.getBoundingClientRect().height - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)) / line;
          }),
        ),
      );
      assert.ok(emailLines < 2.2, `an email takes ${emailLines.toFixed(1)} lines`);
      const wide = await stickingOut(page, width);
      assert.deepEqual(wide, [], `wider than ${width} px: ${wide.join(' ')}`);
      // One team: the page follows the scope, the roster still first.
      await page.locator('#scope-team').selectOption({ index: 1 });
      await page.locator('#people-count', { hasText: /^(1\d|2\d)$/ }).waitFor();
      assert.deepEqual(await stickingOut(page, width), []);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
}

test("a headless agent's OTLP export reaches the same page: someone at zero starts a CI agent and leaves the to-do list", async () => {
  const page = await context.newPage();
  await open(page, 1280, 'light');
  const name = (await page.locator('#at-zero tbody th').first().innerText()).trim();
  const [person] = await b.db.all<{ id: number }>('SELECT id FROM people WHERE name = ?', [name]);
  const before = Number(/^(\d+) devices/.exec(await page.locator('#devices-summary').innerText())![1]);
  const sender = new OtelSender({ url: b.url, token: await issueToken(b.db, 'member', 1, Number(person!.id)), protocol: 'http/protobuf', temporality: 'delta', resource: { 'service.name': 'claude-code', 'host.name': 'nightly-ci' } });
  sender.counter('claude_code.token.usage')(2_000_000, { type: 'cacheRead', model: 'claude-sonnet-4-5' });
  await sender.flush();
  await sender.shutdown();
  await page.reload();
  await page.locator('#dash').waitFor({ state: 'visible' });
  await page.locator('#top-agent-mix tbody tr').first().waitFor();
  assert.ok(!(await page.locator('#at-zero tbody th').allInnerTexts()).includes(name), `${name} still at zero`);
  assert.match(await page.locator('#devices-summary').innerText(), new RegExp(`^${before + 1} devices`));
  await page.close();
});
