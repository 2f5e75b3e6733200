import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnthropicClaudeCodeClient } from '../../../../src/sync/orgApi/anthropicClaudeCode';
import { OrgApiError } from '../../../../src/sync/orgApi/types';
import { startAnthropicFake } from '../../../fakes/anthropicFake';
import { generateOrgUsage } from '../../../fakes/usage';
import type { FakeUsage } from '../../../fakes/usage';

const DAY = '2026-11-20';
const use = (email: string, model: string, n: number, date = DAY): FakeUsage => ({ date, email, model, input: n, output: 2 * n, cacheRead: 10 * n, cacheWrite: 3 * n });

/** A recorder in place of setTimeout: tests check the waits without waiting. */
function clock() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

async function rejection(p: Promise<unknown>): Promise<OrgApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof OrgApiError, `an OrgApiError, not ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

test('Claude Code Analytics: pages through a day (3 pages), one row per actor and model with the four kinds', async () => {
  const rows = [use('a@x.com', 'claude-sonnet-4-5', 1), use('a@x.com', 'claude-opus-4-1', 5), use('b@x.com', 'claude-sonnet-4-5', 2), use('c@x.com', 'claude-sonnet-4-5', 3), use('d@x.com', 'claude-sonnet-4-5', 4), { date: DAY, apiKeyName: 'ci-bot', model: 'claude-sonnet-4-5', input: 7, output: 7, cacheRead: 7, cacheWrite: 7 }];
  const fake = await startAnthropicFake({ rows, pageSize: 2 });
  try {
    const client = new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test' });
    const got = await client.fetchDays(DAY, DAY);
    assert.equal(fake.requests.length, 3);
    assert.deepEqual(fake.requests.map((r) => r.url.searchParams.has('page')), [false, true, true]);
    assert.ok(fake.requests.every((r) => r.url.searchParams.get('starting_at') === DAY && r.url.searchParams.get('limit') === '1000'));
    assert.equal(got.length, 6);
    assert.deepEqual(got.find((r) => r.model === 'claude-opus-4-1'), { provider: 'anthropic-claude-code', date: DAY, actor: { email: 'a@x.com' }, agent: 'claude-code', model: 'claude-opus-4-1', input: 5, output: 10, cacheRead: 50, cacheWrite: 15 });
    assert.deepEqual(got.find((r) => r.actor.apiKeyName)?.actor, { apiKeyName: 'ci-bot' });
  } finally {
    await fake.close();
  }
});

test('Claude Code Analytics: one request per day across a range', async () => {
  const fake = await startAnthropicFake({ rows: [use('a@x.com', 'm', 1, '2026-11-18'), use('a@x.com', 'm', 2, '2026-11-20')] });
  try {
    const got = await new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test' }).fetchDays('2026-11-18', '2026-11-20');
    assert.deepEqual(fake.requests.map((r) => r.url.searchParams.get('starting_at')), ['2026-11-18', '2026-11-19', '2026-11-20']);
    assert.deepEqual(got.map((r) => [r.date, r.input]), [['2026-11-18', 1], ['2026-11-20', 2]]);
  } finally {
    await fake.close();
  }
});

test('Claude Code Analytics: 429 waits as Retry-After says (seconds, then an HTTP date), then succeeds', async () => {
  const fake = await startAnthropicFake({ rows: [use('a@x.com', 'm', 1)] });
  try {
    const c = clock();
    const now = Date.parse('2026-11-21T10:00:00Z');
    const client = new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test', sleep: c.sleep, now: () => now });
    fake.rateLimit(1, '7');
    fake.rateLimit(1, new Date(now + 3000).toUTCString());
    const got = await client.fetchDays(DAY, DAY);
    assert.deepEqual(c.waits, [7000, 3000]);
    assert.equal(got.length, 1);
  } finally {
    await fake.close();
  }
});

test('Claude Code Analytics: 5xx backs off 1 s, 2 s, 4 s … then gives up with a clear error; a Retry-After beyond 2 min is not waited', async () => {
  const fake = await startAnthropicFake({ rows: [use('a@x.com', 'm', 1)] });
  try {
    const c = clock();
    const client = new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test', sleep: c.sleep, maxRetries: 3 });
    fake.failNext(4, 529);
    const e = await rejection(client.fetchDays(DAY, DAY));
    assert.equal(e.kind, 'unavailable');
    assert.equal(e.status, 529);
    assert.match(e.message, /failed with 529 after 4 tries/);
    assert.deepEqual(c.waits, [1000, 2000, 4000]);
    fake.failNext(1, 500);
    assert.equal((await client.fetchDays(DAY, DAY)).length, 1, 'one 500 is retried away');
    fake.rateLimit(1, '3600');
    assert.equal((await rejection(client.fetchDays(DAY, DAY))).kind, 'rate-limited');
  } finally {
    await fake.close();
  }
});

test('Claude Code Analytics: a standard key, a non-admin key, a missing scope and a revoked key each get their own kind; the key never shows', async () => {
  const fake = await startAnthropicFake({ rows: [], keys: { 'sk-ant-admin-test': 'admin', 'sk-ant-admin-member': 'not-admin', 'sk-ant-oat01-noscope': 'missing-scope' } });
  try {
    const kindOf = async (key: string) => {
      const e = await rejection(new AnthropicClaudeCodeClient({ baseUrl: fake.url, key }).checkKey());
      assert.ok(!e.message.includes(key), 'the message never carries the key');
      return e.kind;
    };
    const before = fake.requests.length;
    assert.equal(await kindOf('sk-ant-api03-standard-key'), 'wrong-key-type');
    assert.equal(fake.requests.length, before, 'a standard key is refused before it is sent anywhere');
    assert.equal(await kindOf('sk-ant-admin-member'), 'not-admin');
    assert.equal(await kindOf('sk-ant-oat01-noscope'), 'missing-scope');
    assert.equal(await kindOf('sk-ant-admin-revoked'), 'rejected');
    await new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test' }).checkKey();
  } finally {
    await fake.close();
  }
});

test('Claude Code Analytics: nothing listening is "network" after retries, with the cause named', async () => {
  // A port that was free a moment ago: connection refused (not a port fetch() blocks, like 9).
  const fake = await startAnthropicFake({ rows: [] });
  const base = fake.url;
  await fake.close();
  const c = clock();
  const e = await rejection(new AnthropicClaudeCodeClient({ baseUrl: base, key: 'sk-ant-admin-test', sleep: c.sleep, maxRetries: 2 }).fetchDays(DAY, DAY));
  assert.equal(e.kind, 'network');
  assert.match(e.message, /could not reach 127\.0\.0\.1:\d+ \(fetch failed: ECONNREFUSED\)/);
  assert.deepEqual(c.waits, [1000, 2000]);
});

test('Claude Code Analytics: a body not in the documented shape is "bad-response", never a crash or a silent skip', async () => {
  const fake = await startAnthropicFake({ rows: [use('a@x.com', 'm', 1)] });
  try {
    const client = new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test' });
    fake.answerNext({ status: 200, body: '<html>proxy login</html>' });
    assert.equal((await rejection(client.fetchDays(DAY, DAY))).kind, 'bad-response');
    fake.answerNext({ status: 200, body: { data: [{ date: DAY, actor: { type: 'user_actor', email_address: 'a@x.com' }, model_breakdown: [{ model: 'm', tokens: { input: -1, output: 0, cache_read: 0, cache_creation: 0 } }] }], has_more: false } });
    const e = await rejection(client.fetchDays(DAY, DAY));
    assert.equal(e.kind, 'bad-response');
    assert.match(e.message, /data\.0\.model_breakdown\.0\.tokens\.input/);
    fake.answerNext({ status: 200, body: { data: [{ date: DAY, actor: { type: 'user_actor' }, model_breakdown: [] }], has_more: false } });
    assert.equal((await rejection(client.fetchDays(DAY, DAY))).kind, 'bad-response', 'a user actor without an email');
    // An actor type the docs don't list yet: kept, unattributable, not fatal.
    fake.answerNext({ status: 200, body: { data: [{ date: DAY, actor: { type: 'service_actor', id: 's1' }, model_breakdown: [{ model: 'm', tokens: { input: 1, output: 1, cache_read: 1, cache_creation: 1 } }] }], has_more: false } });
    assert.deepEqual((await client.fetchDays(DAY, DAY)).map((r) => r.actor), [{}]);
  } finally {
    await fake.close();
  }
});

test('Claude Code Analytics: a page missing mid-way fails the fetch (no partial result); a 500 on it is retried', async () => {
  const rows = ['a', 'b', 'c', 'd', 'e'].map((p) => use(`${p}@x.com`, 'm', 1));
  const fake = await startAnthropicFake({ rows, pageSize: 2 });
  try {
    const client = new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test', sleep: async () => undefined });
    fake.failLaterPage(404);
    assert.equal((await rejection(client.fetchDays(DAY, DAY))).kind, 'rejected');
    fake.failLaterPage(500);
    assert.equal((await client.fetchDays(DAY, DAY)).length, 5);
  } finally {
    await fake.close();
  }
});

test('Claude Code Analytics: a revised day comes back with the new numbers; two emails stay two rows (the backend decides who they are)', async () => {
  const fake = await startAnthropicFake({ rows: [use('ana@x.com', 'm', 1), use('ana@personal.com', 'm', 2)] });
  try {
    const client = new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test' });
    assert.deepEqual((await client.fetchDays(DAY, DAY)).map((r) => [r.actor.email, r.input]), [['ana@x.com', 1], ['ana@personal.com', 2]]);
    fake.rows = [use('ana@x.com', 'm', 4), use('ana@personal.com', 'm', 2)];
    assert.deepEqual((await client.fetchDays(DAY, DAY)).map((r) => [r.actor.email, r.input]), [['ana@x.com', 4], ['ana@personal.com', 2]]);
  } finally {
    await fake.close();
  }
});

test('Claude Code Analytics: a generated 30-person org (every fifth at zero) over a week comes back whole', async () => {
  const days = ['2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
  const rows = generateOrgUsage(30, days);
  const fake = await startAnthropicFake({ rows, pageSize: 10 });
  try {
    const got = await new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test' }).fetchDays(days[0]!, days.at(-1)!);
    assert.equal(new Set(got.map((r) => r.actor.email)).size, 24);
    const sum = (xs: Array<{ input: number; output: number; cacheRead: number; cacheWrite: number }>) => xs.reduce((n, r) => n + r.input + r.output + r.cacheRead + r.cacheWrite, 0);
    assert.equal(sum(got), sum(rows));
    assert.equal(fake.requests.length, 7 * 3, '24 records a day in pages of 10');
  } finally {
    await fake.close();
  }
});
