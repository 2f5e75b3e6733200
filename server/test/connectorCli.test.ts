/**
 * The connectors through the real server command line (dist/server.js, as the README runs it) on
 * SQLite: a backfill end to end, `connectors run --once` without serve, and the scheduler inside
 * serve — each against a local fake org API. Spawned asynchronously: the fakes answer from this process.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDb } from '../src/db/db';
import { addDays, dateRange } from '../../src/core/time';
import { startAnthropicFake } from '../../test/fakes/anthropicFake';
import { startOpenAiFake } from '../../test/fakes/openaiFake';
import type { FakeUsage } from '../../test/fakes/usage';
import { startPostgres } from './pgServer';

let pg: Awaited<ReturnType<typeof startPostgres>> | undefined;
after(() => pg?.stop());

const SERVER = path.resolve('dist/server.js');

function tempDb(): { db: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-connector-cli-'));
  return { db: path.join(dir, 'team.db'), dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [SERVER, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

function addPerson(db: string, name: string, email: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [SERVER, 'add-person', '--name', name, '--email', email], { env: { PATH: process.env.PATH ?? '', TOKEN_TIER_DB: db, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return /\n\s+(\S+)\s*$/.exec(r.stdout)![1]!;
}

async function totals(dbPath: string, source: string): Promise<Map<string, number>> {
  const db = await openDb({ sqlitePath: dbPath });
  try {
    const rows = await db.all<{ date: string; total: number }>('SELECT date, SUM(input + output + cache_read + cache_write) AS total FROM org_usage_daily WHERE source = ? GROUP BY date ORDER BY date', [source]);
    return new Map(rows.map((r) => [r.date, Number(r.total)]));
  } finally {
    await db.close();
  }
}

test('backfill --provider openai over 81 days: stored once per day, in 31-day chunks; rerun replaces; bad arguments are named', async () => {
  const { db, dispose } = tempDb();
  const days = dateRange('2026-09-01', '2026-11-20');
  // Ana: 100 uncached + 1000 cached + 10 output a day → 1,110 (OpenAI's input_tokens says 1,100).
  const rows: FakeUsage[] = days.map((date) => ({ date, userId: 'user-ana', email: 'ana@example.com', model: 'gpt-5', input: 100, output: 10, cacheRead: 1000, cacheWrite: 0 }));
  const fake = await startOpenAiFake({ rows });
  try {
    addPerson(db, 'Ana', 'ana@example.com');
    const env = { TOKEN_TIER_DB: db, OPENAI_ADMIN_KEY: 'sk-admin-test', OPENAI_BASE_URL: fake.url };
    const r = await run(['backfill', '--provider', 'openai', '--from', '2026-09-01', '--to', '2026-11-20'], env);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /openai-usage 2026-09-01\.\.2026-10-01: 31 of 31 rows attributed/);
    assert.match(r.out, /openai-usage 2026-11-02\.\.2026-11-20: 19 of 19 rows attributed/);
    assert.ok(!r.out.includes('sk-admin-test') && !r.err.includes('sk-admin-test'), 'the key is never printed');
    assert.equal(fake.requests.filter((q) => q.url.pathname.endsWith('/completions')).length, 3);
    let t = await totals(db, 'openai-usage');
    assert.equal(t.size, 81);
    assert.ok([...t.values()].every((v) => v === 1110));
    fake.rows = rows.map((x) => (x.date === '2026-11-20' ? { ...x, output: 20 } : x));
    assert.equal((await run(['backfill', '--provider', 'openai', '--from', '2026-11-15', '--to', '2026-11-20'], env)).code, 0);
    t = await totals(db, 'openai-usage');
    assert.equal(t.get('2026-11-20'), 1120, 'the revised day replaced');
    assert.equal(t.get('2026-11-19'), 1110, 'the others stay as they were');
    const unknown = await run(['backfill', '--provider', 'gemini', '--from', '2026-11-01', '--to', '2026-11-02'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /backfill needs --provider, one of anthropic, /);
    const off = await run(['backfill', '--provider', 'github', '--from', '2026-11-01', '--to', '2026-11-02'], env);
    assert.match(off.err, /the github-copilot connector is not configured: set GITHUB_TOKEN and GITHUB_ORG \(or GITHUB_ENTERPRISE\)/);
    const wrongKey = await run(['backfill', '--provider', 'openai', '--from', '2026-11-01', '--to', '2026-11-02'], { ...env, OPENAI_ADMIN_KEY: 'sk-proj-secret-value' });
    assert.equal(wrongKey.code, 1);
    assert.match(wrongKey.out, /"level":"warn","msg":"openai-usage 2026-11-01\.\.2026-11-02: failed \(wrong-key-type\)/);
    assert.ok(!wrongKey.out.includes('sk-proj-secret-value'));
  } finally {
    await fake.close();
    dispose();
  }
});

test('connectors run --once works without serve; link-identity attributes an API key to a person', async () => {
  const { db, dispose } = tempDb();
  const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
  const fake = await startAnthropicFake({ rows: [{ date: yesterday, email: 'ana@example.com', model: 'm', input: 1, output: 2, cacheRead: 3, cacheWrite: 4 }, { date: yesterday, apiKeyName: 'ana-laptop', model: 'm', input: 10, output: 0, cacheRead: 0, cacheWrite: 0 }] });
  try {
    addPerson(db, 'Ana', 'ana@example.com');
    const env = { TOKEN_TIER_DB: db, ANTHROPIC_ADMIN_KEY: 'sk-ant-admin-test', ANTHROPIC_BASE_URL: fake.url };
    const first = await run(['connectors', 'run', '--once'], env);
    assert.equal(first.code, 0, first.err + first.out);
    assert.match(first.out, /claude-code-analytics .*: 1 of 2 rows attributed; 1 not attributed to anyone in the team \(apiKeyName:ana-laptop\)/);
    assert.equal((await totals(db, 'claude-code-analytics')).get(yesterday), 10);
    const link = await run(['link-identity', '--email', 'ana@example.com', '--kind', 'api-key-name', '--value', 'ana-laptop'], env);
    assert.equal(link.code, 0, link.err);
    assert.equal((await run(['connectors', 'run', '--once'], env)).code, 0);
    assert.equal((await totals(db, 'claude-code-analytics')).get(yesterday), 20);
    const none = await run(['connectors', 'run', '--once'], { TOKEN_TIER_DB: db });
    assert.equal(none.code, 1);
    assert.match(none.err, /no connector is configured/);
  } finally {
    await fake.close();
    dispose();
  }
});

test('serve runs the connectors on start (and hourly): org totals reach /me', async () => {
  const { db, dispose } = tempDb();
  const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
  const fake = await startAnthropicFake({ rows: [{ date: yesterday, email: 'ana@example.com', model: 'm', input: 1, output: 2, cacheRead: 3, cacheWrite: 4 }] });
  const token = addPerson(db, 'Ana', 'ana@example.com');
  const p = spawn(process.execPath, [SERVER, 'serve', '--port', '0'], { env: { PATH: process.env.PATH ?? '', TOKEN_TIER_DB: db, TT_QUIET: '1', ANTHROPIC_ADMIN_KEY: 'sk-ant-admin-test', ANTHROPIC_BASE_URL: fake.url } });
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  try {
    const end = Date.now() + 20_000;
    let analytics: unknown[] = [];
    while (Date.now() < end) {
      const base = /team backend on (http:\/\/\S+)\//.exec(out)?.[1];
      if (base) {
        const me = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<{ analytics: unknown[] }>);
        analytics = me.analytics;
        if (analytics.length) break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(analytics, [{ date: yesterday, total: 10 }], out);
    assert.match(out, /claude-code-analytics .*: 1 of 1 rows attributed/);
    assert.ok(!out.includes('sk-ant-admin-test'));
  } finally {
    p.kill('SIGTERM');
    await new Promise((r) => p.once('close', r));
    await fake.close();
    dispose();
  }
});

test('two server processes on one PostgreSQL running the connectors at the same moment store each day once', async () => {
  pg ??= await startPostgres();
  const admin = await openDb({ databaseUrl: pg.url, sqlitePath: '' });
  await admin.exec('CREATE DATABASE tt_connector_cli');
  await admin.close();
  const databaseUrl = pg.url.replace(/\/postgres$/, '/tt_connector_cli');
  const today = new Date().toISOString().slice(0, 10);
  const people = ['ana', 'bo', 'cy', 'di', 'ed', 'flo'];
  const rows: FakeUsage[] = [0, 1, 2].flatMap((back) => people.map((p, i) => ({ date: addDays(today, -back), email: `${p}@example.com`, model: 'claude-sonnet-4-5', input: 1000 * (i + 1), output: 100, cacheRead: 10, cacheWrite: 1 })));
  const fake = await startAnthropicFake({ rows, pageSize: 1 });
  try {
    for (const p of people) addPerson('', p, `${p}@example.com`, { DATABASE_URL: databaseUrl });
    const env = { DATABASE_URL: databaseUrl, ANTHROPIC_ADMIN_KEY: 'sk-ant-admin-test', ANTHROPIC_BASE_URL: fake.url };
    const [a, b] = await Promise.all([run(['connectors', 'run', '--once'], env), run(['connectors', 'run', '--once'], env)]);
    assert.equal(a.code, 0, a.err + a.out);
    assert.equal(b.code, 0, b.err + b.out);
    assert.equal(fake.requests.length, 2 * 3 * 6, 'both fetched the 3 recent days, 6 pages each');
    const db = await openDb({ databaseUrl, sqlitePath: '' });
    try {
      const [sum] = await db.all<{ n: number; total: number }>('SELECT COUNT(*) AS n, SUM(input + output + cache_read + cache_write) AS total FROM org_usage_daily');
      assert.equal(Number(sum!.n), 18);
      assert.equal(Number(sum!.total), rows.reduce((n, r) => n + r.input + r.output + r.cacheRead + r.cacheWrite, 0));
    } finally {
      await db.close();
    }
  } finally {
    await fake.close();
  }
});
