import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { openDb } from '../../../server/src/db/db';
import type { Db } from '../../../server/src/db/db';
import { createApp } from '../../../server/src/http/app';
import { addPerson, createTeam } from '../../../server/src/teams';
import { Outbox } from '../../../src/sync/outbox';
import { SyncEngine } from '../../../src/sync/syncEngine';
import { TeamClient, retryAfter } from '../../../src/sync/teamClient';
import type { ReportRow } from '../../../src/core/report';

const DAY = 86_400_000;

function ninetyDays(scale = 1): ReportRow[] {
  const rows: ReportRow[] = [];
  for (let d = 89; d >= 0; d--) {
    const date = new Date(Date.now() - d * DAY).toISOString().slice(0, 10);
    for (const [agent, model] of [['claude-code', 'claude-sonnet-4-5'], ['claude-code', 'claude-opus-4-1'], ['codex', 'gpt-5.1-codex']] as const) {
      const base = (d + 1) * 1000 * scale + model.length;
      const hourly = new Array<number>(24).fill(0);
      hourly[d % 24] = base * 4;
      rows.push({ date, timezone: 'UTC', agent, model, input: base, output: base, cacheRead: base, cacheWrite: base, reasoning: Math.floor(base / 2), hourly });
    }
  }
  return rows;
}

async function serve(db: Db, port = 0): Promise<{ server: Server; port: number }> {
  const server = createApp({ db, webDir: path.resolve('dist/server-web') });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

async function serverTotal(db: Db): Promise<number> {
  const [r] = await db.all<{ t: number }>('SELECT SUM(input + output + cache_read + cache_write) AS t FROM usage_daily');
  return Number(r?.t ?? 0);
}

const localTotal = (rows: ReportRow[]) => rows.reduce((s, r) => s + r.input + r.output + r.cacheRead + r.cacheWrite, 0);

test('a backend killed and restarted mid-flush ends with exact totals', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-sync-'));
  const dbFile = path.join(dir, 'team.db');
  let db = await openDb({ sqlitePath: dbFile });
  await createTeam(db, 'Team');
  const { token } = await addPerson(db, 1, 'Ana', 'ana@example.com');
  const first = await serve(db);
  let server = first.server;
  const port = first.port;
  let requests = 0;
  const killOnFourth = (s: Server) =>
    s.on('request', () => {
      if (++requests === 4) setImmediate(() => (s.closeAllConnections(), s.close()));
    });
  killOnFourth(server);
  const statuses: string[] = [];
  const outbox = new Outbox(path.join(dir, 'outbox.json'));
  const client = new TeamClient(`http://127.0.0.1:${port}`, token);
  const engine = new SyncEngine(outbox, () => client, () => 'device-000001', { batchRows: 30, random: () => 0, onStatus: (s) => statuses.push(s.state) });
  const since = ninetyDays()[0]!.date;
  try {
    const rows = ninetyDays();
    engine.update(rows, since);
    await engine.flush();
    assert.equal(engine.status.state, 'offline');
    assert.ok(engine.status.queuedDays > 0 && engine.status.queuedDays < 90, `${engine.status.queuedDays} days queued`);
    assert.match(engine.status.message!, /unreachable/);
    // The backend comes back (a new process on the same database and port); a restart of the
    // extension reads the same outbox from disk.
    await db.close();
    db = await openDb({ sqlitePath: dbFile });
    ({ server } = await serve(db, port));
    const again = new SyncEngine(new Outbox(path.join(dir, 'outbox.json')), () => client, () => 'device-000001', { batchRows: 30 });
    again.update(rows, since);
    await again.flush();
    assert.equal(again.status.state, 'idle');
    assert.equal(again.status.queuedDays, 0);
    assert.equal(await serverTotal(db), localTotal(rows));
    // Later changes to old days replace them: totals follow the local ledger exactly.
    const changed = ninetyDays(2);
    again.update(changed, since);
    await again.flush();
    assert.equal(await serverTotal(db), localTotal(changed));
    assert.ok(statuses.includes('syncing'));
  } finally {
    engine.dispose();
    server.closeAllConnections();
    server.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a backend that answers garbage or refuses the token is reported, and nothing is lost', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-sync-'));
  let answer: () => Response = () => new Response('<html>proxy error</html>', { status: 200 });
  const fake = (async () => answer()) as unknown as typeof fetch;
  const outbox = new Outbox(path.join(dir, 'outbox.json'));
  const engine = new SyncEngine(outbox, () => new TeamClient('http://127.0.0.1:9', 'tt_x', fake), () => 'device-000001', { random: () => 0 });
  try {
    engine.update(ninetyDays().slice(0, 6), '2000-01-01');
    await engine.flush();
    assert.equal(engine.status.state, 'error');
    assert.match(engine.status.message!, /unexpected body/);
    assert.equal(engine.status.queuedDays, 2);
    answer = () => new Response(JSON.stringify({ error: 'unauthorized', reason: 'missing or unknown bearer token' }), { status: 401 });
    await engine.flush();
    assert.equal(engine.status.state, 'unauthorized');
    assert.match(engine.status.message!, /token rejected — backend refused the token/);
    answer = () => new Response(JSON.stringify({ error: 'busy', reason: 'slow down' }), { status: 429, headers: { 'retry-after': '120' } });
    const before = Date.now();
    await engine.flush();
    assert.ok(engine.status.nextAttemptAt! - before >= 120_000, 'Retry-After is honoured');
    answer = () => new Response(JSON.stringify({ accepted: 6 }), { status: 200 });
    await engine.flush();
    assert.deepEqual([engine.status.state, engine.status.queuedDays], ['idle', 0]);
  } finally {
    engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('after a send, busy days wait for the minimum interval instead of posting on every change', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-sync-'));
  const posts: number[] = [];
  const fake = (async (_url: URL, init: RequestInit) => {
    posts.push(Date.now());
    void init;
    return new Response(JSON.stringify({ accepted: 3 }), { status: 200 });
  }) as unknown as typeof fetch;
  const engine = new SyncEngine(new Outbox(path.join(dir, 'outbox.json')), () => new TeamClient('http://127.0.0.1:9', 'tt_x', fake), () => 'device-000001', { minIntervalMs: 200 });
  try {
    const rows = ninetyDays().slice(-3);
    const since = rows[0]!.date;
    engine.update(rows, since);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(posts.length, 1);
    engine.update(rows.map((r) => ({ ...r, output: r.output + 1, hourly: r.hourly.map((v) => (v ? v + 1 : 0)) })), since);
    engine.update(rows.map((r) => ({ ...r, output: r.output + 2, hourly: r.hourly.map((v) => (v ? v + 2 : 0)) })), since);
    assert.equal(posts.length, 1, 'changes within the interval wait');
    assert.equal(engine.status.queuedDays, 1);
    await new Promise((r) => setTimeout(r, 350));
    assert.equal(posts.length, 2, 'then the latest numbers go in one send');
    assert.equal(engine.status.queuedDays, 0);
  } finally {
    engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Retry-After takes seconds or a date', () => {
  assert.equal(retryAfter('7'), 7000);
  assert.equal(retryAfter(new Date(Date.now() + 60_000).toUTCString(), Date.now()) ! > 50_000, true);
  assert.equal(retryAfter('soon'), undefined);
});
