import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAiUsageClient, openAiClasses } from '../../../../src/sync/orgApi/openaiUsage';
import { OrgApiError } from '../../../../src/sync/orgApi/types';
import { startOpenAiFake } from '../../../fakes/openaiFake';
import type { FakeUsage } from '../../../fakes/usage';

const row = (date: string, userId: string | undefined, email: string | undefined, n: number, extra: Partial<FakeUsage> = {}): FakeUsage => ({ date, userId, email, model: 'gpt-5', input: n, output: n, cacheRead: 0, cacheWrite: 0, ...extra });

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof OrgApiError, String(e));
    return e.kind;
  }
  return 'resolved';
}

test('OpenAI: input_tokens includes input_cached_tokens, so uncached input is the difference (hand-computed)', () => {
  // 12,500 input of which 10,000 cached → 2,500 uncached + 10,000 cache reads; 700 output; total 13,200 (not 23,200).
  assert.deepEqual(openAiClasses({ input_tokens: 12_500, input_cached_tokens: 10_000, output_tokens: 700 }), { input: 2_500, output: 700, cacheRead: 10_000, cacheWrite: 0 });
  assert.deepEqual(openAiClasses({ input_tokens: 900, input_cached_tokens: null, output_tokens: 1 }), { input: 900, output: 1, cacheRead: 0, cacheWrite: 0 });
});

test('OpenAI: the cached-token arithmetic through the wire, from a body as OpenAI sends it', async () => {
  const fake = await startOpenAiFake({ rows: [] });
  try {
    fake.answerNext({ status: 200, body: { object: 'page', data: [{ object: 'bucket', start_time: 1_763_596_800, end_time: 1_763_683_200, results: [{ object: 'organization.usage.completions.result', input_tokens: 48_000, input_cached_tokens: 40_000, output_tokens: 2_000, num_model_requests: 9, user_id: null, api_key_id: 'key_ci', model: 'gpt-5-codex', project_id: null, batch: null }] }], has_more: false, next_page: null } });
    const got = await new OpenAiUsageClient({ baseUrl: fake.url, key: 'sk-admin-test' }).fetchDays('2025-11-20', '2025-11-20');
    assert.deepEqual(got, [{ provider: 'openai-usage', date: '2025-11-20', actor: { apiKeyId: 'key_ci' }, agent: 'api', model: 'gpt-5-codex', input: 8_000, output: 2_000, cacheRead: 40_000, cacheWrite: 0 }]);
  } finally {
    await fake.close();
  }
});

test('OpenAI: 5 days over 3 pages of 2 buckets, grouped by user, API key and model; user ids become emails (users paged too)', async () => {
  const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
  const rows = [...days.map((d, i) => row(d, 'user-a', 'Ana@X.com', i + 1, { cacheRead: 100 })), row('2026-11-20', 'user-b', 'bo@x.com', 50), row('2026-11-20', 'user-c', 'cy@x.com', 60), row('2026-11-19', undefined, undefined, 7, { apiKeyId: 'key_1' })];
  const fake = await startOpenAiFake({ rows, pageSize: 2 });
  try {
    const got = await new OpenAiUsageClient({ baseUrl: fake.url, key: 'sk-admin-test' }).fetchDays('2026-11-16', '2026-11-20');
    const usage = fake.requests.filter((r) => r.url.pathname.endsWith('/completions'));
    assert.equal(usage.length, 3);
    assert.deepEqual(usage[0]!.url.searchParams.getAll('group_by'), ['user_id', 'api_key_id', 'model']);
    assert.equal(usage[0]!.url.searchParams.get('bucket_width'), '1d');
    assert.equal(usage[0]!.url.searchParams.get('start_time'), String(Date.parse('2026-11-16T00:00:00Z') / 1000));
    assert.equal(usage[0]!.url.searchParams.get('end_time'), String(Date.parse('2026-11-21T00:00:00Z') / 1000), 'end_time is exclusive: the next midnight');
    assert.equal(fake.requests.filter((r) => r.url.pathname.endsWith('/users')).length, 2);
    assert.equal(got.length, 8);
    const ana = got.filter((r) => r.actor.userId === 'user-a');
    assert.deepEqual(ana.map((r) => [r.date, r.input, r.cacheRead]), days.map((d, i) => [d, i + 1, 100]));
    assert.equal(ana[0]!.actor.email, 'ana@x.com');
    assert.deepEqual(got.find((r) => r.actor.apiKeyId)!.actor, { apiKeyId: 'key_1' });
  } finally {
    await fake.close();
  }
});

test('OpenAI: key kinds — project key refused before sending, missing scope, not an owner, wrong key; 429 then success', async () => {
  const fake = await startOpenAiFake({ rows: [row('2026-11-20', 'user-a', 'a@x.com', 1)], keys: { 'sk-admin-test': 'admin', 'sk-admin-reader': 'missing-scope', 'sk-admin-member': 'not-admin' } });
  try {
    const client = (key: string) => new OpenAiUsageClient({ baseUrl: fake.url, key, sleep: async () => undefined });
    assert.equal(await kindOf(client('sk-proj-abc123').checkKey()), 'wrong-key-type');
    assert.equal(fake.requests.length, 0);
    assert.equal(await kindOf(client('sk-admin-reader').checkKey()), 'missing-scope');
    assert.equal(await kindOf(client('sk-admin-member').checkKey()), 'not-admin');
    assert.equal(await kindOf(client('sk-admin-gone').checkKey()), 'rejected');
    const waits: number[] = [];
    fake.rateLimit(2, '2');
    const got = await new OpenAiUsageClient({ baseUrl: fake.url, key: 'sk-admin-test', sleep: async (ms) => void waits.push(ms) }).fetchDays('2026-11-20', '2026-11-20');
    assert.deepEqual(waits, [2000, 2000]);
    assert.equal(got.length, 1);
  } finally {
    await fake.close();
  }
});

test('OpenAI: a page missing mid-way and a bad body both fail the fetch', async () => {
  const fake = await startOpenAiFake({ rows: [row('2026-11-16', 'u', 'u@x.com', 1), row('2026-11-20', 'u', 'u@x.com', 1)], pageSize: 2 });
  try {
    const client = new OpenAiUsageClient({ baseUrl: fake.url, key: 'sk-admin-test', sleep: async () => undefined, maxRetries: 1 });
    fake.failLaterPage(404);
    assert.equal(await kindOf(client.fetchDays('2026-11-16', '2026-11-20')), 'rejected');
    fake.failLaterPage(503);
    fake.failLaterPage(503);
    assert.equal(await kindOf(client.fetchDays('2026-11-16', '2026-11-20')), 'unavailable');
    fake.answerNext({ status: 200, body: { object: 'page', data: [{ start_time: 'yesterday', results: [] }], has_more: false } });
    assert.equal(await kindOf(client.fetchDays('2026-11-16', '2026-11-20')), 'bad-response');
  } finally {
    await fake.close();
  }
});

test('OpenAI: a key that may read usage but not the user list keeps user ids (and says why); the fetch still succeeds', async () => {
  const fake = await startOpenAiFake({ rows: [row('2026-11-20', 'user-a', 'a@x.com', 1)], keys: { 'sk-admin-usage': 'usage-only' } });
  try {
    const log: string[] = [];
    const got = await new OpenAiUsageClient({ baseUrl: fake.url, key: 'sk-admin-usage', log: (l) => log.push(l) }).fetchDays('2026-11-20', '2026-11-20');
    assert.deepEqual(got.map((r) => r.actor), [{ userId: 'user-a' }]);
    assert.match(log.join('\n'), /user ids stay ids — .*Missing scopes: api\.management\.read/);
  } finally {
    await fake.close();
  }
});
