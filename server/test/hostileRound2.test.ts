import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createTeam, addPerson } from '../src/teams';
import { call, rawRequest, startBackend } from './harness';
import type { Backend } from './harness';

/** The second independent hostile client's findings, each as it reproduced them. */
let b: Backend;
let ana: string;
let bob: string;
let admin: string;
const today = new Date().toISOString().slice(0, 10);
const daysFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

function row(over: Record<string, unknown> = {}) {
  return { date: today, timezone: 'UTC', deviceId: 'laptop-0001', agent: 'claude-code', model: 'm', input: 10, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, ...over };
}

function post(token: string, body: unknown, gzip = false) {
  return call(b, 'POST', '/api/v1/usage/daily', token, body, { gzip });
}

const raw = (bytes: string | Buffer) => rawRequest(b, bytes);

before(async () => {
  b = await startBackend('sqlite');
  admin = (await createTeam(b.db, 'Platform')).adminToken;
  ana = (await addPerson(b.db, 1, 'Ana', 'ana@example.com')).token;
  bob = (await addPerson(b.db, 1, 'Bob', 'bob@example.com')).token;
});
after(async () => b.close());

test('deeply nested arrays are refused before JSON.parse builds them', async () => {
  const depth = 4_000_000;
  const bomb = gzipSync(`{"rows":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  const r = await fetch(`${b.url}/api/v1/usage/daily`, { method: 'POST', headers: { authorization: `Bearer ${ana}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: new Uint8Array(bomb) });
  assert.equal(r.status, 422);
  assert.equal(((await r.json()) as { error: string }).error, 'too_deep');
});

test('commas inside strings do not count toward the row limit: a valid batch of long model names is taken', async () => {
  const rows = Array.from({ length: 4000 }, (_, i) => row({ model: `m${i}${','.repeat(110)}`, date: daysFromToday(-(i % 50)), deviceId: `dev-${String(Math.floor(i / 50)).padStart(6, '0')}` }));
  const r = await post(bob, { rows }, true);
  assert.equal(r.status, 200, JSON.stringify(r.json));
});

test('a `person` that is not a string is a 400, never a 500', async () => {
  for (const person of [{ toString: 1 }, [{ toString: 1 }], 5]) {
    const r = await post(ana, { person, rows: [row()] });
    assert.equal(r.status, 400, JSON.stringify([person, r.json]));
    assert.equal(r.json.error, 'invalid_rows');
  }
});

test('a request without Host still gets a JSON answer', async () => {
  const r = await raw(`GET /api/v1/me HTTP/1.1\r\nAuthorization: Bearer ${ana}\r\nConnection: close\r\n\r\n`);
  // HTTP/1.1 asks for Host, but the answer must still be ours: JSON with a reason or the data.
  assert.ok(r.status >= 200 && r.status < 500, String(r.status));
  const json = JSON.parse(r.body.trim() || 'null') as unknown;
  assert.ok(json !== null && typeof json === 'object', JSON.stringify(r.body));
});

test('more rows than a report may hold is 422 too_many_rows, as the README says; a long string is 400 invalid_rows, not magnitude', async () => {
  const many = Array.from({ length: 10_001 }, (_, i) => row({ model: `m${i}` }));
  const r = await post(ana, { rows: many }, true);
  assert.deepEqual([r.status, r.json.error], [422, 'too_many_rows'], JSON.stringify(r.json));
  const cleared = Array.from({ length: 10_001 }, () => ({ deviceId: 'laptop-0001', date: today }));
  const c = await post(ana, { rows: [], cleared }, true);
  assert.deepEqual([c.status, c.json.error], [422, 'too_many_rows'], JSON.stringify(c.json));
  for (const bad of [row({ model: 'x'.repeat(129) }), row({ timezone: 'Z'.repeat(65) }), row({ hourly: new Array(25).fill(0) })]) {
    const s = await post(ana, { rows: [bad] });
    assert.deepEqual([s.status, s.json.error], [400, 'invalid_rows'], JSON.stringify(s.json));
  }
  const huge = await post(ana, { rows: [row({ input: 2 ** 53 + 2 })] });
  assert.deepEqual([huge.status, huge.json.error], [422, 'magnitude']);
});

test('a developer token on admin routes is refused for its role before its body is read', async () => {
  for (const [method, url] of [['POST', '/api/v1/admin/people'], ['PATCH', '/api/v1/admin/team']] as const) {
    const r = await call(b, method, url, ana, undefined, { raw: 'not json' });
    assert.equal(r.status, 403, `${method} ${url}: ${JSON.stringify(r.json)}`);
  }
});

test('what is stored is real: time zones, dates no zone has reached, a day both reported and cleared, control characters', async () => {
  for (const timezone of ['Not/AZone', "'; DROP TABLE usage_daily; --"]) {
    const r = await post(ana, { rows: [row({ timezone })] });
    assert.deepEqual([r.status, r.json.error], [422, 'invalid_timezone'], timezone);
  }
  // UTC+14 is the zone furthest ahead: its today is at most UTC's tomorrow.
  const future = await post(ana, { rows: [row({ date: daysFromToday(2) })] });
  assert.deepEqual([future.status, future.json.error], [422, 'date_range']);
  const both = await post(ana, { rows: [row()], cleared: [{ deviceId: 'laptop-0001', date: today }] });
  assert.deepEqual([both.status, both.json.error], [422, 'conflict']);
  for (const model of ['a\u0000b', 'x\ud800y', 'tab\there']) {
    const r = await post(ana, { rows: [row({ model })] });
    assert.deepEqual([r.status, r.json.error], [400, 'invalid_rows'], JSON.stringify(model));
  }
  const dup = await post(ana, { rows: [row({ input: 1 }), row({ input: 2 })] });
  assert.equal(dup.json.accepted, 1, 'one key twice is one row');
});

test('tier thresholds name real tiers; JSON in another charset is refused', async () => {
  for (const tierThresholds of [{ Foo: 5 }, Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`T${i}`, i + 1]))]) {
    const r = await call(b, 'PATCH', '/api/v1/admin/team', admin, { tierThresholds });
    assert.equal(r.status, 400, JSON.stringify(r.json));
  }
  const utf16 = await fetch(`${b.url}/api/v1/usage/daily`, { method: 'POST', headers: { authorization: `Bearer ${ana}`, 'content-type': 'application/json; charset=utf-16' }, body: JSON.stringify({ rows: [row()] }) });
  assert.equal(utf16.status, 415);
});

test('one developer cannot make /me and the summary heavy for everyone: rows per person and day are capped', async () => {
  const cy = (await addPerson(b.db, 1, 'Cy', 'cy@example.com')).token;
  // 600 models on one day over 3 devices: far beyond any real day (a heavy user has a few dozen).
  const rows = Array.from({ length: 600 }, (_, i) => row({ model: `model-${i}`, deviceId: `box-${String(i % 3).padStart(6, '0')}` }));
  const r = await post(cy, { rows }, true);
  assert.deepEqual([r.status, r.json.error], [422, 'too_many_rows_per_day'], JSON.stringify(r.json));
  // The same in small reports, one device at a time, is refused once the day is full.
  let refused = 0;
  for (let d = 0; d < 3; d++) {
    const part = rows.filter((_, i) => i % 3 === d);
    const p = await post(cy, { rows: part }, true);
    if (p.status === 422) refused++;
  }
  assert.equal(refused, 1, 'the day fills up at the third device');
  const [stored] = await b.db.all<{ n: number }>("SELECT COUNT(*) AS n FROM usage_daily u JOIN people p ON p.id = u.person_id WHERE p.email = 'cy@example.com' AND u.date = ?", [today]);
  assert.equal(Number(stored!.n), 400, 'the refused report left nothing behind');
  const summary = await call(b, 'GET', '/api/v1/team/summary', admin);
  assert.equal(summary.status, 200);
  assert.ok((summary.json.modelMix as unknown[]).length <= 21, `${(summary.json.modelMix as unknown[]).length} models listed`);
});
