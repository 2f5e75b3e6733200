/**
 * OTLP on two server processes sharing one PostgreSQL: the same exports posted to both at the same
 * moment (an exporter's retry landing on the other process), and two agents of one person exporting
 * through different processes at once. The series state lives in the database and one person's
 * exports take turns under the advisory lock, so each point counts once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { freePort, startPostgres } from './pgServer';
import { openDb } from '../src/db/db';
import { asProto, sumExport } from './otlpBodies';
import { OtelSender } from './otelSender';

let pg: Awaited<ReturnType<typeof startPostgres>>;
let url: string;
const servers: Array<{ proc: ChildProcess; base: string; out: string[] }> = [];

before(async () => {
  pg = await startPostgres();
  const admin = await openDb({ databaseUrl: pg.url, sqlitePath: '' });
  await admin.exec('CREATE DATABASE otlp_two');
  await admin.close();
  url = pg.url.replace(/\/postgres$/, '/otlp_two');
  for (const port of [await freePort(), await freePort()]) {
    const proc = spawn(process.execPath, [path.resolve('dist/server.js'), 'serve', '--port', String(port)], { env: { ...process.env, DATABASE_URL: url, TT_QUIET: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    proc.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
    proc.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
    servers.push({ proc, base: `http://127.0.0.1:${port}`, out });
  }
  for (const s of servers) {
    const end = Date.now() + 20_000;
    while (!(await fetch(`${s.base}/readyz`).then((r) => r.ok).catch(() => false))) {
      if (Date.now() > end) throw new Error(`server did not start: ${s.out.join('')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
});

after(() => {
  for (const s of servers) s.proc.kill();
  pg?.stop();
});

test('one person, two servers, concurrent and duplicated OTLP exports: every point counted once', async () => {
  const adminToken = /(tt_[A-Za-z0-9_-]{20,})/.exec(servers.map((s) => s.out.join('')).join(''))![1]!;
  const added = await fetch(`${servers[0]!.base}/api/v1/admin/people`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ana', email: 'ana@example.com' }) });
  const token = ((await added.json()) as { token: string }).token;
  const now = Date.now();
  const start = now - 3_600_000;
  // The same 20 cumulative exports, each posted to both processes at once.
  const posts: Array<Promise<number>> = [];
  for (let e = 1; e <= 20; e++) {
    const body = asProto(sumExport('claude_code.token.usage', [{ value: e * 100, attrs: { type: 'input', model: 'claude-sonnet-4-5' }, startMs: start, endMs: start + e * 1000 }], { resource: { 'service.name': 'claude-code', 'host.name': 'ci-1' } }));
    for (const s of servers) posts.push(fetch(`${s.base}/v1/metrics`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf' }, body: new Uint8Array(body) }).then((r) => r.status));
  }
  // Meanwhile two agents on two other hosts, each through its own process, delta and cumulative.
  const agents = servers.map((s, i) => new OtelSender({ url: s.base, token, protocol: i ? 'http/json' : 'http/protobuf', temporality: i ? 'delta' : 'cumulative', resource: { 'service.name': 'gemini-cli', 'host.name': `box-${i}` } }));
  const exporting = agents.map(async (a) => {
    const add = a.counter('gemini_cli.token.usage');
    for (let round = 0; round < 15; round++) {
      add(10, { type: 'output', model: 'gemini-2.5-pro' });
      await Promise.all([a.flush(), a.flush()]);
    }
    await a.shutdown();
  });
  assert.deepEqual(new Set(await Promise.all(posts)), new Set([200]));
  await Promise.all(exporting);
  const db = await openDb({ databaseUrl: url, sqlitePath: '' });
  try {
    const rows = await db.all<{ agent: string; input: number; output: number }>('SELECT agent, SUM(input)::int AS input, SUM(output)::int AS output FROM usage_daily GROUP BY agent ORDER BY agent');
    assert.deepEqual(rows, [
      { agent: 'claude-code', input: 2000, output: 0 },
      { agent: 'gemini-cli', input: 0, output: 300 },
    ]);
  } finally {
    await db.close();
  }
});
