import * as fs from 'node:fs';
import * as path from 'node:path';
import { panelHtml } from './src/ui/html';
import { expertSnapshot, allAgentsSnapshot } from './test/fixtures/snapshots';
import { launch, openWebview, serve } from './test/e2e/browser';
const DIST = path.resolve('dist');
(async () => {
  const server = await serve((url) => {
    if (url === '/panel.html') return { type: 'text/html', body: panelHtml({ cspSource: server.origin, nonce: 'n', scriptUri: `${server.origin}/dist/webview.js`, styleUri: `${server.origin}/dist/webview.css` }) };
    const m = /^\/dist\/(webview\.(js|css))$/.exec(url);
    if (m) return { type: m[2] === 'js' ? 'text/javascript' : 'text/css', body: fs.readFileSync(path.join(DIST, m[1]!)) };
    return undefined;
  });
  const { context, close } = await launch();
  for (const theme of ['dark-modern', 'light-modern'] as const) {
    const page = await openWebview(context, `${server.origin}/panel.html`, { theme, width: 300, height: 460, background: '--vscode-sideBar-background' });
    const s = process.argv[2] === 'all' ? await allAgentsSnapshot() : expertSnapshot();
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'snapshot', snapshot: s, status: { state: 'ready' } } as object);
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'org', org: null } as object);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `/work/scratch/panel-${theme}.png` });
    await page.screenshot({ path: `/work/scratch/panel-${theme}-full.png`, fullPage: true });
    console.log(theme, page.errors);
  }
  await close();
  await server.close();
})();
