import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTeam, addPerson } from '../src/teams';
import { ENGINES, call, startBackend, stopPostgres } from './harness';
import type { Backend } from './harness';

const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

function row(over: Record<string, unknown> = {}) {
  return { date: today, timezone: 'UTC', deviceId: 'laptop-0001', agent: 'claude-code', model: 'claude-sonnet-4-5', input: 100, output: 50, cacheRead: 1000, cacheWrite: 10, reasoning: 0, ...over };
}

after(() => stopPostgres());

for (const engine of ENGINES) {
  describe(`team backend over HTTP on ${engine}`, () => {
    let b: Backend;
    let admin: string;
    let ana: string;
    let bob: string;

    before(async () => {
      b = await startBackend(engine);
      ({ adminToken: admin } = await createTeam(b.db, 'Platform'));
      ana = (await addPerson(b.db, 1, 'Ana', 'ana@example.com')).token;
      bob = (await addPerson(b.db, 1, 'Bob', 'bob@example.com')).token;
    });
    after(async () => b.close());

    test('tokens are required, stored hashed, and scoped by role', async () => {
      assert.equal((await call(b, 'GET', '/api/v1/me', undefined)).status, 401);
      assert.equal((await call(b, 'GET', '/api/v1/me', 'tt_' + 'x'.repeat(43))).status, 401);
      assert.equal((await call(b, 'GET', '/api/v1/team/summary', ana)).status, 403);
      assert.equal((await call(b, 'POST', '/api/v1/usage/daily', admin, { rows: [row()] })).status, 403);
      const stored = await b.db.all<{ hash: string }>('SELECT hash FROM tokens');
      assert.ok(stored.every((t) => /^[0-9a-f]{64}$/.test(t.hash) && t.hash !== ana));
    });

    test('resending replaces, never adds; devices add up; rows are per day, agent and model', async () => {
      const first = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row(), row({ agent: 'codex', model: 'gpt-5.1-codex', input: 7, output: 3, cacheRead: 0, cacheWrite: 0 })] });
      assert.deepEqual([first.status, first.json.accepted], [200, 2]);
      // the same key twice in one batch: the later row wins; the report replaces the device's whole day
      await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ input: 999 }), row()] });
      let me = await call(b, 'GET', '/api/v1/me', ana);
      assert.equal((me.json.days as Array<{ date: string; total: number }>).find((d) => d.date === today)!.total, 1160);
      await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ input: 200 })] }, { gzip: true });
      await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ deviceId: 'desktop-0002', input: 1, output: 0, cacheRead: 0, cacheWrite: 0 })] });
      me = await call(b, 'GET', '/api/v1/me', ana);
      assert.equal((me.json.days as Array<{ date: string; total: number }>).find((d) => d.date === today)!.total, 1260 + 1);
      assert.equal(me.json.devices, 2);
      assert.equal(me.json.tier, 'Beginner');
    });

    test('a token cannot write or read another person', async () => {
      const r = await call(b, 'POST', '/api/v1/usage/daily', ana, { person: 'bob@example.com', rows: [row()] });
      assert.equal(r.status, 403);
      assert.match(String(r.json.reason), /own person's rows/);
      const bobMe = await call(b, 'GET', '/api/v1/me', bob);
      assert.ok((bobMe.json.days as Array<{ total: number }>).every((d) => d.total === 0));
    });

    test('magnitude, row count, date range and shape limits answer with a JSON reason', async () => {
      const huge = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ cacheRead: 9_000_000_000, input: 2_000_000_000 })] });
      assert.deepEqual([huge.status, huge.json.error], [422, 'magnitude']);
      const field = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ output: 10_000_000_001 })] });
      assert.deepEqual([field.status, field.json.error], [422, 'magnitude']);
      const many = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: Array.from({ length: 10_001 }, () => row()) });
      assert.deepEqual([many.status, many.json.error], [422, 'too_many_rows'], 'as the README promises');
      const old = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ date: daysAgo(500) })] });
      assert.deepEqual([old.status, old.json.error], [422, 'date_range']);
      const future = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ date: daysAgo(-5) })] });
      assert.equal(future.status, 422);
      const shape = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ agent: 'cursor' })] });
      assert.equal(shape.status, 400);
      const reasoning = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ reasoning: 51 })] });
      assert.equal(reasoning.status, 422);
      // nothing of a refused batch was stored: all rows or none
      const mixed = await call(b, 'POST', '/api/v1/usage/daily', bob, { rows: [row(), row({ date: daysAgo(900) })] });
      assert.equal(mixed.status, 422);
      assert.ok(((await call(b, 'GET', '/api/v1/me', bob)).json.days as Array<{ total: number }>).every((d) => d.total === 0));
    });

    test('malformed, oversized and wrongly encoded bodies are refused', async () => {
      const bad = await call(b, 'POST', '/api/v1/usage/daily', ana, undefined, { raw: '{"rows": [' });
      assert.deepEqual([bad.status, bad.json.error], [400, 'invalid_json']);
      const big = await call(b, 'POST', '/api/v1/usage/daily', ana, undefined, { raw: Buffer.alloc(3 * 1024 * 1024, 0x20) });
      assert.deepEqual([big.status, big.json.error], [413, 'body_too_large']);
      const bomb = await call(b, 'POST', '/api/v1/usage/daily', ana, undefined, { raw: Buffer.alloc(40 * 1024 * 1024, 0x20), gzip: true });
      assert.deepEqual([bomb.status, bomb.json.error], [413, 'body_too_large']);
      assert.equal((await call(b, 'GET', '/api/v1/nope', ana)).status, 404);
    });

    test('the team policy decides the tier; percentile only when enabled', async () => {
      assert.equal((await call(b, 'GET', '/api/v1/me', ana)).json.percentile, null);
      const patch = await call(b, 'PATCH', '/api/v1/admin/team', admin, { percentileEnabled: true, tierThresholds: { Intermediate: 100, Expert: 150 } });
      assert.equal(patch.status, 200);
      const me = await call(b, 'GET', '/api/v1/me', ana);
      assert.equal(me.json.tier, 'Expert');
      assert.deepEqual((me.json.team as { tierThresholds: object }).tierThresholds, { Intermediate: 100, Expert: 150 });
      assert.equal(me.json.percentile, 50);
      const invalid = await call(b, 'PATCH', '/api/v1/admin/team', admin, { tierThresholds: { Expert: 1 } });
      assert.equal(invalid.status, 400);
    });

    test('an admin sets the organisation’s own text per tier; /me carries it to every developer', async () => {
      const guides = { Expert: { text: 'Join the Thursday automation clinic.', links: [{ label: 'Clinic', url: 'https://intranet.example/clinic' }] } };
      const patch = await call(b, 'PATCH', '/api/v1/admin/team', admin, { tierGuides: guides });
      assert.equal(patch.status, 200, JSON.stringify(patch.json));
      assert.deepEqual(((await call(b, 'GET', '/api/v1/me', ana)).json.team as { tierGuides: object }).tierGuides, guides);
      assert.deepEqual(((await call(b, 'GET', '/api/v1/team/summary', admin)).json.team as { tierGuides: object }).tierGuides, guides);
      // Only the ladder's tiers, only http(s) links, nothing long enough to fill a panel.
      for (const bad of [{ Wizard: { text: 'x' } }, { Expert: { links: [{ label: 'x', url: 'javascript:alert(1)' }] } }, { Expert: { text: 'x'.repeat(601) } }]) {
        const r = await call(b, 'PATCH', '/api/v1/admin/team', admin, { tierGuides: bad });
        assert.equal(r.status, 400, JSON.stringify(bad));
      }
      assert.equal((await call(b, 'PATCH', '/api/v1/admin/team', ana, { tierGuides: guides })).status, 403);
      await call(b, 'PATCH', '/api/v1/admin/team', admin, { tierGuides: {} });
    });

    test('the summary shows tiers, who is at zero, mixes; the leaderboard is off by default', async () => {
      let s = await call(b, 'GET', '/api/v1/team/summary', admin);
      assert.equal(s.status, 200);
      assert.equal(s.json.people, 2);
      assert.deepEqual(s.json.zeroLast7Days, ['Bob']);
      assert.equal(s.json.leaderboard, null);
      // Two people: a mix of agents and models would be theirs, so it is withheld.
      assert.deepEqual(s.json.agentMix, []);
      assert.match(String(s.json.withheld), /fewer than 5 people/);
      // A breakdown of fewer than 5 people would show one person's agents and models: withheld, with a note.
      const top = s.json.topTier as { people: number; agentMix: unknown[]; modelMix: unknown[]; withheld: string | null };
      assert.ok(top.people < 5);
      assert.deepEqual([top.agentMix, top.modelMix], [[], []]);
      assert.match(top.withheld ?? '', /fewer than 5 people/);
      await call(b, 'PATCH', '/api/v1/admin/team', admin, { leaderboardEnabled: true });
      s = await call(b, 'GET', '/api/v1/team/summary', admin);
      assert.deepEqual((s.json.leaderboard as Array<{ name: string }>).map((l) => l.name), ['Ana', 'Bob']);
    });

    test('admins add developers; a developer can delete their own data', async () => {
      const added = await call(b, 'POST', '/api/v1/admin/people', admin, { name: 'Cy', email: 'cy@example.com' });
      assert.equal(added.status, 200);
      assert.match(String(added.json.token), /^tt_/);
      assert.equal((await call(b, 'POST', '/api/v1/admin/people', admin, { name: 'Cy', email: 'cy@example.com' })).status, 409);
      assert.equal((await call(b, 'POST', '/api/v1/admin/people', ana, { name: 'X', email: 'x@example.com' })).status, 403);
      const del = await call(b, 'DELETE', '/api/v1/usage', ana);
      assert.equal(del.status, 200);
      assert.ok(Number(del.json.deleted) >= 2);
      assert.equal((await call(b, 'GET', '/api/v1/me', ana)).json.devices, 0);
    });
  });
}
