import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnthropicMessagesClient } from '../../../../src/sync/orgApi/anthropicMessages';
import type { OrgApiError } from '../../../../src/sync/orgApi/types';
import { startAnthropicFake } from '../../../fakes/anthropicFake';

test('Anthropic Messages usage: 5 days over 3 pages, grouped by account, API key and model; cache writes are 1 h + 5 min', async () => {
  const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
  const rows = [...days.map((date, i) => ({ date, userId: 'acct-ana', model: 'claude-sonnet-4-5', input: i, output: 1, cacheRead: 2, cacheWrite: 3 })), { date: '2026-11-20', apiKeyId: 'apikey_1', model: 'claude-haiku-4-5', input: 9, output: 9, cacheRead: 9, cacheWrite: 9 }];
  const fake = await startAnthropicFake({ rows, pageSize: 2 });
  try {
    const client = new AnthropicMessagesClient({ baseUrl: fake.url, key: 'sk-ant-admin-test' });
    const got = await client.fetchDays('2026-11-16', '2026-11-20');
    assert.equal(fake.requests.length, 3);
    const q = fake.requests[0]!.url.searchParams;
    assert.deepEqual([q.get('starting_at'), q.get('ending_at'), q.get('bucket_width'), q.getAll('group_by[]').join()], ['2026-11-16T00:00:00Z', '2026-11-21T00:00:00Z', '1d', 'account_id,api_key_id,model']);
    assert.equal(got.length, 6);
    assert.deepEqual(got.at(-1), { provider: 'anthropic-messages', date: '2026-11-20', actor: { apiKeyId: 'apikey_1' }, agent: 'api', model: 'claude-haiku-4-5', input: 9, output: 9, cacheRead: 9, cacheWrite: 9 });
    assert.deepEqual(got[2]!.actor, { userId: 'acct-ana' });
    // A result as the docs show it, with both cache-write lifetimes: they add up.
    fake.answerNext({ status: 200, body: { data: [{ starting_at: '2026-11-20T00:00:00Z', ending_at: '2026-11-21T00:00:00Z', results: [{ account_id: null, api_key_id: null, model: 'claude-opus-4-1', uncached_input_tokens: 10, cache_creation: { ephemeral_1h_input_tokens: 100, ephemeral_5m_input_tokens: 1000 }, cache_read_input_tokens: 5, output_tokens: 7 }] }], has_more: false, next_page: null } });
    assert.deepEqual((await client.fetchDays('2026-11-20', '2026-11-20'))[0], { provider: 'anthropic-messages', date: '2026-11-20', actor: {}, agent: 'api', model: 'claude-opus-4-1', input: 10, output: 7, cacheRead: 5, cacheWrite: 1100 });
  } finally {
    await fake.close();
  }
});

test('Anthropic Messages usage: a page missing mid-way fails; a standard key is refused', async () => {
  const fake = await startAnthropicFake({ rows: [], pageSize: 2 });
  try {
    fake.failLaterPage(404);
    await assert.rejects(new AnthropicMessagesClient({ baseUrl: fake.url, key: 'sk-ant-admin-test' }).fetchDays('2026-11-16', '2026-11-20'), (e: OrgApiError) => e.kind === 'rejected');
    await assert.rejects(new AnthropicMessagesClient({ baseUrl: fake.url, key: 'sk-ant-api03-x' }).checkKey(), (e: OrgApiError) => e.kind === 'wrong-key-type');
  } finally {
    await fake.close();
  }
});
