import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * What the .vsix holds, as `vsce ls` lists it, in a copy of this work tree with everything a
 * developer's tree has at packaging time: a development build (source maps, the CLI, the server), the
 * screenshots and docs/ the README links to, E2E output, an old .vsix.
 */
const SHIPS = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'dist/extension.js',
  'dist/otlp.js',
  'dist/parseWorker.js',
  'dist/scanWorker.js',
  'dist/teamView.css',
  'dist/teamView.js',
  'dist/webview.css',
  'dist/webview.js',
  'media/icon.png',
  'media/tier.svg',
  'package.json',
];
const VSCE = path.resolve('node_modules/.bin/vsce');

/** `vsce ls` in a copy of the work tree with `extra` files added (path → text). */
function vsceLs(extra: Record<string, string> = {}, vscodeignore?: string): string[] {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-vsce-'));
  try {
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { encoding: 'utf8' }).split('\0').filter((f) => f && fs.existsSync(f));
    for (const f of files) {
      fs.mkdirSync(path.join(copy, path.dirname(f)), { recursive: true });
      fs.copyFileSync(f, path.join(copy, f));
    }
    for (const [f, text] of Object.entries(extra)) {
      fs.mkdirSync(path.join(copy, path.dirname(f)), { recursive: true });
      fs.writeFileSync(path.join(copy, f), text);
    }
    if (vscodeignore !== undefined) fs.writeFileSync(path.join(copy, '.vscodeignore'), vscodeignore);
    const r = spawnSync(VSCE, ['ls', '--no-dependencies'], { cwd: copy, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\n').filter(Boolean).sort();
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

/** A development build (source maps and all) in a scratch folder, as path → text under dist/. */
function devBuild(): Record<string, string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-vsce-dist-'));
  try {
    const r = spawnSync(process.execPath, ['esbuild.config.mjs', `--outdir=${out}`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    return Object.fromEntries(files.map((e) => [path.posix.join('dist', path.relative(out, path.join(e.parentPath, e.name))), 'x']));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const DEV_TREE: Record<string, string> = {
  ...devBuild(),
  // The in-repo shim for `node dist/server.js` (the server itself builds into server/dist).
  'dist/server.js': "require('../server/dist/server.js');",
  'media/screenshots/panel-dark.png': 'png',
  'docs/counting.md': '# Counting',
  'test-results/vscode-panel.png': 'png',
  'out/test/integration/index.js': '',
  'build/token-tier.vsix': '',
  'build/npm/cli.js': '',
  '.vscode-test/user-data/x': '',
};

test('the .vsix holds the extension bundles, media, README, CHANGELOG, LICENSE and package.json — nothing else', () => {
  assert.ok(DEV_TREE['dist/extension.js.map'] && DEV_TREE['dist/cli.js'] && DEV_TREE['dist/server.js'], 'the development build has maps, the CLI and the server');
  assert.deepEqual(vsceLs(DEV_TREE), SHIPS);
});

test('the list check fails when .vscodeignore lets more in', () => {
  const rules = fs.readFileSync('.vscodeignore', 'utf8');
  const loose = vsceLs(DEV_TREE, rules.replace('!media/*\n', '!media/**\n').replace('!dist/extension.js\n', '!dist/extension.js*\n'));
  assert.notDeepEqual(loose, SHIPS);
  assert.ok(loose.includes('media/screenshots/panel-dark.png') && loose.includes('dist/extension.js.map'), loose.join(' '));
});
