import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { panelHtml } from '../../src/ui/html';
import type { HostMessage, OrgView } from '../../src/shared/protocol';
import { aiGodSnapshot, allAgentsSnapshot, beginnerSnapshot, emptySnapshot, expertSnapshot } from '../fixtures/snapshots';
import type { Snapshot } from '../../src/shared/snapshot';
import { AGENT_LABELS } from '../../src/shared/tokens';
import { axeViolations } from './a11y';
import { contrast, parseColor } from '../../webview/colors';
import { launch, openWebview, serve } from './browser';
import { drawnPixels, layoutProblems } from './layout';
import { THEMES, THEME_NAMES } from './themes';
import type { ThemeName } from './themes';

/**
 * The built panel (dist/webview.js + .css) in headless Chromium, under the real CSP from
 * src/ui/html.ts, fed through the real message protocol. VS Code's side is played by an init
 * script: `acquireVsCodeApi`, the theme variables and a record of CSP violations.
 */
const DIST = path.resolve('dist');
const OUT = path.resolve('test-results');
let context: BrowserContext;
let closeBrowser: () => Promise<void>;
let server: Awaited<ReturnType<typeof serve>>;

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  server = await serve((url) => {
    if (url === '/panel.html') {
      return { type: 'text/html', body: panelHtml({ cspSource: server.origin, nonce: 'test-nonce-123', scriptUri: `${server.origin}/dist/webview.js`, styleUri: `${server.origin}/dist/webview.css` }) };
    }
    const m = /^\/dist\/(webview\.(js|css))$/.exec(url);
    if (m) return { type: m[2] === 'js' ? 'text/javascript' : 'text/css', body: fs.readFileSync(path.join(DIST, m[1]!)) };
    return undefined;
  });
  ({ context, close: closeBrowser } = await launch());
});

after(async () => {
  await closeBrowser?.();
  await server?.close();
});

/**
 * The panel's own viewport in VS Code's default layout: a 300 px sidebar in a 1280×800 window,
 * where the panel shares the side bar with the Breakdown view and Sources' header (the E2E in
 * code-server measures the real one: ~470 px).
 */
const FIRST_SCREEN = 440;

/** The panel at `width` px (VS Code's default sidebar is 300 px) in a real theme's variables. */
async function openPanel(theme: ThemeName, savedState?: unknown, width = 300, height = FIRST_SCREEN): Promise<Page> {
  return openWebview(context, `${server.origin}/panel.html`, { theme, width, height, background: '--vscode-sideBar-background', savedState });
}

/** Where the glance's parts end, in the panel's own viewport. */
async function glance(page: Page): Promise<{ fold: number; tier: number; progress: number; gap: number; curve: number; height: number }> {
  return page.evaluate(`(() => {
    const bottom = (id) => document.getElementById(id).getBoundingClientRect().bottom;
    return { fold: window.innerHeight, tier: bottom('tier-name'), progress: bottom('progress'), gap: bottom('progress-line'), curve: bottom('daily-chart'), height: document.documentElement.scrollHeight };
  })()`);
}

/** How many lines an element's text takes (the distinct tops of its text's line boxes). */
function lines(page: Page, id: string): Promise<number> {
  return page.evaluate(`(() => {
    const r = document.createRange();
    r.selectNodeContents(document.getElementById(${JSON.stringify(id)}));
    return new Set(Array.from(r.getClientRects()).filter((x) => x.width > 0).map((x) => Math.round(x.top))).size;
  })()`);
}

async function send(page: Page | Frame, msg: HostMessage | unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), msg as object);
}

for (const theme of THEME_NAMES) {
  test(`the first screen holds the glance: tier, today, progress with the gap, the curve with its tier lines (${theme}, 300 px)`, async () => {
    const page = await openPanel(theme);
    const s = expertSnapshot();
    assert.equal(await drawnPixels(page, 'daily-chart'), 0, 'nothing drawn before data');
    await send(page, { type: 'snapshot', snapshot: s, status: { state: 'ready' } });
    await send(page, { type: 'org', org: null });
    await page.locator('#tier-name', { hasText: s.tiers[s.standing.tierIndex]!.name }).waitFor();
    assert.equal(await page.locator('#tier-name').innerText(), 'Expert');
    assert.match(await page.locator('#today').innerText(), /^[\d.]+M today$/);
    assert.match(await page.locator('#tier-figures').innerText(), /^[\d.]+M\/day over 7 days$/);
    assert.match(await page.locator('#progress-line').innerText(), /^[\d.]+M\/day more for Architect \(20\.0M\)$/);
    assert.match((await page.locator('#progress-line').getAttribute('title'))!, /^Architect needs 20\.0M tokens\/day on average/, 'the whole sentence is one hover away');
    assert.equal(await page.locator('#progress').getAttribute('aria-valuenow'), String(Math.round(s.standing.fraction * 100)));
    assert.equal(await page.locator('#team-action').innerText(), 'Share with your team…');
    assert.ok((await drawnPixels(page, 'daily-chart')) > 2000, 'the chart drew bars and tier lines');
    // Each tier line at its own threshold (they once stacked: Architect's 20M drawn at 5M + 20M).
    const tierLines = JSON.parse((await page.locator('#daily-chart').getAttribute('data-tier-lines'))!) as Array<{ label: string; value: number; drawnAt: number }>;
    assert.deepEqual(tierLines.map((l) => l.label), ['Expert 5.0M/day', 'Architect 20.0M/day']);
    for (const l of tierLines) assert.ok(Math.abs(l.drawnAt - l.value) / l.value < 0.02, `${l.label} drawn at ${l.drawnAt}`);
    // All of it above the fold; nothing in the first screen wraps past two lines.
    const g = await glance(page);
    assert.ok(g.tier <= g.fold && g.progress <= g.fold && g.curve <= g.fold, `the glance is in the first screen: ${JSON.stringify(g)}`);
    for (const id of ['tier-figures', 'progress-line', 'team-line', 'chart-summary']) assert.ok((await lines(page, id)) <= 2, `${id} takes ${await lines(page, id)} lines`);
    // Value beside volume, in one short line with the long form in its tooltip.
    const usd = (n: number) => `$${(n / 1e6).toFixed(2)}`;
    assert.match(await page.locator('#chart-summary').innerText(), new RegExp(`^\\d+% fresh · est\\. \\${usd(s.value.costMicros)} in 7 days$`));
    assert.match((await page.locator('#chart-summary').getAttribute('title'))!, /^Fresh input and output [\d.]+[KM]\/day \(\d+%\) · cache reads/);
    // Below the fold: one suggestion, the heatmap, the table behind the curve.
    assert.equal(await page.locator('#heatmap td.cell').count(), 168);
    assert.ok((await page.locator('#heatmap td.cell:not(.zero)').count()) > 100);
    assert.match(await page.locator('#smoothness').innerText(), /^Smoothness 0\.\d\d: agents ran in \d+ of the week’s 168 hours/);
    assert.equal(await page.locator('#daily-table tbody tr').count(), 30);
    // Breakdown and Sources are native views now: not drawn here.
    for (const id of ['#by-agent', '#by-model', '#sources', '#welcome']) assert.equal(await page.locator(id).count(), 0, id);
    assert.deepEqual(await layoutProblems(page), []);
    assert.deepEqual(await axeViolations(page), [], 'no serious accessibility violation');
    await page.screenshot({ path: path.join(OUT, `panel-first-screen-${theme}-300.png`) });
    await page.setViewportSize({ width: 300, height: g.height });
    await page.screenshot({ path: path.join(OUT, `panel-expert-${theme}-300.png`), fullPage: true });
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), [], 'no CSP violations');
    assert.deepEqual((page as Page & { errors: string[] }).errors, []);
    await page.close();
  });
}

let nineteen: Snapshot;
before(async () => {
  nineteen = await allAgentsSnapshot();
});

for (const theme of THEME_NAMES) {
  for (const width of [250, 300, 520]) {
    test(`nineteen agents stay readable (${theme}, ${width} px): a short legend and “other”, opaque distinct colours, the glance still in view`, async () => {
      const page = await openPanel(theme, { range: 7 }, width);
      await send(page, { type: 'snapshot', snapshot: nineteen, status: { state: 'ready' } });
      await page.locator('#daily-chart[data-series]').waitFor({ state: 'attached' });
      const byAgent = [...nineteen.byAgent].sort((a, b) => b.total - a.total);
      // The chart's legend: the biggest by name (three in a sidebar, five wider), the others as one entry.
      const named = width < 400 ? 3 : 5;
      const legend = await page.locator('#daily-chart').getAttribute('data-series');
      assert.equal(legend, [...byAgent.slice(0, named).map((r) => AGENT_LABELS[r.agent]), `${byAgent.length - named} other agents`].join('|'));
      // Colours: opaque, all different, each readable on the sidebar (3:1).
      const colours = (await page.locator('#daily-chart').getAttribute('data-colors'))!.split('|');
      const bg = parseColor(THEMES[theme].vars['--vscode-sideBar-background']!)!;
      for (const c of colours) {
        const rgba = parseColor(c)!;
        assert.equal(rgba.a, 1, `${c} is opaque`);
        assert.ok(contrast(rgba, bg) >= 3, `${c} reads on ${THEMES[theme].vars['--vscode-sideBar-background']}`);
      }
      assert.equal(new Set(colours).size, colours.length, colours.join(' '));
      // A threshold far above a small user's bars does not flatten them: its legend entry points up (↑).
      const tierLines = JSON.parse((await page.locator('#daily-chart').getAttribute('data-tier-lines'))!) as Array<{ label: string }>;
      assert.deepEqual(tierLines.map((l) => l.label), ['Intermediate 1.0M/day ↑'], 'a Beginner at ~60K/day: the 1M line is off the chart, named with an arrow');
      assert.ok((await drawnPixels(page, 'daily-chart')) > 1500);
      const g = await glance(page);
      assert.ok(g.progress <= g.fold && g.curve <= g.fold, `the glance is in the first screen: ${JSON.stringify(g)}`);
      assert.deepEqual(await layoutProblems(page), []);
      await page.screenshot({ path: path.join(OUT, `panel-19-agents-${theme}-${width}.png`) });
      assert.deepEqual((page as Page & { errors: string[] }).errors, []);
      await page.close();
    });
  }
}

test('the range switch (three toggles acting as one) redraws 7/30/90 days and is remembered across hide/show', async () => {
  const page = await openPanel('dark-modern');
  await send(page, { type: 'snapshot', snapshot: expertSnapshot(), status: { state: 'ready' } });
  assert.equal(await page.locator('#daily-table tbody tr').count(), 30);
  assert.deepEqual(await page.locator('#range vscode-toolbar-button').evaluateAll((els) => els.map((e) => e.hasAttribute('checked'))), [false, true, false]);
  await page.locator('#range vscode-toolbar-button[data-days="7"]').click();
  await page.waitForFunction(() => document.querySelectorAll('#daily-table tbody tr').length === 7);
  assert.deepEqual(await page.locator('#range vscode-toolbar-button').evaluateAll((els) => els.map((e) => e.hasAttribute('checked'))), [true, false, false]);
  // Clicking the one that is on leaves it on: a range is always chosen.
  await page.locator('#range vscode-toolbar-button[data-days="7"]').click();
  assert.deepEqual(await page.locator('#range vscode-toolbar-button').evaluateAll((els) => els.map((e) => e.hasAttribute('checked'))), [true, false, false]);
  // Keyboard: each toggle is a real button inside its element (Tab reaches it, Enter presses it).
  await page.locator('#range vscode-toolbar-button[data-days="90"]').evaluate((e) => e.shadowRoot!.querySelector('button')!.focus());
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#daily-table tbody tr').length === 90);
  const saved = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  await page.close();
  // VS Code recreates a hidden view with its saved state: it renders at once, before any host message.
  const again = await openPanel('dark-modern', saved);
  assert.equal(await again.locator('#tier-name').innerText(), 'Expert');
  assert.equal(await again.locator('#daily-table tbody tr').count(), 90);
  assert.equal(await again.locator('#range vscode-toolbar-button[data-days="90"]').getAttribute('checked'), '');
  assert.ok((await drawnPixels(again, 'daily-chart')) > 1000);
  await again.close();
});

for (const theme of THEME_NAMES) {
  test(`an empty machine draws no empty chart: the tier says not started, the native welcome view does the rest (${theme}, 300 px)`, async () => {
    const page = await openPanel(theme);
    await send(page, { type: 'snapshot', snapshot: emptySnapshot(), status: { state: 'ready' } });
    await page.locator('#tier-name', { hasText: 'Not started' }).waitFor();
    assert.equal(await page.locator('#tier-figures').innerText(), 'No agent tokens on this machine yet.');
    // No chart of nothing, no thresholds of 1/day, no "Smoothness 0.00".
    for (const id of ['#daily-chart', '#progress', '#first-step']) assert.equal(await page.locator(id).isVisible(), false, id);
    assert.doesNotMatch(await page.locator('#app').innerText(), /1\/day|1\.0\/day|streak 0/);
    assert.deepEqual(await layoutProblems(page), []);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: path.join(OUT, `panel-empty-${theme}-300.png`) });
    await page.close();
  });
}

for (const theme of ['dark-modern', 'light-modern'] as const) {
  test(`Beginner, Expert and AI God each get their own coaching: one suggestion in view, the rest one click away (${theme})`, async () => {
    const cards: string[] = [];
    for (const [name, snap] of [['beginner', beginnerSnapshot()], ['expert', expertSnapshot()], ['ai-god', aiGodSnapshot()]] as const) {
      const page = await openPanel(theme, undefined, 300, 1200);
      await send(page, { type: 'snapshot', snapshot: snap, status: { state: 'ready' } });
      await page.locator('#first-step .why').waitFor();
      assert.match(await page.locator('#first-step').innerText(), /Why: /);
      assert.equal(await page.locator('#more-steps').isVisible(), false, 'the rest waits behind the disclosure');
      await page.locator('#coach-more-label').click();
      const coach = page.locator('#coach');
      const text = await coach.innerText();
      cards.push(text);
      const tier = snap.tiers[snap.standing.tierIndex]!.name;
      assert.match(text, new RegExp(`You are here — ${tier}\\.`));
      const steps = 1 + (await page.locator('#more-steps > li').count());
      assert.ok(steps >= 1 && steps <= 3, `${name}: ${steps} steps`);
      assert.match(await page.locator('#recap').innerText(), /^This week vs last: [\d.]+[KMB]? tokens\/day/);
      assert.doesNotMatch(text, /spend more|more tokens/i);
      if (name === 'beginner') {
        assert.match(text, /Next — what Intermediates do differently:/);
        assert.match(text, /3 of 7 days had no agent work/);
        assert.equal(await page.locator('#coach a[href="https://code.claude.com/docs/en/headless"]').count(), 1, 'Claude Code’s own docs, the agent this user has');
      }
      if (name === 'ai-god') assert.equal(await page.locator('#coach-next').isHidden(), true, 'no tier above');
      assert.deepEqual(await layoutProblems(page), []);
      await coach.screenshot({ path: path.join(OUT, `coach-${name}-${theme}-300.png`) });
      await page.close();
    }
    assert.equal(new Set(cards).size, 3);
  });
}

test('the last tier change and its date are one click away', async () => {
  const page = await openPanel('dark-modern');
  await send(page, { type: 'snapshot', snapshot: { ...expertSnapshot(), lastTierChange: { from: 'Intermediate', to: 'Expert', at: Date.parse('2026-11-20T09:00:00Z') } }, status: { state: 'ready' } });
  await page.locator('#coach-more-label').click();
  await page.locator('#tier-change').waitFor();
  assert.match(await page.locator('#tier-change').innerText(), /^Reached Expert \(from Intermediate\) on .*20.*2026\.$/);
  await send(page, { type: 'snapshot', snapshot: { ...expertSnapshot(), lastTierChange: { from: 'Architect', to: 'Expert', at: Date.parse('2026-11-21T09:00:00Z') } }, status: { state: 'ready' } });
  await page.waitForFunction(() => document.getElementById('tier-change')!.textContent!.startsWith('Moved down to Expert'));
  await page.close();
});

test('demo data is labelled as such, with a way back', async () => {
  const page = await openPanel('dark-modern');
  await send(page, { type: 'snapshot', snapshot: { ...expertSnapshot(), demo: true }, status: { state: 'ready' } });
  const banner = page.locator('#demo-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Demo data[^]*generated[^]*never saved or reported/i);
  assert.equal(await page.locator('#tier-name').innerText(), 'Expert (demo)');
  await page.locator('#exit-demo').click();
  const posted = await page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted);
  assert.equal(posted.at(-1)!.type, 'exitDemo');
  await page.screenshot({ path: path.join(OUT, 'panel-demo-dark-modern-300.png') });
  await send(page, { type: 'snapshot', snapshot: expertSnapshot(), status: { state: 'ready' } });
  await page.waitForFunction(() => document.getElementById('demo-banner')!.hidden);
  await page.close();
});

for (const theme of THEME_NAMES) {
  test(`the progress bar has a visible track (${theme})`, async () => {
    const page = await openPanel(theme);
    await send(page, { type: 'snapshot', snapshot: expertSnapshot(), status: { state: 'ready' } });
    await page.locator('#tier-name', { hasText: 'Expert' }).waitFor();
    const bar = page.locator('#progress');
    assert.equal(await bar.getAttribute('role'), 'progressbar');
    const colours = await bar.evaluate((el) => {
      const track = getComputedStyle(el);
      const fill = getComputedStyle(el.querySelector('.fill')!);
      return { track: track.backgroundColor, border: track.borderTopColor, borderWidth: track.borderTopWidth, fill: fill.backgroundColor, bg: getComputedStyle(document.documentElement).backgroundColor, height: el.getBoundingClientRect().height };
    });
    const bg = parseColor(colours.bg)!;
    // A transparent track shows the background (high contrast draws its border instead).
    if (parseColor(colours.track)!.a === 0) colours.track = colours.bg;
    const trackSeen = contrast(parseColor(colours.track)!, bg) >= 1.1 || (colours.borderWidth !== '0px' && contrast(parseColor(colours.border)!, bg) >= 3);
    assert.ok(trackSeen, `track ${colours.track} / border ${colours.border} on ${colours.bg}`);
    assert.ok(contrast(parseColor(colours.fill)!, parseColor(colours.track)!) >= 1.5, `fill ${colours.fill} on track ${colours.track}`);
    assert.ok(colours.height >= 4);
    await page.close();
  });
}

test('malformed messages are ignored and an error status is shown without losing the numbers', async () => {
  const page = await openPanel('dark-modern');
  await send(page, { type: 'snapshot', snapshot: expertSnapshot(), status: { state: 'ready' } });
  await page.locator('#tier-name', { hasText: 'Expert' }).waitFor();
  await send(page, { type: 'snapshot', snapshot: { tiers: 'nope' }, status: { state: 'ready' } });
  await send(page, 'garbage');
  await send(page, { type: 'status', status: { state: 'error', message: 'Scan failed: EACCES. Showing the last good numbers.' } });
  await page.locator('#status.error').waitFor();
  assert.equal(await page.locator('#tier-name').innerText(), 'Expert');
  assert.match(await page.locator('#status').innerText(), /Scan failed: EACCES/);
  assert.deepEqual((page as Page & { errors: string[] }).errors, []);
  await page.close();
});

const confirmedOrg: OrgView = {
  confirmed: {
    teamName: 'Platform team', tier: 'Expert', meanPerDay: 8_612_345, windowDays: 7, percentile: 62, devices: 2,
    days: Array.from({ length: 7 }, (_, i) => ({ date: `2026-11-${String(14 + i).padStart(2, '0')}`, org: 9_100_000 + i * 210_000, local: 7_950_000 + i * 180_000 })),
    adminView: 'What your admins see about you: Ana (team Platform): Expert, 8.6M tokens/day; no leaderboard. Never your prompts, files, projects or per-hour detail.',
  },
  sync: 'Team: synced 2 min ago',
  state: 'ok',
};

for (const theme of ['dark-modern', 'hc-light'] as const) {
  test(`the team: a quiet way in while reporting is off, one line under the tier when on, a rejected token in plain sight (${theme}, 300 px)`, async () => {
    const page = await openPanel(theme, undefined, 300, 1400);
    await send(page, { type: 'snapshot', snapshot: expertSnapshot(), status: { state: 'ready' } });
    await send(page, { type: 'org', org: null });
    assert.equal(await page.locator('#org').isHidden(), true, 'no team section while reporting is off');
    await page.locator('#team-action').click();
    const posted = () => page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.map((m) => m.type));
    assert.equal((await posted()).at(-1), 'shareWithTeam', 'the link runs the consent flow');
    await send(page, { type: 'org', org: confirmedOrg });
    await page.locator('#team-text', { hasText: 'Platform team' }).waitFor();
    assert.equal(await page.locator('#team-line').innerText(), 'Platform team: Expert · synced 2 min ago · Team view');
    const line = (await page.locator('#team-line').boundingBox())!;
    const tier = (await page.locator('#tier-name').boundingBox())!;
    assert.ok(line.y - (tier.y + tier.height) < 80, 'right under the tier');
    await page.locator('#team-action').click();
    assert.equal((await posted()).at(-1), 'showTeamView');
    assert.equal(await page.locator('#org-summary').innerText(), 'Platform team: Expert at 8.6M tokens/day over 7 days, 2 devices · above 62% of the team. The team\'s thresholds decide your tier.');
    assert.deepEqual(await page.locator('#org-days tbody th').allInnerTexts(), ['2026-11-20', '2026-11-19', '2026-11-18', '2026-11-17', '2026-11-16', '2026-11-15', '2026-11-14']);
    assert.match(await page.locator('#org-admin-view').innerText(), /^What your admins see about you: Ana \(team Platform\): Expert/);
    assert.deepEqual(await layoutProblems(page), []);
    await page.locator('.card').screenshot({ path: path.join(OUT, `panel-team-${theme}-300.png`) });
    // A first token the backend refuses: no /me yet, but the team line says so, marked as a problem.
    const rejected: OrgView = { confirmed: null, sync: 'Team: token rejected — set a new one (Token Tier: Set Team Token…), 3 days queued', state: 'problem' };
    await send(page, { type: 'org', org: rejected });
    await page.locator('#team-text', { hasText: 'token rejected' }).waitFor();
    assert.match(await page.locator('#org-summary').innerText(), /has not confirmed your numbers yet/);
    const red = await page.locator('#team-text').evaluate((e) => getComputedStyle(e).color);
    assert.equal(parseColor(red)!.r, parseColor(THEMES[theme].vars['--vscode-errorForeground']!)!.r, 'shown in the error colour');
    assert.deepEqual(await layoutProblems(page), []);
    await page.locator('.card').screenshot({ path: path.join(OUT, `panel-team-rejected-${theme}-300.png`) });
    assert.deepEqual((page as Page & { errors: string[] }).errors, []);
    await page.close();
  });
}
