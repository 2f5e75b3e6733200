import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { panelHtml } from '../../src/ui/html';
import type { OrgUsageView, TeamHostMessage, TeamView } from '../../src/shared/protocol';
import { orgTeamSummary } from '../../src/sync/orgUsage/orgTeam';
import { addDays, dateRange } from '../../src/core/time';
import { generateOrgUsage } from '../fakes/usage';
import { expertSnapshot } from '../fixtures/snapshots';
import { launch, openWebview, serve } from './browser';
import { drawnPixels, layoutProblems } from './layout';
import type { ThemeName } from './themes';

/**
 * The team view (dist/teamView.js + .css, an editor tab) and the panel's org-confirmed section in
 * headless Chromium under the real CSP, fed through the real protocol, in real theme variables.
 * The summary is the one core/teamView computes from the fake 30-person org's rows.
 */
const DIST = path.resolve('dist');
const OUT = path.resolve('test-results');
const NOW = Date.parse('2026-11-20T15:00:00Z');
const TODAY = '2026-11-20';
let context: BrowserContext;
let closeBrowser: () => Promise<void>;
let server: Awaited<ReturnType<typeof serve>>;

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  server = await serve((url) => {
    const page = /^\/(team|panel)\.html$/.exec(url);
    if (page) {
      const name = page[1] === 'team' ? 'teamView' : 'webview';
      return { type: 'text/html', body: panelHtml({ cspSource: server.origin, nonce: 'test-nonce-123', scriptUri: `${server.origin}/dist/${name}.js`, styleUri: `${server.origin}/dist/${name}.css` }) };
    }
    const m = /^\/dist\/((?:teamView|webview)\.(js|css))$/.exec(url);
    if (m) return { type: m[2] === 'js' ? 'text/javascript' : 'text/css', body: fs.readFileSync(path.join(DIST, m[1]!)) };
    return undefined;
  });
  ({ context, close: closeBrowser } = await launch());
});

after(async () => {
  await closeBrowser?.();
  await server?.close();
});

async function open(file: 'team' | 'panel', theme: ThemeName, width: number, background: string) {
  const page = await openWebview(context, `${server.origin}/${file}.html`, { theme, width, height: 900, background });
  return Object.assign(page, { csp: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp) });
}

function fakeOrgView(): TeamView {
  const days = dateRange(addDays(TODAY, -20), TODAY);
  const rows = generateOrgUsage(30, days).map((r) => ({ provider: 'anthropic-claude-code' as const, date: r.date, actor: { email: r.email }, agent: 'claude-code', model: r.model, input: r.input, output: r.output, cacheRead: r.cacheRead, cacheWrite: r.cacheWrite }));
  const roster = Array.from({ length: 30 }, (_, i) => `dev${String(i + 1).padStart(2, '0')}@example.com`);
  const summary = orgTeamSummary(rows, { aliases: {}, roster }, { name: 'Anthropic — Claude Code Analytics', windowDays: 7, tierThresholds: {}, countedKinds: ['input', 'output', 'cacheRead', 'cacheWrite'] }, NOW - 12 * 60_000, NOW);
  return { provider: 'Anthropic — Claude Code Analytics', fresh: 'Fetched 12 min ago.', problem: null, fetching: false, summary, backend: null, backendUrl: null };
}

const TEAM_CASES = [...(['light-modern', 'dark-modern'] as const).flatMap((theme) => [800, 1280].map((width) => ({ theme, width }))), { theme: 'hc-light' as const, width: 800 }, { theme: 'hc-dark' as const, width: 800 }];
for (const { theme, width } of TEAM_CASES) {
  {
    test(`team view: the fake 30-person org's tiers, zeros by name, curve and mixes (${theme}, ${width} px)`, async () => {
      const page = await open('team', theme, width, '--vscode-editor-background');
      const view = fakeOrgView();
      await page.evaluate((m) => window.postMessage(m, '*'), { type: 'team', view } satisfies TeamHostMessage);
      await page.locator('#dash').waitFor();
      assert.equal(await page.locator('#people').innerText(), '30');
      assert.equal(await page.locator('#zero-count').innerText(), '6');
      assert.deepEqual(await page.locator('#at-zero tbody th').allInnerTexts(), ['dev05', 'dev10', 'dev15', 'dev20', 'dev25', 'dev30'].map((d) => `${d}@example.com`));
      // Names appear only on the roster: no other table or text holds an email.
      const elsewhere = await page.evaluate(() => Array.from(document.querySelectorAll('#app table:not(#at-zero), #app p, #app h2, #app h3')).map((e) => e.textContent ?? '').filter((t) => t.includes('@')));
      assert.deepEqual(elsewhere, []);
      assert.deepEqual(await page.locator('#tier-table tbody th').allInnerTexts(), view.summary!.tierDistribution.map((t) => t.tier));
      assert.equal(await page.locator('#withheld').isHidden(), true);
      assert.ok((await page.locator('#model-mix tbody tr').count()) >= 2);
      assert.equal(await page.locator('#connect-box').isHidden(), true);
      // Both charts drew something.
      const drawn = [await drawnPixels(page, 'tiers-chart'), await drawnPixels(page, 'daily-chart')];
      assert.ok(drawn.every((n) => n > 500), `charts drawn: ${drawn}`);
      assert.deepEqual(await layoutProblems(page), []);
      assert.deepEqual(await page.csp(), []);
      assert.deepEqual(page.errors, []);
      await page.screenshot({ path: path.join(OUT, `team-view-${theme}-${width}.png`), fullPage: true });
      await page.close();
    });
  }
}

test('team view: not connected offers Connect; fewer than 5 people withholds the mixes; a failed fetch shows the last data with the problem', async () => {
  const page = await open('team', 'dark-modern', 800, '--vscode-editor-background');
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'team', view: { provider: null, fresh: '', problem: null, fetching: false, summary: null, backend: null, backendUrl: null } } satisfies TeamHostMessage);
  await page.locator('#connect-box').waitFor();
  await page.locator('#connect').click();
  assert.ok((await page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted)).some((m) => m.type === 'connect'));
  const rows = ['a', 'b', 'c', 'd'].map((n) => ({ provider: 'anthropic-claude-code' as const, date: TODAY, actor: { email: `${n}@example.com` }, agent: 'claude-code', model: 'claude-sonnet-4-5', input: 5_000_000, output: 0, cacheRead: 0, cacheWrite: 0 }));
  const summary = orgTeamSummary(rows, { aliases: {}, roster: [] }, { name: 'x', windowDays: 7, tierThresholds: {}, countedKinds: ['input', 'output', 'cacheRead', 'cacheWrite'] }, NOW, NOW);
  const view: TeamView = { provider: 'Anthropic — Claude Code Analytics', fresh: 'Fetched on 2026-11-18.', problem: 'The provider could not be reached (offline, proxy or firewall).', fetching: false, summary, backend: null, backendUrl: null };
  await page.evaluate((m) => window.postMessage(m, '*'), { type: 'team', view } satisfies TeamHostMessage);
  await page.locator('#dash').waitFor();
  assert.match(await page.locator('#withheld').innerText(), /fewer than 5 people/);
  assert.equal(await page.locator('#agents').isHidden(), true);
  assert.equal(await page.locator('#models').isHidden(), true);
  assert.match(await page.locator('#problem').innerText(), /could not be reached/);
  assert.equal(await page.locator('#fresh').innerText(), 'Fetched on 2026-11-18.');
  assert.deepEqual(await layoutProblems(page), []);
  await page.screenshot({ path: path.join(OUT, 'team-view-withheld-offline-dark-modern-800.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await page.close();
});

const PANEL_CASES = [...(['dark-modern', 'light-modern', 'hc-dark', 'hc-light'] as const).map((theme) => ({ theme, width: 300 })), { theme: 'dark-modern' as const, width: 250 }, { theme: 'dark-modern' as const, width: 520 }];
for (const { theme, width } of PANEL_CASES) {
  test(`panel: org-confirmed beside local per UTC day and agent, the difference explained (${theme}, ${width} px)`, async () => {
    const page = await open('panel', theme, width, '--vscode-sideBar-background');
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'snapshot', snapshot: expertSnapshot(), status: { state: 'ready' } });
    const usage: OrgUsageView = {
      provider: 'Anthropic — Claude Code Analytics',
      fresh: 'Fetched 3 min ago.',
      problem: null,
      days: [
        { date: '2026-11-20', agent: 'claude-code', org: 14_200_000, local: 9_800_000 },
        { date: '2026-11-20', agent: 'other', org: 0, local: 2_100_000 },
        { date: '2026-11-19', agent: 'claude-code', org: 11_000_000, local: 11_000_000 },
      ],
      orgTier: { tier: 'Expert', meanPerDay: 12_600_000 },
      tierSource: 'local',
    };
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'orgUsage', usage });
    await page.locator('#org-usage').waitFor();
    assert.deepEqual(await page.locator('#org-usage-days tbody tr').allInnerTexts(), ['11-20\tClaude Code\t14.2M\t9.8M', '11-20\tOthers\t0\t2.1M', '11-19\tClaude Code\t11.0M\t11.0M']);
    assert.match(await page.locator('#org-usage-why').innerText(), /org counts include your other machines and the web; local logs include agents the org API doesn’t cover/);
    assert.match(await page.locator('#org-usage-summary').innerText(), /By the org’s count you are Expert at 12.6M tokens\/day; your tier above comes from this machine’s logs/);
    await page.locator('#org-usage').scrollIntoViewIfNeeded();
    assert.deepEqual(await layoutProblems(page), []);
    const fit = await page.locator('#org-usage').evaluate((e) => ({ table: e.querySelector('table')!.getBoundingClientRect().right, section: e.getBoundingClientRect().right }));
    assert.ok(fit.table <= fit.section + 0.5, `the table fits its section: ${JSON.stringify(fit)}`);
    await page.locator('#org-usage').screenshot({ path: path.join(OUT, `panel-org-usage-${theme}-${width}.png`) });
    // No identity set: the section asks for it (and opens the setting).
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'orgUsage', usage: { ...usage, days: null, orgTier: null } });
    await page.locator('#org-usage-summary a').click();
    assert.ok((await page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted)).some((m) => m.type === 'openOrgIdentities'));
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'orgUsage', usage: null });
    await page.locator('#org-usage').waitFor({ state: 'hidden' });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('team view for someone who reports to a team backend: what it confirms, its dashboard; with neither a backend nor an org API it says which it needs', async () => {
  const page = await open('team', 'light-modern', 800, '--vscode-editor-background');
  const post = (view: TeamView) => page.evaluate((m) => window.postMessage(m, '*'), { type: 'team', view } satisfies TeamHostMessage);
  const none: TeamView = { provider: null, fresh: '', problem: null, fetching: false, summary: null, backend: null, backendUrl: null };
  await post(none);
  await page.locator('#connect-box').waitFor();
  assert.match(await page.locator('#connect-why').innerText(), /needs one of two things: team reporting to your team’s backend, or an org usage API/);
  await page.locator('#share').click();
  const posted = () => page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.map((m) => m.type));
  assert.equal((await posted()).at(-1), 'share');
  await post({
    ...none,
    backendUrl: 'https://tokens.example.com',
    backend: { confirmed: { teamName: 'Platform', tier: 'Expert', meanPerDay: 8_600_000, windowDays: 7, percentile: null, devices: 2, days: [{ date: '2026-11-20', org: 9_100_000, local: 7_950_000 }], adminView: 'What your admins see about you: Ana: Expert.' }, sync: 'Team: synced 2 min ago', state: 'ok' },
  });
  await page.locator('#backend').waitFor();
  assert.equal(await page.locator('#connect-box').isHidden(), true, 'reporting is enough: no "connect" banner');
  assert.equal(await page.locator('#backend-summary').innerText(), 'Platform: Expert at 8.6M tokens/day over 7 days, 2 devices.');
  assert.deepEqual(await page.locator('#backend-days tbody tr').allInnerTexts(), ['2026-11-20\t9.1M\t8.0M']);
  await page.locator('#open-dashboard').click();
  assert.equal((await posted()).at(-1), 'openDashboard');
  assert.deepEqual(await page.csp(), []);
  await page.screenshot({ path: path.join(OUT, 'team-view-backend-light-modern.png'), fullPage: true });
  await page.close();
});
