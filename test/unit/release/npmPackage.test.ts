import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeDemoHome } from '../../../src/demo/demoHome';
import { listingReadme } from '../../../scripts/release/listingReadme.mjs';

/**
 * The npm package of the CLI, as scripts/release/npm-package.mjs builds it for `npm publish`: exactly
 * the CLI's bundles, a manifest with nothing to install, and it runs as `npx token-tier` would run it.
 */
const SHIPS = ['LICENSE', 'README.md', 'cli.js', 'package.json', 'parseWorker.js', 'scanThread.js'];
const root = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let scratch = '';
let pkg = '';

before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-npm-'));
  pkg = path.join(scratch, 'package');
  const r = spawnSync(process.execPath, ['scripts/release/npm-package.mjs', pkg, '--ref=v9.9.9'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function packList(dir: string): { files: { path: string; mode: number }[]; bundled: string[] } {
  const r = spawnSync(npm, ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout)[0];
}

test('npm pack --dry-run lists the CLI bundle, its two workers, README, LICENSE and package.json — nothing else', () => {
  const packed = packList(pkg);
  assert.deepEqual(packed.files.map((f) => f.path).sort(), SHIPS);
  assert.deepEqual(packed.bundled, []);
  assert.equal(packed.files.find((f) => f.path === 'cli.js')?.mode, 0o755);
});

test('the list check fails when the package would take more', () => {
  fs.writeFileSync(path.join(pkg, 'cli.js.map'), '{}');
  const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  try {
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ ...manifest, files: [...manifest.files, '*.map'] }));
    assert.notDeepEqual(packList(pkg).files.map((f) => f.path).sort(), SHIPS);
  } finally {
    fs.rmSync(path.join(pkg, 'cli.js.map'));
    fs.writeFileSync(path.join(pkg, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
});

test('its manifest installs nothing and runs nothing: the version, the bin and Node ≥ 20', () => {
  const m = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  assert.equal(m.name, 'token-tier');
  assert.equal(m.version, root.version);
  assert.deepEqual(m.bin, { 'token-tier': 'cli.js' });
  assert.deepEqual(m.engines, { node: '>=20' });
  for (const key of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'scripts', 'main', 'contributes']) assert.equal(m[key], undefined, key);
  assert.deepEqual(m.repository, root.repository, 'npm checks the provenance statement against this repository');
});

test('the bundles need only Node\'s own modules and each other, and carry no source map', () => {
  const builtins = new Set(builtinModules);
  for (const f of SHIPS.filter((x) => x.endsWith('.js'))) {
    const text = fs.readFileSync(path.join(pkg, f), 'utf8');
    assert.doesNotMatch(text, /sourceMappingURL/, f);
    for (const [, spec = ''] of text.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g)) {
      const ok = spec.startsWith('node:') || builtins.has(spec) || (spec.startsWith('./') && SHIPS.includes(spec.slice(2)));
      assert.ok(ok, `${f} loads "${spec}", which the package does not have`);
    }
  }
});

test('the README on npm is the Marketplace listing\'s, pinned to the tag', async () => {
  const listed = await listingReadme(root, fs.readFileSync('README.md', 'utf8'), 'v9.9.9');
  assert.equal(fs.readFileSync(path.join(pkg, 'README.md'), 'utf8'), listed);
});

test('installed offline from its tarball, `token-tier` runs with nothing else around it', () => {
  const pack = spawnSync(npm, ['pack', pkg, '--pack-destination', scratch, '--json'], { cwd: scratch, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  const tarball = path.join(scratch, JSON.parse(pack.stdout)[0].filename);
  const prefix = path.join(scratch, 'installed');
  const env = { ...process.env, npm_config_cache: path.join(scratch, 'npm-cache'), npm_config_update_notifier: 'false' };
  const install = spawnSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], { cwd: scratch, encoding: 'utf8', env });
  assert.equal(install.status, 0, install.stderr);
  assert.deepEqual(fs.readdirSync(path.join(prefix, 'node_modules')).filter((d) => !d.startsWith('.')), ['token-tier'], 'no dependency was installed');

  const home = path.join(scratch, 'home');
  writeDemoHome(home);
  const bin = path.join(prefix, 'node_modules', '.bin', 'token-tier');
  const run = (args: string[]) => spawnSync(bin, args, { cwd: scratch, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CACHE_HOME: path.join(scratch, 'cache'), NO_COLOR: '1' } });
  const version = run(['--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, new RegExp(root.version.replace(/\./g, '\\.')));
  const daily = run(['daily', '--json']);
  assert.equal(daily.status, 0, daily.stderr);
  const days = JSON.parse(daily.stdout).days as { total: number }[];
  assert.ok(days.length > 0 && days.every((d) => d.total > 0), daily.stdout.slice(0, 400));
});
