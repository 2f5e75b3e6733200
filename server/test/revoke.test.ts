import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addPerson, createTeam } from '../src/teams';
import { issueToken } from '../src/auth';
import { ENGINES, call, startBackend, stopPostgres } from './harness';
import type { Backend } from './harness';

/**
 * Issue #20, defect 7: a departed developer's or a leaked admin token stayed valid unless someone
 * edited the database. Tokens are listed (never their secrets), revoked, re-issued; a person is
 * removed with their rows or keeping them (without their name) — over the admin API.
 */
const today = new Date().toISOString().slice(0, 10);

function row(over: Record<string, unknown> = {}) {
  return { date: today, timezone: 'UTC', deviceId: 'laptop-0001', agent: 'claude-code', model: 'claude-sonnet-4-5', input: 100, output: 50, cacheRead: 1000, cacheWrite: 10, reasoning: 0, ...over };
}

interface TokenLine {
  id: string;
  role: 'admin' | 'member';
  person: { id: number; name: string; email: string } | null;
  createdAt: string;
  lastUsed: string | null;
  current: boolean;
}

after(() => stopPostgres());

for (const engine of ENGINES) {
  describe(`revoking tokens and removing people on ${engine}`, () => {
    let b: Backend;
    let admin: string;
    const people: Record<string, { id: number; token: string }> = {};
    const tokens = async (who = admin) => (await call(b, 'GET', '/api/v1/admin/tokens', who)).json.tokens as TokenLine[];
    const dailyTotal = async () => ((await call(b, 'GET', '/api/v1/team/summary?days=7', admin)).json.daily as Array<{ date: string; total: number }>).reduce((n, d) => n + d.total, 0);

    before(async () => {
      b = await startBackend(engine);
      ({ adminToken: admin } = await createTeam(b.db, 'Platform'));
      for (const name of ['Ana', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay']) {
        const p = await addPerson(b.db, 1, name, `${name.toLowerCase()}@example.com`);
        people[name] = { id: p.personId, token: p.token };
        assert.equal((await call(b, 'POST', '/api/v1/usage/daily', p.token, { rows: [row()] })).status, 200);
      }
    });
    after(async () => b.close());

    test('the admin lists every token of the organisation with who it is for and when it was last used, never a secret', async () => {
      const r = await call(b, 'GET', '/api/v1/admin/tokens', admin);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      const list = r.json.tokens as TokenLine[];
      assert.equal(list.length, 7);
      assert.deepEqual(list.filter((t) => t.role === 'admin').map((t) => [t.person, t.current]), [[null, true]]);
      const ana = list.find((t) => t.person?.name === 'Ana')!;
      assert.match(ana.id, /^[0-9a-f]{12}$/);
      assert.deepEqual(ana.person, { id: people.Ana!.id, name: 'Ana', email: 'ana@example.com' });
      assert.equal(ana.lastUsed, today);
      assert.equal(ana.current, false);
      // Neither a token nor its stored hash is in the answer (the id is a short prefix of the hash).
      const text = JSON.stringify(r.json);
      const hashes = await b.db.all<{ hash: string }>('SELECT hash FROM tokens');
      for (const secret of [admin, ...Object.values(people).map((p) => p.token), ...hashes.map((h) => h.hash)]) assert.ok(!text.includes(secret), 'a secret in the token list');
      // Developers cannot list tokens.
      assert.equal((await call(b, 'GET', '/api/v1/admin/tokens', people.Ana!.token)).status, 403);
    });

    test("a revoked developer token is refused at once; the person gets a new one and reports again", async () => {
      const bob = (await tokens()).find((t) => t.person?.name === 'Bob')!;
      const r = await call(b, 'DELETE', `/api/v1/admin/tokens/${bob.id}`, admin);
      assert.deepEqual([r.status, r.json.revoked], [200, bob.id]);
      assert.equal((await call(b, 'GET', '/api/v1/me', people.Bob!.token)).status, 401);
      assert.equal((await call(b, 'POST', '/api/v1/usage/daily', people.Bob!.token, { rows: [row()] })).status, 401);
      assert.equal((await tokens()).some((t) => t.id === bob.id), false);
      assert.equal((await call(b, 'DELETE', `/api/v1/admin/tokens/${bob.id}`, admin)).status, 404);
      const fresh = await call(b, 'POST', '/api/v1/admin/tokens', admin, { person: people.Bob!.id });
      assert.equal(fresh.status, 200, JSON.stringify(fresh.json));
      assert.match(String(fresh.json.token), /^tt_[A-Za-z0-9_-]{43}$/);
      assert.equal((await call(b, 'GET', '/api/v1/me', String(fresh.json.token))).status, 200);
      // Ids that are not a token's: refused plainly.
      assert.equal((await call(b, 'DELETE', '/api/v1/admin/tokens/zzz', admin)).status, 404);
    });

    test('a leaked admin token is revoked with another one; the last admin token cannot be revoked', async () => {
      const spare = await call(b, 'POST', '/api/v1/admin/tokens', admin, { role: 'admin' });
      assert.equal(spare.status, 200, JSON.stringify(spare.json));
      const second = String(spare.json.token);
      const leaked = (await tokens(second)).find((t) => t.role === 'admin' && !t.current)!;
      assert.equal((await call(b, 'DELETE', `/api/v1/admin/tokens/${leaked.id}`, second)).status, 200);
      assert.equal((await call(b, 'GET', '/api/v1/team/summary', admin)).status, 401);
      const self = (await tokens(second)).find((t) => t.current)!;
      const last = await call(b, 'DELETE', `/api/v1/admin/tokens/${self.id}`, second);
      assert.deepEqual([last.status, last.json.error], [409, 'last_admin_token']);
      assert.match(String(last.json.reason), /admin-token/);
      admin = second;
    });

    test("another organisation's admin sees and revokes none of these tokens", async () => {
      const { adminToken: other } = await createTeam(b.db, 'Elsewhere');
      assert.deepEqual((await tokens(other)).map((t) => t.role), ['admin']);
      const ana = (await tokens()).find((t) => t.person?.name === 'Ana')!;
      assert.equal((await call(b, 'DELETE', `/api/v1/admin/tokens/${ana.id}`, other)).status, 404);
      assert.equal((await call(b, 'POST', '/api/v1/admin/tokens', other, { person: people.Ana!.id })).status, 404);
      assert.equal((await call(b, 'DELETE', `/api/v1/admin/people/${people.Ana!.id}?rows=delete`, other)).status, 404);
      assert.equal((await call(b, 'GET', '/api/v1/me', people.Ana!.token)).status, 200);
    });

    test('removing a person keeping their rows: their tokens stop, their name is gone, the totals stay', async () => {
      const before = await dailyTotal();
      assert.equal((await call(b, 'DELETE', `/api/v1/admin/people/${people.Cy!.id}`, admin)).status, 400, 'the choice is required');
      const r = await call(b, 'DELETE', `/api/v1/admin/people/${people.Cy!.id}?rows=keep`, admin);
      assert.deepEqual([r.status, r.json.rows], [200, 'kept'], JSON.stringify(r.json));
      assert.equal((await call(b, 'GET', '/api/v1/me', people.Cy!.token)).status, 401);
      const list = (await call(b, 'GET', '/api/v1/admin/people', admin)).json.people as Array<{ name: string }>;
      assert.ok(!list.some((p) => p.name === 'Cy'));
      const summary = await call(b, 'GET', '/api/v1/team/summary?days=7', admin);
      assert.equal(summary.json.people, 5);
      assert.ok(!JSON.stringify(summary.json).includes('Cy'), 'the name is gone from the summary');
      assert.equal(await dailyTotal(), before, "the organisation's totals keep the rows");
      assert.deepEqual(await b.db.all('SELECT name, email FROM people WHERE name = ? OR email = ?', ['Cy', 'cy@example.com']), []);
      // The email is free again: someone re-hired starts afresh.
      assert.equal((await call(b, 'POST', '/api/v1/admin/people', admin, { name: 'Cy', email: 'cy@example.com' })).status, 200);
      assert.equal((await call(b, 'DELETE', `/api/v1/admin/people/${people.Cy!.id}?rows=keep`, admin)).status, 404, 'removed once');
    });

    test('removing a person with their rows: nothing of them stays', async () => {
      const before = await dailyTotal();
      const dee = people.Dee!.id;
      await b.db.run("INSERT INTO org_usage_daily (person_id, date, source, model, input, output, cache_read, cache_write) VALUES (?, ?, 'claude-code-analytics', 'm', 5, 0, 0, 0)", [dee, today]);
      const r = await call(b, 'DELETE', `/api/v1/admin/people/${dee}?rows=delete`, admin);
      assert.deepEqual([r.status, r.json.rows], [200, 'deleted'], JSON.stringify(r.json));
      assert.equal((await call(b, 'GET', '/api/v1/me', people.Dee!.token)).status, 401);
      assert.equal(await dailyTotal(), before - 1160);
      for (const table of ['usage_daily', 'org_usage_daily', 'devices', 'tokens', 'people']) {
        const column = table === 'people' ? 'id' : 'person_id';
        assert.deepEqual(await b.db.all(`SELECT 1 FROM ${table} WHERE ${column} = ?`, [dee]), [], table);
      }
      assert.equal((await call(b, 'DELETE', `/api/v1/admin/people/${people.Eve!.id}?rows=maybe`, admin)).status, 400);
      assert.equal((await call(b, 'DELETE', `/api/v1/admin/people/${people.Eve!.id}?rows=delete`, people.Fay!.token)).status, 403);
    });

    test('tokens issued outside the API (the CLI) are listed and revocable too', async () => {
      const cli = await issueToken(b.db, 'member', 1, people.Fay!.id);
      const fay = (await tokens()).filter((t) => t.person?.name === 'Fay');
      assert.equal(fay.length, 2);
      assert.equal(fay.find((t) => t.lastUsed === null) !== undefined, true, 'the unused one says so');
      for (const t of fay) assert.equal((await call(b, 'DELETE', `/api/v1/admin/tokens/${t.id}`, admin)).status, 200);
      assert.equal((await call(b, 'GET', '/api/v1/me', cli)).status, 401);
    });
  });
}
