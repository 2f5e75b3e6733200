import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actorKeys } from '../../../../src/sync/orgApi/identity';

test('actor keys: emails and logins lower-cased, user ids named per provider, most specific first', () => {
  assert.deepEqual(actorKeys('openai-usage', { email: 'Ana@X.com', userId: 'user-1', apiKeyId: 'key_1' }), [['email', 'ana@x.com'], ['openai-user', 'user-1'], ['api-key-id', 'key_1']]);
  assert.deepEqual(actorKeys('github-copilot', { userId: '42', login: 'Ana-GH' }), [['github-user', '42'], ['github-login', 'ana-gh']]);
  assert.deepEqual(actorKeys('anthropic-messages', { userId: 'acct_1' }), [['anthropic-account', 'acct_1']]);
  assert.deepEqual(actorKeys('anthropic-claude-code', { apiKeyName: 'CI Bot' }), [['api-key-name', 'CI Bot']]);
});
