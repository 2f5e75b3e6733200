import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { THEMES } from './themes';
import type { ThemeName } from './themes';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Chromium from reaching for the network on this offline machine. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void>; profile: string }> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run bash scripts/install-test-tools.sh (or set CHROMIUM)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, viewport: { width: 420, height: 1500 }, args: CHROMIUM_ARGS });
  return {
    context,
    profile,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serves fixed pages and files on 127.0.0.1 (a random port). */
export async function serve(routes: (url: string) => { type: string; body: string | Buffer } | undefined): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const hit = routes(req.url ?? '/');
    if (!hit) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': hit.type, 'cache-control': 'no-store' }).end(hit.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** The tier badge in VS Code's status bar ("Expert · 12.3M today"). */
export const BADGE = /· [\d.]+[KMB]? today/;

/**
 * One E2E driver run against code-server: opens the workbench on `folder`, waits for the tier
 * badge, runs `body`, and ends the process with the plain "N passed, N failed" line (a screenshot
 * next to `shot` on failure).
 */
export function runWorkbenchTest(baseUrl: string, folder: string, shot: string, body: (page: Page, lap: (m: string) => void, profile: string) => Promise<void>): void {
  void (async () => {
    const t0 = Date.now();
    const lap = (m: string) => console.log(`[${Date.now() - t0} ms] ${m}`);
    const { context, close, profile } = await launch();
    let failed = false;
    const page = context.pages()[0] ?? (await context.newPage());
    try {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`);
      await page.locator('.statusbar-item', { hasText: BADGE }).waitFor({ timeout: 60_000 });
      await body(page, lap, profile);
    } catch (e) {
      failed = true;
      console.error('FAIL:', (e as Error)?.stack ?? e);
      await page.screenshot({ path: shot.replace(/\.png$/, '-failure.png') }).catch(() => undefined);
    } finally {
      await close();
    }
    console.log(failed ? '0 passed, 1 failed' : '1 passed, 0 failed');
    process.exit(failed ? 1 : 0);
  })();
}

/** The Token Tier panel's document (webviews are two nested iframes). */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview[src*="extensionId=token-tier.token-tier"]').frameLocator('iframe#active-frame');
}

/**
 * A built webview page (the panel, the team view) in headless Chromium with VS Code's side played by
 * an init script: `acquireVsCodeApi` (posted messages in `window.__posted`), a real theme's variables
 * on `background`, and a record of CSP violations (`window.__csp`). Waits for the page's `ready`;
 * uncaught errors are in the returned page's `errors`.
 */
export async function openWebview(context: BrowserContext, url: string, o: { theme: ThemeName; width: number; height: number; background: string; savedState?: unknown }): Promise<Page & { errors: string[] }> {
  const page = await context.newPage();
  await page.setViewportSize({ width: o.width, height: o.height });
  // A string, not a function: the TypeScript loader's helpers do not exist in the page.
  const { vars, bodyClass } = THEMES[o.theme];
  await page.addInitScript({
    content: `(() => {
      const vars = ${JSON.stringify(vars)};
      window.__posted = [];
      window.__csp = [];
      window.__debugCsp = ${JSON.stringify(!!process.env.DEBUG_STACK)};
      let state = ${JSON.stringify(o.savedState ?? null)} ?? undefined;
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => window.__posted.push(m),
        getState: () => state,
        setState: (s) => { state = s; window.__state = s; },
      });
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + (window.__debugCsp ? ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber : '')));
      const theme = () => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.documentElement.style.setProperty('background', vars[${JSON.stringify(o.background)}]);
        document.documentElement.style.setProperty('color', vars['--vscode-foreground']);
      };
      if (document.documentElement) theme();
      else new MutationObserver((_, o) => document.documentElement && (o.disconnect(), theme())).observe(document, { childList: true });
      document.addEventListener('DOMContentLoaded', () => document.body.classList.add(...${JSON.stringify(bodyClass)}.split(' ')));
    })();`,
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message + (process.env.DEBUG_STACK ? e.stack : '')));
  await page.goto(url);
  await page.waitForFunction(() => ((window as unknown as { __posted: Array<{ type: string }> }).__posted ?? []).some((m) => m.type === 'ready'));
  return Object.assign(page, { errors });
}
