/**
 * `npm run bench:vscode [-- --idle-s 300 --reloads 5 --rounds 1 --home DIR]`: what the extension
 * costs every day in real VS Code (code-server offline, the packaged .vsix, headless Chromium):
 *  1. activation → badge from a warm cache: a window opened on a ledger a window before it left,
 *     read from VS Code's own log (it calls activate()) and the extension's (activate() returned,
 *     the first fresh answer is in the badge); also a second window opened beside a first;
 *  2. idle: the extension host's CPU time over `--idle-s` seconds with logs unchanged, the same
 *     window with and without the extension (rounds interleaved), and VS Code's file watcher;
 *  3. three windows on one user data folder: each extension host's CPU and memory, which one holds
 *     the cache's writer lease, and how many inotify watches each holds (only the writer watches logs).
 * HOME is a demo home (scripts/e2e/fixture-home.ts: nine agents, a month) unless `--home` names one
 * (the bench corpus, say). Prints figures; asserts nothing. Every window counts as focused (Playwright
 * emulates focus in each page), so each polls: the busiest case of many windows.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/browser.ts';
import { writeDemoHome } from '../src/demo/demoHome.ts';
import { cpuSeconds, inotifyWatches, processes, rssMiB, sleep, startCodeServer, threadCpu } from './codeServer.ts';
import type { CodeServer } from './codeServer.ts';

const { values } = parseArgs({
  options: {
    'idle-s': { type: 'string', default: '300' },
    reloads: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '1' },
    home: { type: 'string' },
    settle: { type: 'string', default: '30' },
    /** A .vsix to measure instead of this tree's (an older build, say). */
    vsix: { type: 'string' },
    only: { type: 'string', default: 'activation,idle,three' },
    /** Keep the scratch folder (code-server's logs) instead of removing it. */
    keep: { type: 'boolean', default: false },
  },
});
const phases = new Set(values.only.split(','));
const idleS = Number(values['idle-s']);
const settleS = Number(values.settle);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-vscode-bench-'));
const home = values.home ? path.resolve(values.home) : path.join(root, 'home');
if (!values.home) writeDemoHome(home);
const vsix = values.vsix ? path.resolve(values.vsix) : path.join(root, 'token-tier.vsix');
if (!values.vsix) execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { stdio: 'ignore' });
const workspaces = [1, 2, 3].map((i) => {
  const ws = path.join(root, `ws${i}`);
  fs.mkdirSync(ws, { recursive: true });
  fs.writeFileSync(path.join(ws, 'README.md'), `# project ${i}\n`);
  return ws;
});
const EXT_HOST = /extensionHost/;
const FILE_WATCHER = /fileWatcher/;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (cpu: number, s: number) => `${((cpu / s) * 100).toFixed(3)} %`;

const browser = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(root, 'chromium-')), { executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 800 }, args: CHROMIUM_ARGS });
const cleanup: Array<() => Promise<void>> = [];
try {
  console.log(`code-server in ${root}; HOME ${home}; ${os.cpus().length} cores; load ${load()}\n`);
  if (phases.has('activation')) await activation();
  if (phases.has('idle')) await idle();
  if (phases.has('three')) await threeWindows();
} finally {
  for (const c of cleanup.reverse()) await c();
  await browser.close();
  if (!values.keep) fs.rmSync(root, { recursive: true, force: true });
}

async function server(name: string, withExtension: boolean): Promise<CodeServer> {
  const s = await startCodeServer({ root, home, vsix: withExtension ? vsix : undefined, name });
  cleanup.push(() => s.stop());
  return s;
}

/** Opens a window on `folder` and waits for the workbench (and, with the extension, the badge). */
async function openWindow(ctx: BrowserContext, s: CodeServer, folder: string, badge: boolean): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${s.url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.statusbar').waitFor({ timeout: 90_000 });
  if (badge) await page.locator('.statusbar-item', { hasText: /· [\d.]+[KMB]? today/ }).waitFor({ timeout: 90_000 });
  return page;
}

/** Closes a window and waits until its extension host is gone (it lets go of the lease as it goes). */
async function closeWindow(page: Page, s: CodeServer): Promise<void> {
  const before = processes(s.pgid, EXT_HOST).length;
  await page.close();
  for (let i = 0; i < 300 && processes(s.pgid, EXT_HOST).length >= before; i++) await sleep(100);
}

interface Timing {
  /** VS Code's own figure (Developer: Show Running Extensions): loading the code plus the activate() call. */
  vscode: number;
  /** activate() itself, as the extension measured it. */
  activate: number;
  /** From activate() starting to the badge from the last snapshot leaving for the workbench (none on a first start). */
  badge: number | undefined;
  /** From activate() starting to the first fresh answer in the badge, as the extension measured it. */
  fresh: number;
  /** How long the scan itself took in the worker (a writer's; a reader shows another window's). */
  scan: number | undefined;
  role: string;
}

/**
 * The extension's own figures for one window (measured in its process: a log line's time stamp is
 * when the line reached the log, which a busy extension host delays): how long activate() took,
 * when the badge from the last snapshot left for the workbench, and how long after it started the
 * first fresh answer was in the badge.
 */
function logTimes(logDir: string): Omit<Timing, 'vscode'> | undefined {
  const ours = fs.readFileSync(path.join(logDir, 'token-tier.token-tier', 'Token Tier.log'), 'utf8');
  const activate = /activated in (\d+) ms/.exec(ours)?.[1];
  const fresh = /first fresh answer (\d+) ms after the ledger started \((scanned here in (\d+) ms|another window's scan)\)/.exec(ours);
  if (!activate || !fresh) return undefined;
  const badge = /badge from the last snapshot sent (\d+) ms/.exec(ours)?.[1];
  return { activate: Number(activate), badge: badge === undefined ? undefined : Number(badge), fresh: Number(fresh[1]), scan: fresh[3] === undefined ? undefined : Number(fresh[3]), role: fresh[3] === undefined ? 'reader' : 'writer' };
}

/** VS Code's activation time of the extension in this window, as Developer: Show Running Extensions shows it. */
async function vscodeActivation(page: Page): Promise<number> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Developer: Show Running Extensions');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().click();
  const time = page.locator('.monaco-list-row', { hasText: 'Token Tier' }).locator('.activation-time');
  await time.filter({ hasText: /\d+ms/ }).waitFor({ timeout: 30_000 });
  return Number(/(\d+)ms/.exec(await time.innerText())![1]);
}

function extHostLogDirs(s: CodeServer): string[] {
  const logs = path.join(s.dataDir, 'logs');
  if (!fs.existsSync(logs)) return [];
  return fs.readdirSync(logs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === 'Token Tier.log')
    .map((e) => path.dirname(e.parentPath));
}

/** Waits for the window `page` (the first whose log dir is new since `seen`) to report its first fresh answer. */
async function nextTiming(s: CodeServer, page: Page, seen: Set<string>): Promise<Timing> {
  for (let i = 0; i < 600; i++) {
    for (const dir of extHostLogDirs(s)) {
      if (seen.has(dir)) continue;
      const t = logTimes(dir);
      if (t) {
        seen.add(dir);
        return { ...t, vscode: await vscodeActivation(page) };
      }
    }
    await sleep(100);
  }
  throw new Error('no first fresh answer in 60 s');
}

async function activation(): Promise<void> {
  const s = await server('activation', true);
  const seen = new Set<string>();
  const first = await openWindow(browser, s, workspaces[0]!, true);
  const cold = await nextTiming(s, first, seen);
  await closeWindow(first, s);
  const warm: Timing[] = [];
  for (let i = 0; i < Number(values.reloads); i++) {
    const page = await openWindow(browser, s, workspaces[0]!, true);
    warm.push(await nextTiming(s, page, seen));
    await closeWindow(page, s);
  }
  // A second window beside a first: it shows what the first one scanned.
  const a = await openWindow(browser, s, workspaces[0]!, true);
  await nextTiming(s, a, seen);
  const b = await openWindow(browser, s, workspaces[1]!, true);
  const reader = await nextTiming(s, b, seen);
  await closeWindow(b, s);
  await closeWindow(a, s);
  await s.stop();
  const row = (label: string, ts: Timing[]) => {
    const ms = (f: (t: Timing) => number) => String(median(ts.map(f))).padStart(4);
    const badges = ts.flatMap((t) => (t.badge === undefined ? [] : [t.badge]));
    const badge = badges.length ? `${String(median(badges)).padStart(4)} ms (target ≤ 100 ms: ${median(badges) <= 100 ? 'met' : 'MISSED'})` : '   — (no snapshot yet)';
    console.log(`${label.padEnd(50)} activate() → badge from the last snapshot ${badge}; → fresh badge ${ms((t) => t.fresh)} ms; VS Code's activation ${ms((t) => t.vscode)} ms (activate() ${ms((t) => t.activate)} ms); loading + → badge ${ms((t) => t.vscode - t.activate + t.fresh)} ms  [${ts.map((t) => `${t.fresh}${t.role === 'reader' ? ' reader' : ` (scan ${t.scan})`}`).join(', ')}]`);
  };
  console.log(`activation → badge: from activate() starting to the badge from the last snapshot leaving for the workbench, and to the first fresh answer in the badge (both measured by the extension); VS Code's own activation time (Developer: Show Running Extensions: loading the code + the activate() call); load ${load()}`);
  row('first window, empty cache (reads every log)', [cold]);
  row(`a window on a warm cache (median of ${warm.length})`, warm);
  row('a second window beside the first (shows its scan)', [reader]);
  console.log();
}

interface Cpu {
  /** The whole process. */
  all: number;
  /** Its worker threads (in an extension host: Token Tier's scan worker, the only one). */
  workers: number;
}

/** CPU seconds of each of the group's processes matching `pattern` (and of their worker threads) over `seconds`. */
async function cpuOver(s: CodeServer, pattern: RegExp, seconds: number): Promise<Map<number, Cpu>> {
  const pids = processes(s.pgid, pattern);
  const before = new Map(pids.map((p) => [p, { all: cpuSeconds(p), workers: threadCpu(p, 'WorkerThread') }]));
  await sleep(seconds * 1000);
  return new Map(
    pids.map((p) => {
      const b = before.get(p)!;
      let workers = 0;
      for (const [tid, c] of threadCpu(p, 'WorkerThread')) workers += c - (b.workers.get(tid) ?? 0);
      return [p, { all: cpuSeconds(p) - b.all, workers }];
    }),
  );
}

interface Idle {
  host: number;
  worker: number;
  watcher: number;
  rss: number;
}

async function idleWindow(withExtension: boolean, round: number): Promise<Idle> {
  const s = await server(`idle-${withExtension ? 'with' : 'without'}-${round}`, withExtension);
  const page = await openWindow(browser, s, workspaces[0]!, withExtension);
  await sleep(settleS * 1000);
  const [host, watcher] = await Promise.all([cpuOver(s, EXT_HOST, idleS), cpuOver(s, FILE_WATCHER, idleS)]);
  const rss = [...host.keys()].reduce((n, p) => n + rssMiB(p), 0);
  await page.close();
  await s.stop();
  const sum = (m: Map<number, Cpu>, k: keyof Cpu) => [...m.values()].reduce((a, b) => a + b[k], 0);
  return { host: sum(host, 'all'), worker: sum(host, 'workers'), watcher: sum(watcher, 'all'), rss };
}

async function idle(): Promise<void> {
  const withExt: Idle[] = [];
  const without: typeof withExt = [];
  const loadBefore = load();
  for (let r = 0; r < Number(values.rounds); r++) {
    withExt.push(await idleWindow(true, r));
    without.push(await idleWindow(false, r));
  }
  const w = median(withExt.map((x) => x.host));
  const wo = median(without.map((x) => x.host));
  console.log(`idle, one window, logs unchanged: extension host CPU over ${idleS} s after ${settleS} s to settle (medians of ${withExt.length}); load ${loadBefore} → ${load()}`);
  console.log(`  with Token Tier      ${w.toFixed(2)} s CPU = ${pct(w, idleS)} of a core, of which its scan worker thread ${pct(median(withExt.map((x) => x.worker)), idleS)}; RSS ${median(withExt.map((x) => x.rss)).toFixed(0)} MiB; file watcher ${pct(median(withExt.map((x) => x.watcher)), idleS)}`);
  console.log(`  without              ${wo.toFixed(2)} s CPU = ${pct(wo, idleS)} of a core; RSS ${median(without.map((x) => x.rss)).toFixed(0)} MiB; file watcher ${pct(median(without.map((x) => x.watcher)), idleS)}`);
  console.log(`  Token Tier's own share: ${pct(w - wo, idleS)} of a core (target ≤ 0.2 %)  [with: ${withExt.map((x) => x.host.toFixed(2)).join(' ')}; without: ${without.map((x) => x.host.toFixed(2)).join(' ')}]\n`);
}

async function threeWindows(): Promise<void> {
  const loadBefore = load();
  const figures: string[] = [];
  for (const withExtension of [true, false]) {
    const s = await server(`three-${withExtension ? 'with' : 'without'}`, withExtension);
    const pages: Page[] = [];
    for (const ws of workspaces) pages.push(await openWindow(browser, s, ws, withExtension));
    await sleep(settleS * 1000);
    const cpu = await cpuOver(s, EXT_HOST, idleS);
    const lease = path.join(s.dataDir, 'User', 'globalStorage', 'token-tier.token-tier', 'ledger', 'writer.lock');
    const writer = withExtension && fs.existsSync(lease) ? (JSON.parse(fs.readFileSync(lease, 'utf8')) as { pid: number }).pid : undefined;
    let total = 0;
    let rss = 0;
    for (const [pid, c] of cpu) {
      total += c.all;
      rss += rssMiB(pid);
      const role = writer === undefined ? '' : pid === writer ? ' (holds the writer lease)' : '';
      const worker = withExtension ? ` (its scan worker ${pct(c.workers, idleS)})` : '';
      figures.push(`  ${withExtension ? 'with' : 'without'} Token Tier, extension host ${pid}${role}: ${pct(c.all, idleS)} of a core${worker}, RSS ${rssMiB(pid).toFixed(0)} MiB, ${inotifyWatches(pid)} inotify watches`);
    }
    figures.push(`  ${withExtension ? 'with' : 'without'} Token Tier, all three: ${pct(total, idleS)} of a core, RSS ${rss.toFixed(0)} MiB`);
    for (const p of pages) await p.close();
    await s.stop();
  }
  console.log(`three windows on one user data folder, idle ${idleS} s after ${settleS} s; load ${loadBefore} → ${load()}`);
  for (const f of figures) console.log(f);
}
