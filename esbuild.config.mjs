// Builds the extension host (cjs, `vscode` external), the scan and parse workers, the CLI
// (Node ≥ 20) and the webview (browser). Flags: --production (minify, no sourcemaps), --watch,
// --outdir=DIR (instead of dist/: the CLI's npm package is built apart, so dist/ is never touched).
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writePriceTable } from './scripts/build-prices.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length);
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// The snapshot schema's stamp: a stored snapshot with this build's stamp is shown as it is (src/platform/storage.ts).
const snapshotShape = createHash('sha256')
  .update(['src/shared/snapshot.ts', 'src/shared/tokens.ts'].map((f) => readFileSync(new URL(`./${f}`, import.meta.url), 'utf8')).join('\0'))
  .digest('hex')
  .slice(0, 16);

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  define: { TOKEN_TIER_VERSION: JSON.stringify(version), SNAPSHOT_SHAPE: JSON.stringify(snapshotShape) },
};
// The cost estimate's price table comes from the installed price list, at build time only.
await writePriceTable();

const node = { ...common, platform: 'node', target: 'node20', format: 'cjs' };

/**
 * What the extension loads only when a feature is first used, each a bundle of its own beside
 * extension.js: the OpenTelemetry SDK (most of the OTLP export's weight) only once an endpoint is set.
 * A dynamic `import()` of one of these stays a `require` of that file at run time; any other dynamic
 * import stays inside its bundle (evaluated when first imported, but still shipped and parsed with it).
 */
const LAZY = { otlp: 'src/sync/otlp.ts' };
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    const byFile = new Map(Object.entries(LAZY).map(([name, file]) => [path.resolve(file), name]));
    build.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const target = path.resolve(args.resolveDir, args.path);
      const name = byFile.get(target) ?? byFile.get(`${target}.ts`);
      return name ? { path: `./${name}.js`, external: true } : undefined;
    });
  },
};

const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'], plugins: [lazyBundles], supported: { 'dynamic-import': false } },
  { ...node, entryPoints: LAZY, outdir: 'dist', external: ['vscode'] },
  { ...node, entryPoints: { scanWorker: 'src/engine/scanWorker.ts', parseWorker: 'src/engine/parseWorker.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { cli: 'src/cli/index.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { scanThread: 'src/cli/scanThread.ts' }, outdir: 'dist' },
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { webview: 'webview/main.ts' }, outdir: 'dist', loader: { '.css': 'css' } },
  // The team view (an editor tab, no server): the dashboard's views of the org usage API's rows.
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { teamView: 'webview/team/main.ts' }, outdir: 'dist', loader: { '.css': 'css' } },
  // The reference team backend is a package of its own (server/package.json: its database drivers are
  // its dependencies), built into server/dist with its dashboard; deploy: npm ci --omit=dev there.
  { ...node, entryPoints: { server: 'server/src/main.ts' }, outdir: 'server/dist', external: ['better-sqlite3', 'pg'] },
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: { dashboard: 'server/web/dashboard.ts' }, outdir: 'server/dist/server-web' },
  { ...common, entryPoints: { dashboard: 'server/web/dashboard.css' }, outdir: 'server/dist/server-web' },
];
if (outdir) for (const b of builds) b.outdir = b.outdir.replace(/^dist(?=\/|$)/, outdir);
else {
  // In the repo `node dist/server.js` keeps working (scripts, tests, the README's commands).
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/server.js', "// The team backend is its own package, built into server/dist (see esbuild.config.mjs).\nrequire('../server/dist/server.js');\n");
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
