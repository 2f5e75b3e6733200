import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';

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
