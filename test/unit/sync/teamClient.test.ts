import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { checkTeamToken, TeamClient, joinUrl } from '../../../src/sync/teamClient';
import { meFixture } from '../../fixtures/me';
import { hostKey } from '../../../src/core/hostKey';
import { HOSTILE_REASON, NOTIFICATION_LINK } from '../../fixtures/hostileText';

test('paths are joined under the configured base, sub-path included', () => {
  assert.equal(joinUrl('https://corp.example/token-tier/', 'api/v1/me'), 'https://corp.example/token-tier/api/v1/me');
  assert.equal(joinUrl('https://corp.example/token-tier', 'api/v1/me'), 'https://corp.example/token-tier/api/v1/me');
  assert.equal(joinUrl('https://corp.example', 'api/v1/me'), 'https://corp.example/api/v1/me');
  assert.equal(joinUrl('https://corp.example/a/b/?x=1', 'api/v1/usage'), 'https://corp.example/a/b/api/v1/usage');
});

test('a backend under a sub-path receives its requests there', async () => {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(req.method === 'POST' ? '{"accepted":0}' : '{"deleted":0}'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sub/`;
    const client = new TeamClient(base, 'tt_' + 'x'.repeat(43));
    assert.deepEqual(await client.postRows([], []), { ok: true });
    await client.deleteMine();
    assert.deepEqual(seen, ['POST /sub/api/v1/usage/daily', 'DELETE /sub/api/v1/usage']);
  } finally {
    server.close();
  }
});

test("a report carries the machine's host key when the client has one, and only then", async () => {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(gunzipSync(Buffer.concat(chunks)).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":0}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const key = hostKey('Ana-MacBook.local');
    await new TeamClient(base, 'tt_' + 'x'.repeat(43), fetch, key).postRows([], []);
    await new TeamClient(base, 'tt_' + 'x'.repeat(43)).postRows([], []);
    assert.deepEqual(bodies.map((b) => JSON.parse(b)), [{ rows: [], host: key }, { rows: [] }]);
    assert.equal(key, hostKey(' ana-macbook.local. '));
    assert.doesNotMatch(bodies[0]!, /macbook/i);
  } finally {
    server.close();
  }
});

test("a backend's reason comes back as plain text from every call: no link a notification would run", async () => {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(req.method === 'POST' ? 400 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ reason: HOSTILE_REASON + 'z'.repeat(5000) })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const client = new TeamClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'tt_' + 'x'.repeat(43));
    const messages: string[] = [];
    const posted = await client.postRows([], []);
    assert.equal(posted.ok, false);
    if (!posted.ok) messages.push(posted.message);
    await client.me().catch((e: Error) => messages.push(e.message));
    await client.deleteMine().catch((e: Error) => messages.push(e.message));
    assert.equal(messages.length, 3);
    for (const m of messages) {
      assert.deepEqual(m.match(NOTIFICATION_LINK), null, m);
      assert.doesNotMatch(m, /\n/);
      assert.ok(m.length < 400, `bounded: ${m.length}`);
      assert.match(m, /Session expired/);
    }
  } finally {
    server.close();
  }
});

test('the token is never sent over plain http to another machine: every call says why instead', async () => {
  const calls: string[] = [];
  const spy = (async (url: string | URL | Request) => {
    calls.push(String(url));
    return new Response('{"accepted":0}');
  }) as typeof fetch;
  const client = new TeamClient('http://tokens.example.com', 'tt_' + 'x'.repeat(43), spy);
  const posted = await client.postRows([], []);
  assert.equal(posted.ok, false);
  assert.match(posted.ok ? '' : posted.message, /https:\/\//);
  await assert.rejects(client.me(), /https:\/\//);
  await assert.rejects(client.deleteMine(), /https:\/\//);
  assert.deepEqual(calls, []);
  // This machine over http is fine (the reference server's default).
  await new TeamClient('http://127.0.0.1:9', 'tt_' + 'x'.repeat(43), spy).postRows([], []);
  assert.equal(calls.length, 1);
});

test('a team token is checked against /me before it is kept: whose it is, or why it was refused, or that the backend is out of reach', async () => {
  const server = http.createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    if (auth === `Bearer tt_${'g'.repeat(43)}`) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(meFixture({}, { name: 'Platform' })));
    res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized', reason: 'unknown bearer token [x](command:evil)' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const good = await checkTeamToken(url, `tt_${'g'.repeat(43)}`);
    assert.deepEqual(good.ok && { person: good.me.person.name, team: good.me.team.name }, { person: 'Ana', team: 'Platform' });
    const bad = await checkTeamToken(url, `tt_${'b'.repeat(43)}`);
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.kind, 'refused');
    assert.deepEqual(!bad.ok && bad.message.match(NOTIFICATION_LINK), null);
  } finally {
    server.close();
  }
  const gone = await checkTeamToken('http://127.0.0.1:9', `tt_${'g'.repeat(43)}`);
  assert.equal(!gone.ok && gone.kind, 'unreachable');
  const plain = await checkTeamToken('http://tokens.example.com', `tt_${'g'.repeat(43)}`);
  assert.equal(!plain.ok && plain.kind, 'insecure');
});
