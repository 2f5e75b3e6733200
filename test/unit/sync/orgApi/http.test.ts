import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetryAfter, redact } from '../../../../src/sync/orgApi/http';

test('Retry-After: delta-seconds or an HTTP date (RFC 9110 §10.2.3); unreadable → undefined', () => {
  const now = Date.parse('2026-11-21T10:00:00Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter('Sat, 21 Nov 2026 10:00:05 GMT', now), 5_000);
  assert.equal(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', now), 0, 'a date in the past means now');
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter('soon', now), undefined);
});

test('redact removes the key wherever it appears', () => {
  assert.equal(redact('bad key sk-ant-admin-xyz (sk-ant-admin-xyz)', 'sk-ant-admin-xyz'), 'bad key [key] ([key])');
});
