// Bundles test/integration/*.ts into out/test/integration/*.js for the extension host
// (`vscode` and mocha stay external: the host provides one, node_modules the other).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const dir = 'test/integration';
await esbuild.build({
  entryPoints: readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`),
  outdir: 'out/test/integration',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
