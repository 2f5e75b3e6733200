import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createTeam } from '../src/teams';
import { seedDemo } from '../src/demo/seedDemo';
import { call, startBackend } from './harness';
import type { Backend } from './harness';
import { launch } from '../../test/e2e/browser';
import { drawnPixels, stickingOut } from '../../test/e2e/layout';
import { openDashboard } from './dashboardPage';
import { issueToken } from '../src/auth';
import { OtelSender } from './otelSender';
import { MAX_MODEL_CHARS } from '../../src/shared/teamApi';

/**
 * Issues #12 and #22: a manager opens the dashboard on the seeded 200-person, 10-team, 90-day
 * organisation and sees in the first screen how much the organisation uses agents, which teams
 * need help first and whether it is going up; then who needs help by team, who moved up, and what
 * agents the top tier uses — light and dark, laptop and phones, with a member's 128-character
 * model name in the data. Screenshots in test-results/ (seeded-dashboard-*.png).
 */
let b: Backend;
let context: BrowserContext;
let closeBrowser: () => Promise<void>;
let admin: string;

/** The longest model name a report may carry, with no space to break at. */
const LONG_MODEL = `bedrock/${'anthropic.claude-sonnet-4-5-20250929-v1:0-'.repeat(4)}`.slice(0, MAX_MODEL_CHARS);
const LONG_TEAM = 'DeveloperProductivityAndInternalToolingPlatformEngineeringEnablementGuildEMEA-NA'.slice(0, 80);

before(async () => {
  b = await startBackend('sqlite');
  admin = (await createTeam(b.db, 'Acme (demo data)')).adminToken;
  await seedDemo(b.db, 1);
  // One member's agent logs a 128-character model id (any string a log holds, up to the limit).
  const [person] = await b.db.all<{ id: number }>("SELECT id FROM people ORDER BY id LIMIT 1 OFFSET 40");
  const token = await issueToken(b.db, 'member', 1, Number(person!.id));
  const date = new Date().toISOString().slice(0, 10);
  const r = await call(b, 'POST', '/api/v1/usage/daily', token, { rows: [{ date, timezone: 'UTC', deviceId: 'long-model-01', agent: 'cline', model: LONG_MODEL, input: 1000, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 }] });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  // And a team with the longest name the API takes (80 characters), one word.
  await b.db.run('UPDATE subteams SET name = ?, name_key = ? WHERE name = ?', [LONG_TEAM, LONG_TEAM.toLowerCase(), 'Developer Tools']);
  ({ context, close: closeBrowser } = await launch());
  fs.mkdirSync('test-results', { recursive: true });
});

after(async () => {
  await closeBrowser?.();
  await b?.close();
});

function open(page: Page, width: number, scheme: 'light' | 'dark', height = 900): Promise<void> {
  return openDashboard(page, b.url, admin, width, scheme, '#top-agent-mix tbody tr', height);
}

test('the first screen at 1280×800 answers "how much, which teams first, is it going up": headline figures and every team with its shares', async () => {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await context.newPage();
    await open(page, 1280, scheme, 800);
    assert.equal(LONG_MODEL.length, 128);
    assert.equal(LONG_TEAM.length, 80);
    // A long team name is cut with an ellipsis in its row and whole on hover.
    const long = page.locator(`#teams tbody tr[data-team="${LONG_TEAM}"] .team-link`);
    assert.equal(await long.getAttribute('title'), `Show the page for ${LONG_TEAM}`);
    assert.ok(await long.evaluate((e) => e.scrollWidth > e.clientWidth), 'the long name is cut, not pushing the row');
    // Headline: people reporting n of N, weekly active with its change, at zero, tier mix, tokens and cost a day.
    assert.equal(await page.locator('#people-count').innerText(), '200');
    assert.equal(await page.locator('#reporting-count').innerText(), '180');
    assert.match(await page.locator('#active-share').innerText(), /^\d{1,3}%$/);
    assert.match(await page.locator('#active-change').innerText(), /pts vs the 7 days before \(\d+ of 200\)/);
    assert.match(await page.locator('#zero-total').innerText(), /^\d+$/);
    assert.match(await page.locator('#tokens-day').innerText(), /^[\d.]+[KMB]$/);
    assert.match(await page.locator('#cost-day').innerText(), /\$[\d,.]+/);
    assert.match(await page.locator('#fresh-cache').innerText(), /^fresh \d+% · cache \d+%$/);
    assert.equal(await page.locator('#headline-mix .seg').count(), 7);
    // Every team's row — its name and its shares — is inside the first 1280×800 screen.
    const rows = await page.evaluate(() =>
      Array.from(document.querySelectorAll('#teams tbody tr')).map((tr) => {
        const parts = [tr.querySelector('.team-link'), ...Array.from(tr.querySelectorAll('td.share')), tr.querySelector('.tier-bar')];
        const boxes = parts.map((e) => e!.getBoundingClientRect());
        return { name: tr.querySelector('.team-link')!.textContent, shares: Array.from(tr.querySelectorAll('td.share')).map((e) => e.textContent), bottom: Math.max(...boxes.map((r) => r.bottom)), right: Math.max(...boxes.map((r) => r.right)), top: Math.min(...boxes.map((r) => r.top)), empty: boxes.some((r) => r.width === 0 || r.height === 0) };
      }),
    );
    assert.equal(rows.length, 10);
    for (const r of rows) {
      assert.ok(r.top >= 0 && r.bottom <= 800 && r.right <= 1280 && !r.empty, `${r.name} is not in the first screen: ${JSON.stringify(r)}`);
      assert.ok(r.shares.length === 2 && r.shares.every((x) => /^\d{1,3}%$/.test(x ?? '')), `${r.name}: ${r.shares}`);
    }
    // The team that needs help most first: weekly active share never falls down the list.
    const active = await page.locator('#teams tbody td[data-label="Weekly active"]').allInnerTexts();
    const shares = active.map((a) => Number(a.replace('%', '')));
    assert.deepEqual(shares, [...shares].sort((x, y) => x - y), `teams by weekly active: ${shares}`);
    await page.screenshot({ path: path.join('test-results', `seeded-first-screen-1280x800-${scheme}.png`) });
    await page.close();
  }
});

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [360, 390, 1280]) {
    test(`seeded organisation at ${width} px, ${scheme}: headline, teams, who needs help by team, who moved up, the top tier's agents, nothing sideways with a 128-character model name`, async () => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await open(page, width, scheme);
      // The order a manager reads: scope, headline figures, teams side by side, who needs help, who moved up.
      const order = await page.evaluate(() => Array.from(document.querySelectorAll('#dash > section')).map((s) => s.id || s.className));
      assert.deepEqual(order.slice(0, 5), ['scope', 'headline', 'teams-section', 'roster-section', 'moved-section']);
      // Who needs help, grouped by team with counts; each list with its CSV (the team a column).
      const groups = await page.locator('#not-reporting tbody tr.group th').allInnerTexts();
      assert.ok(groups.length >= 5 && groups.every((g) => /^.+ \(\d+\)$/.test(g)), groups.join(' | '));
      const listed = groups.reduce((n, g) => n + Number(/\((\d+)\)$/.exec(g)![1]), 0);
      assert.equal(listed, await page.locator('#not-reporting tbody tr:not(.group)').count());
      assert.equal(`(${listed})`, await page.locator('#not-reporting-count').innerText());
      assert.ok((await page.locator('#at-zero tbody tr:not(.group)').count()) >= 5);
      // Who moved up: per week against 4 weeks earlier, drawn and as a table; tier shares as small multiples.
      const drawn = await drawnPixels(page, 'movement-chart');
      assert.ok(drawn > 2000, `movement chart drew ${drawn} pixels`);
      assert.ok((await page.locator('#movement tbody tr').count()) >= 12);
      assert.match(await page.locator('#moved-summary').innerText(), /^Week of \d{4}-\d{2}-\d{2}: \d+ people moved up a tier, \d+ down, \d+ stayed/);
      assert.deepEqual(await page.locator('#tier-shares .multiple').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tier)), ['Not started', 'Beginner', 'Intermediate', 'Expert', 'Architect', 'Catalyst', 'AI God']);
      // One set of tier colours: every bar part, legend swatch and share line of a tier has the same colour.
      const colours = await page.evaluate(() => {
        const by: Record<string, Set<string>> = {};
        for (const e of Array.from(document.querySelectorAll<HTMLElement>('.seg[data-tier], .swatch[data-tier]'))) (by[e.dataset.tier!] ??= new Set()).add(getComputedStyle(e).backgroundColor);
        for (const e of Array.from(document.querySelectorAll<HTMLElement>('.multiple[data-tier]'))) (by[e.dataset.tier!] ??= new Set()).add(getComputedStyle(e.querySelector('polyline')!).stroke);
        return Object.fromEntries(Object.entries(by).map(([k, v]) => [k, [...v]]));
      });
      assert.equal(Object.keys(colours).length, 7);
      for (const [tier, set] of Object.entries(colours)) assert.equal(set.length, 1, `${tier} in ${set.join(', ')}`);
      assert.equal(new Set(Object.values(colours).map((c) => c[0])).size, 7, 'seven tiers, seven colours');
      // What agents the top tier uses: shown (6 people), by name; the long model name wraps inside its table.
      assert.match(await page.locator('#top-tier-title').innerText(), /^Among the top tier \(AI God, \d+ people\)$/);
      assert.deepEqual((await page.locator('#top-agent-mix tbody th').allInnerTexts()).slice(0, 2), ['Claude Code', 'Codex']);
      assert.match(await page.locator('#tier-agents').innerText(), /Beginner\s+\d+\s+Copilot Chat/);
      assert.equal(await page.locator(`#model-mix tbody th[title="${LONG_MODEL}"]`).count(), 1);
      assert.match(await page.locator('#devices-summary').innerText(), /through their agents' own OpenTelemetry export \(\d+ of them on machines that also run the extension/);
      if (scheme === 'dark') {
        // Axis labels readable on the dark page: their brightest grey well above Chart.js's default #666.
        const grey = await page.evaluate(() => {
          const c = document.getElementById('daily-chart') as HTMLCanvasElement;
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
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width, 'the page scrolls sideways');
      // One team: the page follows the scope, nothing sideways there either.
      await page.locator('#scope-team').selectOption({ index: 1 });
      await page.locator('#people-count', { hasText: /^(1\d|2\d)$/ }).waitFor();
      assert.deepEqual(await stickingOut(page, width), []);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
}

test('a click on a team shows the whole page for it, and the URL remembers it (reload, back)', async () => {
  const page = await context.newPage();
  await open(page, 1280, 'light');
  const first = page.locator('#teams tbody tr').first();
  const name = await first.getAttribute('data-team');
  const people = (await first.locator('td[data-label="People"]').innerText()).trim();
  const [team] = await b.db.all<{ id: number }>('SELECT id FROM subteams WHERE name = ?', [name]);
  await first.locator('.team-link').click();
  await page.waitForURL(new RegExp(`[?&]team=${team!.id}(&|$)`));
  await page.locator('#people-count', { hasText: new RegExp(`^${people}$`) }).waitFor();
  // The whole page follows: the roster lists only that team, the selector says so, its row is marked.
  assert.deepEqual([...new Set((await page.locator('#not-reporting tbody tr.group th, #at-zero tbody tr.group th').allInnerTexts()).map((g) => g.replace(/ \(\d+\)$/, '')))], [name]);
  assert.equal(await page.locator('#scope-team').inputValue(), String(team!.id));
  assert.equal(await page.locator(`#teams tbody tr[data-team="${name}"]`).getAttribute('aria-current'), 'true');
  // A reload opens the same view (the token is in this tab's session, never in the URL).
  await page.reload();
  await page.locator('#people-count', { hasText: new RegExp(`^${people}$`) }).waitFor();
  assert.doesNotMatch(page.url(), /tt_/);
  await page.goBack();
  await page.locator('#people-count', { hasText: /^200$/ }).waitFor();
  await page.close();
});

test('a wrong token is told plainly; the tab has an icon', async () => {
  const page = await context.newPage();
  await page.goto(`${b.url}/dashboard`);
  const member = await issueToken(b.db, 'member', 1, 1);
  for (const token of ['tt_not_a_real_token_at_all_000000', member]) {
    await page.locator('#token').fill(token);
    await page.locator('#login button').click();
    await page.locator('#login-error', { hasText: "This token isn't an admin token for this dashboard" }).waitFor();
  }
  const icon = await fetch(`${b.url}/favicon.ico`);
  assert.deepEqual([icon.status, icon.headers.get('content-type')], [200, 'image/svg+xml']);
  assert.equal(await page.locator('link[rel="icon"]').getAttribute('href'), '/static/favicon.svg');
  await page.close();
});

test("a headless agent's OTLP export reaches the same page: someone at zero starts a CI agent and leaves the to-do list", async () => {
  const page = await context.newPage();
  await open(page, 1280, 'light');
  const name = (await page.locator('#at-zero tbody tr:not(.group) th').first().innerText()).trim();
  const [person] = await b.db.all<{ id: number }>('SELECT id FROM people WHERE name = ?', [name]);
  const before = Number(/^(\d+) devices/.exec(await page.locator('#devices-summary').innerText())![1]);
  const sender = new OtelSender({ url: b.url, token: await issueToken(b.db, 'member', 1, Number(person!.id)), protocol: 'http/protobuf', temporality: 'delta', resource: { 'service.name': 'claude-code', 'host.name': 'nightly-ci' } });
  sender.counter('claude_code.token.usage')(2_000_000, { type: 'cacheRead', model: 'claude-sonnet-4-5' });
  await sender.flush();
  await sender.shutdown();
  await page.reload();
  await page.locator('#dash').waitFor({ state: 'visible' });
  await page.locator('#top-agent-mix tbody tr').first().waitFor();
  assert.ok(!(await page.locator('#at-zero tbody tr:not(.group) th').allInnerTexts()).includes(name), `${name} still at zero`);
  assert.match(await page.locator('#devices-summary').innerText(), new RegExp(`^${before + 1} devices`));
  await page.close();
});
