/**
 * Small teams without a server, in real VS Code (code-server) with no team backend running: a lead
 * connects the fake Anthropic org (30 people) through the Connect command — a rejected key first,
 * typed into the password box — opens the team view and sees the tiers and who is at zero; the
 * developer (dev01) sees the org's count beside this machine's in the panel. Then every file the
 * editor and the browser keep (settings.json, the output channel's log, globalState — IndexedDB in
 * code-server — and global storage) is searched for the key: it must be in none of them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { runWorkbenchTest } from './browser';
import { notification, palette } from './workbench';

const [baseUrl, folder, key, backendUrl, userData, shot] = process.argv.slice(2) as [string, string, string, string, string, string];

/** Connect an Org Usage API as a user does it: the command, the pick, the key typed into the password box. */
async function connect(page: Page, typed: string): Promise<void> {
  await palette(page, 'Token Tier: Connect an Org Usage API');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Claude Code Analytics' }).first().click();
  const input = page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor();
  assert.match(await page.locator('.quick-input-widget').innerText(), /This is an ADMIN key\. .*can read and change your whole organisation/);
  await page.keyboard.type(typed);
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** The webview frame (of the two nested iframes) whose document has `selector`. */
async function frameWith(page: Page, selector: string, timeout = 60_000): Promise<Frame> {
  for (const t0 = Date.now(); Date.now() - t0 < timeout; await page.waitForTimeout(250)) {
    for (const f of page.frames()) if (await f.locator(selector).count().catch(() => 0)) return f;
  }
  throw new Error(`no webview frame with ${selector}`);
}

/** Every file under `dir` that holds `needle` in UTF-8, UTF-16LE or UTF-16BE (IndexedDB keys are UTF-16BE). */
function filesHolding(dir: string, needle: string): string[] {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le'), Buffer.from(needle, 'utf16le').swap16()];
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.statSync(p).size < 200 * 1024 * 1024) {
        const bytes = fs.readFileSync(p);
        if (forms.some((f) => bytes.includes(f))) hits.push(path.relative(dir, p));
      }
    }
  };
  walk(dir);
  return hits;
}

/**
 * Which of `needles` each of the workbench's IndexedDB databases holds, read through the page (in
 * code-server the workbench's storage, globalState included, is IndexedDB; Chromium may compress
 * its values on disk, so a file search alone could miss them).
 */
async function indexedDbHolding(page: Page, needles: string[]): Promise<Record<string, string[]>> {
  // A string, not a function: the TypeScript loader's helpers do not exist in the page.
  return page.evaluate(`(async (needles) => {
    const text = (v) => (typeof v === 'string' ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : JSON.stringify(v) ?? '');
    const req = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const out = {};
    for (const info of await indexedDB.databases()) {
      const db = await req(indexedDB.open(info.name));
      let all = '';
      for (const store of Array.from(db.objectStoreNames)) {
        const keys = await req(db.transaction(store).objectStore(store).getAllKeys());
        const values = await req(db.transaction(store).objectStore(store).getAll());
        all += keys.map(text).join('\\n') + values.map(text).join('\\n');
      }
      db.close();
      out[info.name] = needles.filter((n) => all.includes(n));
    }
    return out;
  })(${JSON.stringify(needles)})`);
}

runWorkbenchTest(baseUrl, folder, shot, async (page, lap, profile) => {
  const backendUp = await fetch(`${backendUrl}/healthz`).then(() => true, () => false);
  assert.equal(backendUp, false, 'no team backend is running');
  // A key the org does not know: its own message, and nothing kept.
  await connect(page, 'sk-ant-admin-not-this-one');
  lap(`refused: ${await notification(page, /could not connect .*rejected the key/)}`);
  await palette(page, 'Notifications: Clear All Notifications');
  await connect(page, key);
  lap(await notification(page, /Claude Code Analytics connected/, 60_000));
  await palette(page, 'Token Tier: Show Team View');
  const team = await frameWith(page, '#people');
  await team.locator('#people', { hasText: '30' }).waitFor({ timeout: 60_000 });
  assert.equal(await team.locator('#zero-count').innerText(), '6');
  assert.deepEqual(await team.locator('#at-zero tbody th').allInnerTexts(), ['dev05', 'dev10', 'dev15', 'dev20', 'dev25', 'dev30'].map((d) => `${d}@example.com`));
  const tiers = await team.locator('#tier-table tbody tr').allInnerTexts();
  assert.equal(tiers.reduce((n, r) => n + Number(r.split('\t')[1]), 0), 30, `every person in a tier: ${tiers.join(' | ')}`);
  lap(`team view: ${tiers.join(' | ').replace(/\t/g, ' ')}`);
  await page.screenshot({ path: shot });
  // The developer's side: the panel's org-confirmed rows beside this machine's.
  await page.locator('.activitybar [aria-label="Token Tier"]').first().click();
  const panel = await frameWith(page, '#org-usage-days tbody tr');
  const rows = await panel.locator('#org-usage-days tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => /\tClaude Code\t[\d.]+[KMB]?\t/.test(r) && !/\tClaude Code\t0\t/.test(r)), `org-confirmed Claude Code rows: ${rows.join(' | ')}`);
  assert.match(await panel.locator('#org-usage-why').innerText(), /org counts include your other machines and the web/);
  lap(`panel: ${rows.length} rows of org beside local`);
  await panel.locator('#org-usage').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot.replace(/\.png$/, '-panel.png') });
  // Let the workbench write its storage (it flushes on a short delay), then search everything kept.
  await page.waitForTimeout(2000);
  const log = filesHolding(userData, '[orgApi] connected to anthropic-claude-code');
  assert.ok(log.some((f) => f.endsWith('Token Tier.log')), `the output channel's log is where we look: ${log}`);
  assert.ok(filesHolding(userData, 'tokenTier.org.baseUrl').some((f) => f.endsWith('settings.json')), 'settings.json is where we look');
  const idb = await indexedDbHolding(page, ['tokenTier.orgConnection', key]);
  assert.ok(Object.values(idb).some((found) => found.includes('tokenTier.orgConnection')), `globalState is where we look: ${JSON.stringify(idb)}`);
  assert.ok(Object.values(idb).every((found) => !found.includes(key)), `the key is in no IndexedDB database (globalState): ${JSON.stringify(idb)}`);
  assert.ok(filesHolding(userData, 'orgUsage.json').length + fs.readdirSync(userData, { recursive: true }).filter((f) => String(f).endsWith('orgUsage.json')).length > 0, 'the cache in global storage is where we look');
  assert.deepEqual(filesHolding(userData, key), [], 'the key is in no file of the editor (settings, logs, global storage, state)');
  assert.deepEqual(filesHolding(profile, key), [], 'the key is in no file of the browser (globalState, local storage)');
  lap('the key is nowhere but SecretStorage');
});
