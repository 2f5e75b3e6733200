import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Issue #20, defect 10: the server loaded better-sqlite3 and pg at run time but they were
 * devDependencies, so the built server failed outside the repo ("Cannot find module"), and
 * `npm audit --omit=dev` audited nothing of what ships. Needs a build (npm run build) first.
 */

interface Lock {
  packages: Record<string, { version?: string; dev?: boolean; devOptional?: boolean; optional?: boolean }>;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** The npm packages a built file bundled, from its source map (`../node_modules/zod/…` → zod). */
function bundledPackages(map: string): string[] {
  const { sources } = readJson<{ sources: string[] }>(map);
  return [...new Set(sources.flatMap((s) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(s)?.[1] ?? []))].sort();
}

/** Every file that ships: the extension (.vsix) and CLI bundles, and the server package's. */
const SHIPPED = ['dist/extension.js', 'dist/scanWorker.js', 'dist/parseWorker.js', 'dist/cli.js', 'dist/scanThread.js', 'dist/webview.js', 'dist/teamView.js', 'server/dist/server.js', 'server/dist/server-web/dashboard.js'];

test('what ships is audited: every package bundled into a shipped file is a production dependency of the root package', () => {
  const lock = readJson<Lock>('package-lock.json');
  const dev: string[] = [];
  for (const file of SHIPPED) {
    assert.ok(fs.existsSync(`${file}.map`), `${file}.map: build first (npm run build)`);
    for (const name of bundledPackages(`${file}.map`)) {
      const entry = lock.packages[`node_modules/${name}`];
      if (!entry || entry.dev || entry.devOptional) dev.push(`${name} (in ${file})`);
    }
  }
  assert.deepEqual(dev, [], '`npm audit --omit=dev` would skip these');
});

test('the server runs outside the repo on its own package: `npm ci --omit=dev` of server/, then `node dist/server.js`', async () => {
  const pkg = readJson<{ dependencies?: Record<string, string>; devDependencies?: Record<string, string>; scripts?: Record<string, string> }>('server/package.json');
  // What the bundle loads at run time (esbuild's externals) is what the package depends on.
  const bundle = fs.readFileSync('server/dist/server.js', 'utf8');
  const loaded = [...new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!).filter((m) => !m.startsWith('node:')))].sort();
  assert.deepEqual(loaded, ['better-sqlite3', 'pg']);
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}).sort(), loaded);
  assert.equal(pkg.devDependencies, undefined, 'the server package needs nothing else');
  // `npm ci --omit=dev` installs exactly the lock's non-dev packages: lay them out as it would
  // (offline: from the repo's node_modules, same versions), with the built server, outside the repo.
  const serverLock = readJson<Lock>('server/package-lock.json');
  const rootLock = readJson<Lock>('package-lock.json');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-deploy-'));
  try {
    for (const [key, entry] of Object.entries(serverLock.packages)) {
      if (!key || entry.dev) continue;
      const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const from = Object.entries(rootLock.packages).find(([k, e]) => (k === `node_modules/${name}` || k.endsWith(`/node_modules/${name}`)) && e.version === entry.version)?.[0];
      assert.ok(from, `${name}@${entry.version} (server/package-lock.json) is not the version the repo installs`);
      fs.cpSync(from, path.join(dir, key), { recursive: true });
    }
    fs.cpSync('server/dist', path.join(dir, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
    fs.copyFileSync('server/package.json', path.join(dir, 'package.json'));
    const proc = spawn(process.execPath, ['dist/server.js', 'serve', '--port', '0', '--db', 'data/team.db'], { cwd: dir, env: { PATH: process.env.PATH ?? '', TT_QUIET: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stderr.on('data', (d) => (err += d));
    const url = await new Promise<string>((resolve, reject) => {
      proc.stdout.on('data', (d) => {
        out += d;
        const m = /team backend on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) resolve(m[1]!);
      });
      proc.on('exit', (code) => reject(new Error(`the server exited (${code}): ${err || out}`)));
    });
    try {
      assert.deepEqual(await (await fetch(`${url}/healthz`)).json(), { ok: true, db: 'sqlite' });
      assert.match(await (await fetch(`${url}/dashboard`)).text(), /<title>Token Tier/);
      assert.equal((await fetch(`${url}/static/dashboard.js`)).status, 200);
    } finally {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
