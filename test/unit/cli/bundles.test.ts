import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';

/**
 * Every CLI run and every scan worker compiles its whole bundle before it reads a byte: zod alone
 * is ~730 KB of it (~20 ms of a warm `daily`, which has ~150 ms in all). Nothing these entry points
 * run validates with zod, so a value imported from a module that builds schemas must not pull it in.
 */
const ENTRIES = {
  cli: 'src/cli/index.ts',
  scanThread: 'src/cli/scanThread.ts',
  scanWorker: 'src/engine/scanWorker.ts',
  parseWorker: 'src/engine/parseWorker.ts',
};

for (const [name, entry] of Object.entries(ENTRIES)) {
  test(`the ${name} bundle carries no zod`, async () => {
    const r = await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'silent', define: { TOKEN_TIER_VERSION: '"0"' } });
    const zod = Object.keys(r.metafile.inputs).filter((f) => f.includes('node_modules/zod/'));
    const bytes = Object.values(r.outputFiles).reduce((n, f) => n + f.contents.length, 0);
    assert.deepEqual(zod.slice(0, 3), [], `${name} bundles zod (${zod.length} files, ${Math.round(bytes / 1024)} KiB in all)`);
  });
}
