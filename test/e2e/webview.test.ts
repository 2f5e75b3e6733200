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

/** The panel at `width` px (VS Code's default sidebar is 300 px) in a real theme's variables. */
async function openPanel(theme: ThemeName, savedState?: unknown, width = 300): Promise<Page> {
  return openWebview(context, `${server.origin}/panel.html`, { theme, width, height: 1400, background: '--vscode-sideBar-background', savedState });
}

async function send(page: Page | Frame, msg: HostMessage | unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), msg as object);
}

for (const theme of THEME_NAMES) {
  test(`an Expert snapshot renders every section (${theme}, 300 px)`, async () => {
    const page = await openPanel(theme);
    const s = expertSnapshot();
    assert.equal(await drawnPixels(page, 'daily-chart'), 0, 'nothing drawn before data');
    await send(page, { type: 'snapshot', snapshot: s, status: { state: 'ready' } });
    await page.locator('#tier-name', { hasText: s.tiers[s.standing.tierIndex]!.name }).waitFor();
    assert.equal(await page.locator('#tier-name').innerText(), 'Expert');
    assert.match(await page.locator('#tier-figures').innerText(), /^[\d.]+M tokens\/day over 7 days · [\d.]+M tokens today$/);
    assert.match(await page.locator('#progress-text').innerText(), /^Architect needs 20M tokens\/day on average; you average [\d.]+M\. [\d.]+M\/day more for 7 days \([\d.]+M in total\) would get you there\.$/);
    assert.equal(await page.locator('#progress').getAttribute('aria-valuenow'), String(Math.round(s.standing.fraction * 100)));
    assert.ok((await drawnPixels(page, 'daily-chart')) > 2000, 'the chart drew bars and tier lines');
    // Each tier line at its own threshold (they once stacked: Architect's 20M drawn at 5M + 20M).
    const lines = JSON.parse((await page.locator('#daily-chart').getAttribute('data-tier-lines'))!) as Array<{ label: string; value: number; drawnAt: number }>;
    assert.deepEqual(lines.map((l) => l.label), ['Expert 5M/day', 'Architect 20M/day']);
    for (const l of lines) assert.ok(Math.abs(l.drawnAt - l.value) / l.value < 0.02, `${l.label} drawn at ${l.drawnAt}`);
    assert.equal(await page.locator('#heatmap td.cell').count(), 168);
    assert.ok((await page.locator('#heatmap td.cell:not(.zero)').count()) > 100);
    assert.match(await page.locator('#smoothness').innerText(), /^Smoothness 0\.\d\d: agents ran in \d+ of the week’s 168 hours/);
    assert.equal(await page.locator('#breakdown-h').innerText(), 'Breakdown, last 7 days');
    assert.deepEqual(await page.locator('#by-agent .name').allInnerTexts(), ['Claude Code', 'Codex']);
    assert.deepEqual(await page.locator('#by-model .name').allInnerTexts(), ['claude-sonnet-4-5-20250929', 'gpt-5.1-codex']);
    assert.deepEqual(await page.locator('#by-model .sub').allInnerTexts(), ['Claude Code', 'Codex']);
    // Value beside volume: the window's list-price estimate, labelled, and each row's share of it.
    const usd = (n: number) => `$${(n / 1e6).toFixed(2)}`;
    assert.equal(await page.locator('#cost').innerText(), `Est. cost ${usd(s.value.costMicros)} for 7 days (${usd(s.value.costMicros / 7)}/day) · today ${usd(s.value.todayCostMicros)} — list-price estimate; subscriptions differ.`);
    assert.deepEqual(await page.locator('#by-agent .kinds').evaluateAll((els) => els.map((e) => /est\. \$[\d.,]+$/.test(e.textContent ?? ''))), [true, true]);
    // Names that fit are shown whole, not cut with an ellipsis.
    assert.deepEqual(await page.locator('#by-model .name').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).length), 0);
    assert.match(await page.locator('#sources').innerText(), /Claude Code — 100 files · last active 1 h ago\n\/home\/dev\/\.claude\/projects/);
    // Said once, under the agent, in words.
    assert.match(await page.locator('#sources').innerText(), /Skipped: 2 invalid JSON/);
    assert.doesNotMatch(await page.locator('#skipped').innerText(), /Skipped/);
    assert.equal(await page.locator('#welcome').isHidden(), true);
    assert.equal(await page.locator('#daily-table tbody tr').count(), 30);
    assert.deepEqual(await layoutProblems(page), []);
    await page.screenshot({ path: path.join(OUT, `panel-expert-${theme}-300.png`), fullPage: true });
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), [], 'no CSP violations');
    assert.deepEqual((page as Page & { errors: string[] }).errors, []);
    await page.close();
  });
}

let twelve: Snapshot;
before(async () => {
  twelve = await allAgentsSnapshot();
});

for (const theme of THEME_NAMES) {
  for (const width of [250, 300, 520]) {
    test(`twelve agents stay readable (${theme}, ${width} px): a legend of five and “other”, opaque distinct colours, nothing cut`, async () => {
      const page = await openPanel(theme, { range: 7 }, width);
      await send(page, { type: 'snapshot', snapshot: twelve, status: { state: 'ready' } });
      await page.locator('#by-agent li').nth(twelve.byAgent.length - 1).waitFor();
      // Biggest share first, every agent once, with its exact window total.
      const names = await page.locator('#by-agent .name').allInnerTexts();
      assert.deepEqual(names, twelve.byAgent.map((r) => AGENT_LABELS[r.agent]));
      assert.equal(names.length, twelve.byAgent.length);
      assert.deepEqual(await page.locator('#by-agent .total').evaluateAll((els) => els.map((e) => e.getAttribute('title'))), twelve.byAgent.map((r) => `${r.total.toLocaleString('en-US')} tokens`));
      assert.ok(twelve.byAgent.every((r, i) => i === 0 || twelve.byAgent[i - 1]!.total >= r.total), 'biggest first');
      // Colours: opaque, twelve different ones, each readable on the sidebar (3:1).
      const swatches = await page.locator('#by-agent .swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
      const bg = parseColor(THEMES[theme].vars['--vscode-sideBar-background']!)!;
      for (const c of swatches) {
        const rgba = parseColor(c)!;
        assert.equal(rgba.a, 1, `${c} is opaque`);
        assert.ok(contrast(rgba, bg) >= 3, `${c} reads on ${THEMES[theme].vars['--vscode-sideBar-background']}`);
      }
      assert.equal(new Set(swatches).size, twelve.byAgent.length, swatches.join(' '));
      // The chart's legend: the five biggest by name, the other seven as one entry.
      const legend = await page.locator('#daily-chart').getAttribute('data-series');
      assert.equal(legend, [...twelve.byAgent.slice(0, 5).map((r) => AGENT_LABELS[r.agent]), `${twelve.byAgent.length - 5} other agents`].join('|'));
      // A threshold far above a small user’s bars does not flatten them: its legend entry points up (↑).
      const lines = JSON.parse((await page.locator('#daily-chart').getAttribute('data-tier-lines'))!) as Array<{ label: string; value: number; drawnAt: number | null }>;
      assert.deepEqual(lines.map((l) => l.label), ['Intermediate 1M/day ↑'], 'a Beginner at ~40K/day: the 1M line is off the chart, named with an arrow');
      assert.ok((await drawnPixels(page, 'daily-chart')) > 1500);
      assert.deepEqual(await layoutProblems(page), []);
      await page.screenshot({ path: path.join(OUT, `panel-12-agents-${theme}-${width}.png`), fullPage: true });
      assert.deepEqual((page as Page & { errors: string[] }).errors, []);
      await page.close();
    });
  }
}

test('the range toggle redraws 7/30/90 days and is remembered across hide/show', async () => {
  const page = await openPanel('dark-modern');
  await send(page, { type: 'snapshot', snapshot: expertSnapshot(), status: { state: 'ready' } });
  assert.equal(await page.locator('#daily-table tbody tr').count(), 30);
  await page.locator('vscode-radio[value="7"]').click();
  await page.waitForFunction(() => document.querySelectorAll('#daily-table tbody tr').length === 7);
  const saved = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  await page.close();
  // VS Code recreates a hidden view with its saved state: it renders at once, before any host message.
  const again = await openPanel('dark-modern', saved);
  assert.equal(await again.locator('#tier-name').innerText(), 'Expert');
  assert.equal(await again.locator('#daily-table tbody tr').count(), 7);
  assert.equal(await again.locator('vscode-radio[value="7"]').getAttribute('checked'), '');
  assert.ok((await drawnPixels(again, 'daily-chart')) > 1000);
  await again.close();
});

for (const theme of THEME_NAMES) {
  test(`an empty machine says so first: where it looked, a folder picker and a demo (${theme}, 300 px)`, async () => {
    const page = await openPanel(theme);
    await send(page, { type: 'snapshot', snapshot: emptySnapshot(), status: { state: 'ready' } });
    await page.locator('#tier-name', { hasText: 'Not started' }).waitFor();
    const welcome = page.locator('#welcome');
    assert.equal(await welcome.isVisible(), true);
    // In the first screenful, right under the tier card.
    const box = (await welcome.boundingBox())!;
    assert.ok(box.y + box.height < 600, `welcome ends at ${box.y + box.height} px`);
    const text = await welcome.innerText();
    assert.match(text, /No AI coding agent logs on this machine yet/);
    assert.match(text, /Looked for 2 agents in 2 folders/);
    assert.match(text, /\/home\/dev\/\.codex\/sessions/);
    // No chart of nothing, no thresholds of 1/day, no "Smoothness 0.00": those sections wait for data.
    for (const id of ['#daily-chart', '#heatmap', '#smoothness', '#progress', '#by-agent']) assert.equal(await page.locator(id).isVisible(), false, id);
    assert.doesNotMatch(await page.locator('#app').innerText(), /1\/day|Smoothness 0\.00|streak 0/);
    await page.locator('#add-folder').click();
    await page.locator('#show-demo').click();
    const posted = await page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted);
    assert.deepEqual(posted.map((m) => m.type), ['ready', 'addFolder', 'showDemo']);
    assert.deepEqual(await layoutProblems(page), []);
    await page.screenshot({ path: path.join(OUT, `panel-empty-${theme}-300.png`), fullPage: true });
    await page.close();
  });
}

test('an empty machine with all twelve agents names every agent it looked for (dark-modern, 300 px)', async () => {
  const page = await openPanel('dark-modern');
  const full = await allAgentsSnapshot();
  const empty = emptySnapshot();
  const sources = full.scan!.sources.map((src) => ({ ...src, files: 0, rowsRead: 0, lastActivity: null, folders: src.folders.map((f) => ({ ...f, found: false })) }));
  await send(page, { type: 'snapshot', snapshot: { ...empty, scan: { ...empty.scan!, sources } }, status: { state: 'ready' } });
  const welcome = page.locator('#welcome');
  await welcome.waitFor();
  const text = await welcome.innerText();
  for (const src of sources) assert.ok(text.includes(AGENT_LABELS[src.agent]), `${AGENT_LABELS[src.agent]} named`);
  assert.equal(await page.locator('#sources li.missing').count(), 0, 'no second "Not found" list');
  assert.equal(await page.locator('#add-folder-link').isVisible(), false, 'one Add a folder, not two');
  assert.deepEqual(await layoutProblems(page), []);
  await page.screenshot({ path: path.join(OUT, 'panel-empty-12-agents-dark-modern-300.png'), fullPage: true });
  await page.close();
});

for (const theme of ['dark-modern', 'light-modern'] as const) {
  test(`Beginner, Expert and AI God each get their own card: where they are, what the next tier does, steps from their data (${theme})`, async () => {
    const cards: string[] = [];
    for (const [name, snap] of [['beginner', beginnerSnapshot()], ['expert', expertSnapshot()], ['ai-god', aiGodSnapshot()]] as const) {
      const page = await openPanel(theme);
      await send(page, { type: 'snapshot', snapshot: snap, status: { state: 'ready' } });
      await page.locator('#coach-here').waitFor();
      const coach = page.locator('#coach');
      const text = await coach.innerText();
      cards.push(text);
      const tier = snap.tiers[snap.standing.tierIndex]!.name;
      assert.match(text, new RegExp(`You are here — ${tier}\\.`));
      const steps = await page.locator('#steps > li').count();
      assert.ok(steps >= 1 && steps <= 3, `${name}: ${steps} steps`);
      assert.match(await page.locator('#steps').innerText(), /Why: /);
      assert.match(await page.locator('#recap').innerText(), /^This week vs last: [\d.]+[KMB]? tokens\/day/);
      assert.doesNotMatch(text, /spend more|more tokens/i);
      if (name === 'beginner') {
        assert.match(text, /Next — what Intermediates do differently:/);
        assert.match(text, /3 of 7 days had no agent work/);
        assert.equal(await page.locator('#steps a[href="https://code.claude.com/docs/en/headless"]').count(), 1, 'Claude Code’s own docs, the agent this user has');
      }
      if (name === 'ai-god') assert.equal(await page.locator('#coach-next').isHidden(), true, 'no tier above');
      assert.deepEqual(await layoutProblems(page), []);
      const card = await page.locator('.card').boundingBox();
      const end = await coach.boundingBox();
      await page.screenshot({ path: path.join(OUT, `coach-${name}-${theme}-300.png`), clip: { x: 0, y: card!.y, width: 300, height: end!.y + end!.height - card!.y + 8 } });
      await page.close();
    }
    assert.equal(new Set(cards).size, 3);
  });
}

test('the progress shows the last tier change and its date', async () => {
  const page = await openPanel('dark-modern');
  await send(page, { type: 'snapshot', snapshot: { ...expertSnapshot(), lastTierChange: { from: 'Intermediate', to: 'Expert', at: Date.parse('2026-11-20T09:00:00Z') } }, status: { state: 'ready' } });
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
  assert.match(await banner.innerText(), /Demo data[^]*not yours[^]*never saved or reported/i);
  assert.equal(await page.locator('#welcome').isVisible(), false);
  await page.locator('#exit-demo').click();
  const posted = await page.evaluate(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted);
  assert.equal(posted.at(-1)!.type, 'exitDemo');
  await page.screenshot({ path: path.join(OUT, 'panel-demo-dark-modern-300.png'), fullPage: true });
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
  test(`the team section: org-confirmed days beside this machine's, then a rejected token in plain sight (${theme}, 300 px)`, async () => {
    const page = await openPanel(theme);
    await send(page, { type: 'snapshot', snapshot: expertSnapshot(), status: { state: 'ready' } });
    assert.equal(await page.locator('#org').isHidden(), true, 'no team section while reporting is off');
    await send(page, { type: 'org', org: confirmedOrg });
    await page.locator('#org-summary', { hasText: 'Platform team' }).waitFor();
    assert.equal(await page.locator('#org-summary').innerText(), 'Platform team: Expert at 8.6M tokens/day over 7 days, 2 devices · above 62% of the team. The team\'s thresholds decide your tier.');
    assert.deepEqual(await page.locator('#org-days tbody th').allInnerTexts(), ['2026-11-20', '2026-11-19', '2026-11-18', '2026-11-17', '2026-11-16', '2026-11-15', '2026-11-14']);
    assert.equal(await page.locator('#org-sync').evaluate((e) => e.classList.contains('problem')), false);
    assert.match(await page.locator('#org-admin-view').innerText(), /^What your admins see about you: Ana \(team Platform\): Expert/);
    await page.locator('#org').scrollIntoViewIfNeeded();
    assert.deepEqual(await layoutProblems(page), []);
    await page.locator('#org').screenshot({ path: path.join(OUT, `panel-team-${theme}-300.png`) });
    // A first token the backend refuses: no /me yet, but the panel says so, marked as a problem.
    const rejected: OrgView = { confirmed: null, sync: 'Team: token rejected — set a new one (Token Tier: Set Team Token…), 3 days queued', state: 'problem' };
    await send(page, { type: 'org', org: rejected });
    await page.locator('#org-sync', { hasText: 'token rejected' }).waitFor();
    assert.equal(await page.locator('#org-days').isHidden(), true);
    assert.match(await page.locator('#org-summary').innerText(), /has not confirmed your numbers yet/);
    const red = await page.locator('#org-sync').evaluate((e) => getComputedStyle(e).color);
    assert.equal(parseColor(red)!.r, parseColor(THEMES[theme].vars['--vscode-errorForeground']!)!.r, 'shown in the error colour');
    assert.deepEqual(await layoutProblems(page), []);
    await page.locator('#org').screenshot({ path: path.join(OUT, `panel-team-rejected-${theme}-300.png`) });
    await send(page, { type: 'org', org: null });
    await page.locator('#org').waitFor({ state: 'hidden' });
    assert.deepEqual((page as Page & { errors: string[] }).errors, []);
    await page.close();
  });
}
