/**
 * Two server processes on one PostgreSQL (#12): started at the same moment on an empty database,
 * then fed concurrently — reports resent to either process, summaries read meanwhile. Nothing is
 * lost, nothing counted twice, one team, one schema. Prints the load figures; asserts none.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startPostgres } from './pgServer';
import { openDb } from '../src/db/db';

let pg: Awaited<ReturnType<typeof startPostgres>>;
let url: string;
const servers: Array<{ proc: ChildProcess; base: string; out: string[] }> = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function until(ok: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  pg = await startPostgres();
  const admin = await openDb({ databaseUrl: pg.url, sqlitePath: '' });
  await admin.exec('CREATE DATABASE two_servers');
  await admin.close();
  url = pg.url.replace(/\/postgres$/, '/two_servers');
  // Both at once, on an empty database: the schema and the first team are made once.
  const ports = [await freePort(), await freePort()];
  for (const port of ports) {
    const proc = spawn(process.execPath, [path.resolve('dist/server.js'), 'serve', '--port', String(port)], { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    proc.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
    proc.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
    servers.push({ proc, base: `http://127.0.0.1:${port}`, out });
  }
  for (const s of servers) await until(async () => (await fetch(`${s.base}/readyz`)).status === 200);
});

after(() => {
  for (const s of servers) s.proc.kill();
  pg?.stop();
});

async function api(base: string, method: string, p: string, token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(base + p, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

test('two servers on one fresh database make one schema and one team', async () => {
  const db = await openDb({ databaseUrl: url, sqlitePath: '' });
  try {
    assert.deepEqual(await db.all('SELECT count(*)::int AS n FROM teams'), [{ n: 1 }]);
  } finally {
    await db.close();
  }
  const printed = servers.map((s) => s.out.join('')).filter((o) => /Admin token \(shown once/.test(o));
  assert.equal(printed.length, 1, 'one of the two created the team and printed its admin token');
  for (const s of servers) {
    const ready = await fetch(`${s.base}/readyz`);
    assert.deepEqual(await ready.json(), { ready: true, db: 'postgres' });
  }
});

test('concurrent reports to either server, resent, with summaries read meanwhile: nothing lost, nothing twice', async () => {
  const adminToken = /Admin token \(shown once, keep it\):\s+(tt_[A-Za-z0-9_-]+)/.exec(servers.map((s) => s.out.join('')).join(''))![1]!;
  const people = await Promise.all(Array.from({ length: 12 }, (_, i) => api(servers[i % 2]!.base, 'POST', '/api/v1/admin/people', adminToken, { name: `Dev ${i}`, email: `dev${i}@example.com` })));
  const tokens = people.map((p) => String(p.json.token));
  const today = new Date().toISOString().slice(0, 10);
  const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
  const report = (i: number) => ({ rows: Array.from({ length: 20 }, (_, d) => ({ date: day(d), timezone: 'UTC', deviceId: `device-${i}-abcdef`, agent: 'codex', model: 'gpt-5.1-codex', input: 1000 * (i + 1), output: 100, cacheRead: 5000, cacheWrite: 0, reasoning: 0 })) });
  const perPerson = (i: number) => 20 * (1000 * (i + 1) + 100 + 5000);
  const started = Date.now();
  let requests = 0;
  const jobs: Array<Promise<void>> = [];
  for (let round = 0; round < 5; round++) {
    tokens.forEach((t, i) => jobs.push(api(servers[(i + round) % 2]!.base, 'POST', '/api/v1/usage/daily', t, report(i)).then((r) => void (requests++, assert.equal(r.status, 200, JSON.stringify(r.json))))));
    jobs.push(api(servers[round % 2]!.base, 'GET', '/api/v1/team/summary', adminToken).then((r) => void (requests++, assert.equal(r.status, 200))));
  }
  await Promise.all(jobs);
  const seconds = (Date.now() - started) / 1000;
  console.log(`two servers, one PostgreSQL: ${requests} requests (${tokens.length} people × 5 resends of 20 days, and summaries) in ${seconds.toFixed(2)} s, ${Math.round(requests / seconds)} req/s`);
  for (const [i, t] of tokens.entries()) {
    const me = await api(servers[i % 2]!.base, 'GET', '/api/v1/me', t);
    const total = (me.json.days as Array<{ total: number }>).reduce((n, d) => n + d.total, 0);
    assert.equal(total, perPerson(i), `Dev ${i}`);
  }
  const summary = await api(servers[0]!.base, 'GET', '/api/v1/team/summary', adminToken);
  const all = (summary.json.daily as Array<{ total: number }>).reduce((n, d) => n + d.total, 0);
  assert.equal(all, tokens.reduce((n, _, i) => n + perPerson(i), 0));
});

test('every request is logged as one JSON line', async () => {
  const lines = servers.flatMap((s) => s.out.join('').split('\n')).filter((l) => l.startsWith('{'));
  const requests = lines.map((l) => JSON.parse(l) as { level: string; msg: string; method?: string; path?: string; status?: number; ms?: number }).filter((l) => l.msg === 'request');
  assert.ok(requests.length > 60, `${requests.length} request lines`);
  for (const r of requests) assert.ok(r.method && r.path && typeof r.status === 'number' && typeof r.ms === 'number', JSON.stringify(r));
  assert.ok(!lines.some((l) => l.includes('tt_')), 'no token in the logs');
});
