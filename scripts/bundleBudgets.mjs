// The most each bundle we ship may weigh minified, in bytes, in one place: the unit test
// test/unit/release/bundleSizes.test.ts fails above it and `npm run bench` prints every size beside it.
// A bundle is compiled before its first line runs: extension.js in every window as it activates, the
// workers on every scan thread started, cli.js and scanThread.js on every CLI run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BUNDLE_BUDGETS = {
  'extension.js': 600_000,
  'otlp.js': 420_000,
  'scanWorker.js': 260_000,
  'parseWorker.js': 180_000,
  'webview.js': 420_000,
  'teamView.js': 400_000,
  'cli.js': 280_000,
  'scanThread.js': 220_000,
};

/** Builds every bundle as it ships (`esbuild.config.mjs --production`) into `dir`; returns the budgeted ones' sizes. */
export function buildAsShipped(dir) {
  const r = spawnSync(process.execPath, ['esbuild.config.mjs', '--production', `--outdir=${dir}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the production build failed: ${r.stderr}`);
  return Object.fromEntries(Object.keys(BUNDLE_BUDGETS).map((f) => [f, fs.existsSync(path.join(dir, f)) ? fs.statSync(path.join(dir, f)).size : undefined]));
}
