import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { getJson, parseRetryAfter, redact } from '../../../../src/sync/orgApi/http';
import { OrgApiError } from '../../../../src/sync/orgApi/types';

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

test('a server that never answers: abandoned after timeoutMs, retried, then "network"', async () => {
  const server = http.createServer(() => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const waits: number[] = [];
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    await assert.rejects(
      getJson({ key: 'k', timeoutMs: 100, maxRetries: 1, sleep: async (ms) => void waits.push(ms) }, { url, headers: {}, schema: z.object({}), api: 'Test API', classify: () => undefined }),
      (e: unknown) => e instanceof OrgApiError && e.kind === 'network' && /no answer in 0\.1 s/.test(e.message),
    );
    assert.deepEqual(waits, [1000]);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('the admin key is never sent over plain http to another machine', async () => {
  let called = false;
  const fetchImpl = (async () => {
    called = true;
    return new Response('{}');
  }) as typeof fetch;
  await assert.rejects(
    getJson({ key: 'sk-admin-k', fetchImpl }, { url: 'http://usage-proxy.corp.example/v1/x', headers: {}, schema: z.object({}), api: 'Test API', classify: () => undefined }),
    (e: unknown) => e instanceof OrgApiError && e.kind === 'insecure-url' && /https:\/\//.test(e.message) && !e.message.includes('sk-admin-k'),
  );
  assert.equal(called, false);
});
