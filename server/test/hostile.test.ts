import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createTeam, addPerson } from '../src/teams';
import { call, rawRequest, startBackend } from './harness';
import type { Backend } from './harness';
import { rng } from '../../src/shared/rng';

/** An independent client's worst: raw request lines, impossible values, bombs and floods. */
let b: Backend;
let ana: string;
let admin: string;
const today = new Date().toISOString().slice(0, 10);

function row(over: Record<string, unknown> = {}) {
  return { date: today, timezone: 'UTC', deviceId: 'laptop-0001', agent: 'claude-code', model: 'm', input: 10, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, ...over };
}

const raw = (bytes: string | Buffer) => rawRequest(b, bytes);

async function alive(): Promise<boolean> {
  const r = await fetch(`${b.url}/healthz`).catch(() => undefined);
  return r?.status === 200;
}

before(async () => {
  b = await startBackend('sqlite');
  admin = (await createTeam(b.db, 'Platform')).adminToken;
  ana = (await addPerson(b.db, 1, 'Ana', 'ana@example.com')).token;
});
after(async () => b.close());

test('a request target that is not a URL gets a JSON 400 and the server lives', async () => {
  const r = await raw('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(r.status, 400);
  assert.match(r.body, /"error":"bad_request"/);
  assert.ok(await alive());
});

test('oversized headers and malformed requests are refused with a JSON reason', async () => {
  const big = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`);
  assert.equal(big.status, 431);
  assert.match(big.body, /"error":"headers_too_large"/);
  const garbage = await raw('\x00\x01\x02 not http at all\r\n\r\n');
  assert.equal(garbage.status, 400);
  assert.match(garbage.body, /"reason"/);
  assert.ok(await alive());
});

test('impossible calendar dates are refused', async () => {
  for (const date of ['2026-02-30', '2026-13-01', '2026-04-31', '2026-00-10']) {
    const r = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ date })] });
    assert.equal(r.status, 422, date);
  }
});

test('hourly holds 24 whole numbers that add up to the row’s total', async () => {
  const ok = Array.from({ length: 24 }, (_, h) => (h === 3 ? 10 : 0));
  assert.equal((await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ hourly: ok })] })).status, 200);
  const huge = ok.map((v, h) => (h === 4 ? 1e308 : v));
  const frac = ok.map((v, h) => (h === 3 ? 9.5 : h === 4 ? 0.5 : v));
  const wrongSum = ok.map((v, h) => (h === 4 ? 5 : v));
  for (const hourly of [huge, frac, wrongSum]) {
    const r = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ hourly })] });
    assert.deepEqual([r.status, r.json.error], [422, 'invalid_hourly'], JSON.stringify(r.json));
  }
  const short = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ hourly: ok.slice(1) })] });
  assert.deepEqual([short.status, short.json.error], [400, 'invalid_rows']);
  assert.match(String(short.json.reason), /24/);
});

test('a tiny gzip of millions of empty rows is refused before it is parsed', async () => {
  const bomb = gzipSync('{"rows":[' + '{},'.repeat(4_000_000) + '{}]}');
  assert.ok(bomb.length < 40_000);
  const before = process.memoryUsage().rss;
  const t = Date.now();
  const r = await fetch(`${b.url}/api/v1/usage/daily`, { method: 'POST', headers: { authorization: `Bearer ${ana}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: new Uint8Array(bomb) });
  const json = (await r.json()) as { error: string };
  assert.ok([413, 422].includes(r.status), `${r.status}`);
  assert.match(json.error, /too_large|too_many/);
  const grew = (process.memoryUsage().rss - before) / 2 ** 20;
  console.log(`bomb refused in ${Date.now() - t} ms; RSS grew ${grew.toFixed(0)} MiB`);
  assert.ok(grew < 150, `RSS grew ${grew.toFixed(0)} MiB`);
  assert.ok(await alive());
});

test('bodies that are not application/json are refused with 415', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const r = await fetch(`${b.url}/api/v1/usage/daily`, { method: 'POST', headers: { authorization: `Bearer ${ana}`, 'content-type': type }, body: JSON.stringify({ rows: [row()] }) });
    assert.equal(r.status, 415, type);
    assert.equal(((await r.json()) as { error: string }).error, 'unsupported_media_type');
  }
  const charset = await fetch(`${b.url}/api/v1/usage/daily`, { method: 'POST', headers: { authorization: `Bearer ${ana}`, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ rows: [row()] }) });
  assert.equal(charset.status, 200);
});

test('adding the same email twice at once gives one person and a 409, never a 500', async () => {
  const tries = await Promise.all(Array.from({ length: 8 }, () => call(b, 'POST', '/api/v1/admin/people', admin, { name: 'Twin', email: 'twin@example.com' })));
  const statuses = tries.map((t) => t.status).sort();
  assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409, 409, 409]);
  assert.equal((await b.db.all('SELECT id FROM people WHERE email = ?', ['twin@example.com'])).length, 1);
});

test('fuzz: thousands of generated request lines and bodies, and the server keeps answering', async () => {
  const rand = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(Math.floor(rand() * 256))).join('');
  const values: unknown[] = [null, -1, 1e308, 'x', '2026-02-30', [], {}, 0.5, true, '𝔘', 'a'.repeat(300), Number.MAX_SAFE_INTEGER + 2];
  const statuses = new Map<number, number>();
  for (let i = 0; i < 3000; i++) {
    let status: number;
    if (i % 3 === 0) {
      const target = pick(['/', '/api/v1/usage/daily', 'http://[', '*', '/%zz', `/${junk(5)}`, '//x', '/api/v1/me?x=' + junk(10), '/../../etc/passwd']);
      const method = pick(['GET', 'POST', 'DELETE', 'PATCH', 'PUT', junk(3), 'CONNECT']);
      status = (await raw(`${method} ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc`)).status;
    } else {
      const r = row();
      for (let k = 0; k < 3; k++) (r as Record<string, unknown>)[pick(Object.keys(r))] = pick(values);
      const body = pick([JSON.stringify({ rows: [r] }), JSON.stringify({ rows: r }), JSON.stringify([r]), junk(50), '{"rows":[' + JSON.stringify(r).slice(0, 30), JSON.stringify({ rows: [r], cleared: [{ deviceId: pick(values), date: pick(values) }] })]);
      const res = await fetch(`${b.url}/api/v1/usage/daily`, { method: 'POST', headers: { authorization: `Bearer ${ana}`, 'content-type': 'application/json' }, body }).catch(() => undefined);
      status = res?.status ?? 0;
      if (res) {
        const text = await res.text();
        if (status !== 200) assert.doesNotThrow(() => JSON.parse(text), `a JSON reason for ${status}: ${text.slice(0, 80)}`);
      }
    }
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    assert.notEqual(status, 500, `request ${i} made the server fail`);
    assert.notEqual(status, 0, `request ${i} got no answer`);
  }
  console.log('fuzz statuses', Object.fromEntries(statuses));
  assert.ok(await alive());
});
