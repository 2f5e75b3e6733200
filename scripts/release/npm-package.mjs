// Builds the npm package of the `token-tier` CLI in a folder of its own (default build/npm), so that
// `npx token-tier` installs the CLI and nothing else: the production bundles it runs (cli.js and the
// two worker files it starts), a package.json written here with no dependencies and no scripts, the
// README exactly as the Marketplace shows it (listingReadme.mjs: relative links made absolute, pinned
// to --ref) and the LICENSE. The extension's package.json is not published: its `main`, `contributes`
// and any `dependencies` added for the extension would go to every CLI user.
// Usage: node scripts/release/npm-package.mjs [OUT] [--ref=GIT_REF]   (npm publish OUT --provenance)
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listingReadme } from './listingReadme.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** What the CLI loads at run time: its bundle, the scan thread and the parse worker (src/cli/main.ts). */
const CLI_FILES = ['cli.js', 'scanThread.js', 'parseWorker.js'];

const args = process.argv.slice(2);
const out = resolve(args.find((a) => !a.startsWith('--')) ?? join(ROOT, 'build/npm'));
const ref = args.find((a) => a.startsWith('--ref='))?.slice('--ref='.length) || 'HEAD';
const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

const bundles = mkdtempSync(join(tmpdir(), 'tt-npm-build-'));
try {
  const build = spawnSync(process.execPath, ['esbuild.config.mjs', '--production', `--outdir=${bundles}`], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm-package: the production build failed');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const f of CLI_FILES) copyFileSync(join(bundles, f), join(out, f));
} finally {
  rmSync(bundles, { recursive: true, force: true });
}
chmodSync(join(out, 'cli.js'), 0o755);

const manifest = {
  name: root.name,
  version: root.version,
  description: 'The token-tier command: your AI coding agents’ tokens per day, counted exactly once from their local logs, and your tier — in the terminal, nothing sent anywhere.',
  keywords: [...new Set(['cli', ...root.keywords])],
  license: root.license,
  homepage: root.homepage,
  bugs: root.bugs,
  repository: root.repository,
  type: 'commonjs',
  bin: { 'token-tier': 'cli.js' },
  files: CLI_FILES,
  engines: { node: root.engines.node },
};
writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync(join(ROOT, 'LICENSE'), join(out, 'LICENSE'));

// npm's page shows the README as the Marketplace does, its relative links made absolute the same way.
writeFileSync(join(out, 'README.md'), await listingReadme(root, readFileSync(join(ROOT, 'README.md'), 'utf8'), ref));
console.log(`npm-package: ${root.name}@${root.version} in ${out}`);
