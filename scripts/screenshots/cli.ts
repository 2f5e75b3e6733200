/**
 * The listing's picture of the CLI: `token-tier daily` on demo data, in colour, drawn as a dark
 * terminal in headless Chromium (scripts/screenshots.sh). The ANSI styles the CLI uses (bold, dim,
 * cyan) become spans; every character is the CLI's own output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch } from '../../test/e2e/browser';

const out = process.argv[2]!;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-cli-shot-'));
const text = execFileSync(process.execPath, [path.resolve('dist/cli.js'), 'daily', '--demo', '--timezone', 'UTC', '--since', new Date(Date.now() - 13 * 86_400_000).toISOString().slice(0, 10)], {
  env: { PATH: process.env.PATH ?? '', HOME: home, FORCE_COLOR: '1', COLUMNS: '100' },
  encoding: 'utf8',
});
fs.rmSync(home, { recursive: true, force: true });

const STYLE: Record<string, string> = { '1': 'font-weight:bold', '2': 'opacity:.6', '36': 'color:#4fc1ff' };
// The CLI's own escape sequences are what this reads.
/* eslint-disable no-control-regex */
function toHtml(ansi: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let html = '';
  let open = 0;
  for (const part of ansi.split(/(\x1b\[[0-9;]*m)/)) {
    const m = /^\x1b\[([0-9;]*)m$/.exec(part);
    if (!m) html += esc(part);
    else if (m[1] === '0' || m[1] === '') for (; open > 0; open--) html += '</span>';
    else {
      html += `<span style="${m[1]!.split(';').map((c) => STYLE[c] ?? '').join(';')}">`;
      open++;
    }
  }
  return html;
}
/* eslint-enable no-control-regex */

void (async () => {
  const { context, close } = await launch();
  const page = await context.newPage();
  await page.setViewportSize({ width: 900, height: 600 });
  await page.setContent(`<!doctype html><body style="margin:0;background:#1e1e1e"><pre id="t" style="display:inline-block;margin:0;padding:16px 20px;font:13px/1.35 'DejaVu Sans Mono',monospace;color:#cccccc;background:#1e1e1e"><span style="color:#89d185">$</span> npx token-tier daily\n${toHtml(text.trimEnd())}</pre></body>`);
  await page.locator('#t').screenshot({ path: path.join(out, 'cli-daily.png') });
  await close();
  console.log('cli-daily.png');
})();
