import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTeam } from '../src/teams';
import { startBackend } from './harness';
import type { Backend } from './harness';

/**
 * Issue #20, defect 9: the dashboard could be framed by any page (clickjacking: a hidden frame over a
 * button of the attacker's). Every answer says no frame, old browsers (X-Frame-Options) and new (CSP).
 */
let b: Backend;
let admin: string;

before(async () => {
  b = await startBackend('sqlite');
  admin = (await createTeam(b.db, 'Platform')).adminToken;
});
after(async () => b.close());

test('every page and answer forbids framing: frame-ancestors none and X-Frame-Options DENY', async () => {
  const paths: Array<[string, string, string?]> = [
    ['GET', '/dashboard'],
    ['GET', '/'],
    ['GET', '/static/dashboard.js'],
    ['GET', '/static/dashboard.css'],
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/api/v1/team/summary', admin],
    ['GET', '/api/v1/me'],
    ['GET', '/no/such/page'],
    ['POST', '/v1/metrics'],
  ];
  for (const [method, path, token] of paths) {
    const res = await fetch(b.url + path, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
    await res.arrayBuffer();
    assert.equal(res.headers.get('x-frame-options'), 'DENY', `${method} ${path} (${res.status})`);
    assert.match(res.headers.get('content-security-policy') ?? '', /(^|;)\s*frame-ancestors 'none'(;|$)/, `${method} ${path} (${res.status})`);
  }
});
