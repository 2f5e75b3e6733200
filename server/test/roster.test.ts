/** #12: teams inside the organisation, the roster (at zero vs not reporting), filters by team and range. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTeam, addPerson } from '../src/teams';
import { ENGINES, call, startBackend, stopPostgres } from './harness';
import type { Backend } from './harness';

const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const row = (date: string, tokens: number) => ({ date, timezone: 'UTC', deviceId: 'laptop-0001', agent: 'claude-code', model: 'claude-sonnet-4-5', input: tokens, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 });

after(() => stopPostgres());

for (const engine of ENGINES) {
  describe(`teams and the roster on ${engine}`, () => {
    let b: Backend;
    let admin: string;
    const ids: Record<string, number> = {};
    const tokens: Record<string, string> = {};

    before(async () => {
      b = await startBackend(engine);
      ({ adminToken: admin } = await createTeam(b.db, 'Acme'));
      for (const name of ['Ana', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay']) {
        const p = await addPerson(b.db, 1, name, `${name.toLowerCase()}@example.com`);
        ids[name] = p.personId;
        tokens[name] = p.token;
      }
      // Ana, Bob, Cy work with agents every day; Fay reported 10 days ago but nothing since: at zero.
      // Dee never reported; Eve's last report is 20 days old: both not reporting.
      for (const name of ['Ana', 'Bob', 'Cy']) {
        const r = await call(b, 'POST', '/api/v1/usage/daily', tokens[name], { rows: Array.from({ length: 30 }, (_, d) => row(daysAgo(d), 1_000_000 * (name.length + d % 2))) });
        assert.equal(r.status, 200);
      }
      await call(b, 'POST', '/api/v1/usage/daily', tokens.Fay, { rows: [row(daysAgo(10), 500)] });
      await call(b, 'POST', '/api/v1/usage/daily', tokens.Eve, { rows: [row(daysAgo(20), 500)] });
      await b.db.run("UPDATE usage_daily SET updated_at = ? WHERE person_id = ?", [`${daysAgo(20)}T10:00:00.000Z`, ids.Eve]);
      await b.db.run("UPDATE usage_daily SET updated_at = ? WHERE person_id = ?", [`${daysAgo(1)}T10:00:00.000Z`, ids.Fay]);
    });
    after(async () => b.close());

    test('an admin creates teams and assigns people; names are unique; developers cannot', async () => {
      const platform = await call(b, 'POST', '/api/v1/admin/teams', admin, { name: 'Platform' });
      assert.equal(platform.status, 200, JSON.stringify(platform.json));
      assert.equal((await call(b, 'POST', '/api/v1/admin/teams', admin, { name: 'platform' })).status, 409);
      assert.equal((await call(b, 'POST', '/api/v1/admin/teams', tokens.Ana, { name: 'X' })).status, 403);
      const mobile = await call(b, 'POST', '/api/v1/admin/teams', admin, { name: 'Mobile' });
      for (const name of ['Ana', 'Bob', 'Fay']) assert.equal((await call(b, 'PATCH', `/api/v1/admin/people/${ids[name]}`, admin, { team: platform.json.id })).status, 200);
      for (const name of ['Cy', 'Dee']) await call(b, 'PATCH', `/api/v1/admin/people/${ids[name]}`, admin, { team: mobile.json.id });
      assert.equal((await call(b, 'PATCH', `/api/v1/admin/people/${ids.Ana}`, admin, { team: 999 })).status, 404);
      assert.equal((await call(b, 'PATCH', '/api/v1/admin/people/abc', admin, { team: 1 })).status, 404);
      const list = await call(b, 'GET', '/api/v1/admin/teams', admin);
      assert.deepEqual((list.json.teams as Array<{ name: string; people: number }>).map((t) => [t.name, t.people]), [['Mobile', 2], ['Platform', 3]]);
    });

    test('the roster comes first: at zero (reporting, no tokens) apart from not reporting (never, or silent 14 days)', async () => {
      const s = await call(b, 'GET', '/api/v1/team/summary', admin);
      assert.equal(s.status, 200);
      const roster = s.json.roster as { atZero: Array<{ name: string; team: string | null; lastReport: string | null }>; notReporting: Array<{ name: string; team: string | null; lastReport: string | null }> };
      assert.deepEqual(roster.atZero.map((p) => [p.name, p.team, p.lastReport]), [['Fay', 'Platform', daysAgo(1)]]);
      assert.deepEqual(roster.notReporting.map((p) => [p.name, p.team, p.lastReport]), [['Dee', 'Mobile', null], ['Eve', null, daysAgo(20)]]);
    });

    test('every view filters by team and date range; a group under 5 people shows no breakdown', async () => {
      const list = await call(b, 'GET', '/api/v1/admin/teams', admin);
      const platform = (list.json.teams as Array<{ id: number; name: string }>).find((t) => t.name === 'Platform')!;
      const s = await call(b, 'GET', `/api/v1/team/summary?team=${platform.id}&days=30`, admin);
      assert.equal(s.status, 200, JSON.stringify(s.json));
      assert.equal(s.json.people, 3);
      assert.equal((s.json.daily as unknown[]).length, 30);
      assert.deepEqual((s.json.roster as { atZero: Array<{ name: string }> }).atZero.map((p) => p.name), ['Fay']);
      assert.deepEqual((s.json.roster as { notReporting: unknown[] }).notReporting, []);
      assert.deepEqual(s.json.agentMix, []);
      assert.match(String(s.json.withheld), /fewer than 5 people/);
      const week = await call(b, 'GET', `/api/v1/team/summary?days=7`, admin);
      assert.equal((week.json.daily as unknown[]).length, 7);
      const custom = await call(b, 'GET', `/api/v1/team/summary?from=${daysAgo(9)}&to=${daysAgo(5)}`, admin);
      assert.deepEqual((custom.json.daily as Array<{ date: string }>).map((d) => d.date), [daysAgo(9), daysAgo(8), daysAgo(7), daysAgo(6), daysAgo(5)]);
      for (const bad of ['team=999', 'days=5', 'from=2026-02-30&to=2026-03-01', `from=${today}&to=${daysAgo(3)}`]) assert.equal((await call(b, 'GET', `/api/v1/team/summary?${bad}`, admin)).status, 400, bad);
    });
  });
}

describe('trends and what admins see about me', () => {
  let b: Backend;
  let admin: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    b = await startBackend('sqlite');
    ({ adminToken: admin } = await createTeam(b.db, 'Acme'));
    // Six people from 20 days ago: each week more of them work with agents, and more of it at night.
    for (const [i, name] of ['Ana', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay'].entries()) {
      tokens[name] = (await addPerson(b.db, 1, name, `${name.toLowerCase()}@example.com`)).token;
      const rows = [];
      for (let d = 0; d < 20; d++) {
        const perDay = d < 7 ? 2_000_000 * (i + 1) : d < 14 ? 600_000 * (i + 1) : 10_000;
        const hourly = Array.from({ length: 24 }, (_, h): number => (d < 7 || (h >= 9 && h < 17) ? 1 : 0));
        const share = hourly.reduce((a, c) => a + c, 0);
        const spread = hourly.map((v) => Math.floor((perDay * v) / share));
        spread[12]! += perDay - spread.reduce((a, c) => a + c, 0);
        rows.push({ ...row(daysAgo(d), perDay), hourly: spread, agent: i % 2 ? 'codex' : 'claude-code', model: i % 2 ? 'gpt-5.1-codex' : 'claude-sonnet-4-5' });
      }
      const r = await call(b, 'POST', '/api/v1/usage/daily', tokens[name], { rows });
      assert.equal(r.status, 200, JSON.stringify(r.json));
    }
  });
  after(async () => b.close());

  test('the daily curve starts at the first report; weeks show the tier mix, smoothness and office-hours share', async () => {
    const s = await call(b, 'GET', '/api/v1/team/summary', admin);
    const daily = s.json.daily as Array<{ date: string; total: number }>;
    assert.equal(daily[0]!.date, daysAgo(19), 'no leading zeros from before anyone reported');
    const all = (s.json.trends as { weeks: Array<{ weekOf: string; days: number; tiers: Record<string, number>; smoothness: number; officeHoursShare: number }> }).weeks;
    assert.ok(all.length >= 3 && all.length <= 4, `${all.length} weeks`);
    assert.equal(all.reduce((n, w) => n + w.days, 0), 20, 'the weeks hold the 20 days, the cut ones saying so');
    // Compared: whole weeks only (a week of one day is not a trend).
    const weeks = all.filter((w) => w.days === 7);
    const last = weeks.at(-1)!;
    const first = weeks[0]!;
    assert.equal(Object.values(last.tiers).reduce((a, c) => a + c, 0), 6, 'everyone placed each week');
    assert.ok((last.tiers.Expert ?? 0) + (last.tiers.Architect ?? 0) > (first.tiers.Expert ?? 0) + (first.tiers.Architect ?? 0), 'the team moved up');
    assert.ok(last.smoothness > first.smoothness, 'the curve smoothed out');
    assert.ok(first.officeHoursShare > 0.6, 'the first weeks: mostly office hours');
    assert.ok(last.officeHoursShare < 0.5);
    assert.match(String((s.json.trends as { definition: string }).definition), /168 hours/);
  });

  test('agent mix per tier, only for tiers of 5 or more', async () => {
    const s = await call(b, 'GET', '/api/v1/team/summary', admin);
    const perTier = (s.json.trends as { agentMixByTier: Array<{ tier: string; people: number; agentMix: unknown[]; withheld: string | null }> }).agentMixByTier;
    for (const t of perTier) {
      if (t.people < 5) assert.deepEqual([t.agentMix, typeof t.withheld], [[], 'string']);
      else assert.ok(t.agentMix.length > 0);
    }
  });

  test('a developer sees exactly what admins see about them', async () => {
    const me = await call(b, 'GET', '/api/v1/me', tokens.Ana);
    const seen = me.json.adminView as { name: string; team: string | null; tier: string; meanPerDay: number; roster: string | null; leaderboard: boolean };
    assert.equal(seen.name, 'Ana');
    assert.equal(seen.team, null);
    assert.equal(seen.roster, null);
    assert.equal(seen.leaderboard, false, 'the leaderboard is off');
    const summary = await call(b, 'GET', '/api/v1/team/summary', admin);
    const tierOfAna = (summary.json.tierDistribution as Array<{ tier: string; count: number }>).find((t) => t.tier === seen.tier);
    assert.ok(tierOfAna && tierOfAna.count >= 1);
    await call(b, 'PATCH', '/api/v1/admin/team', admin, { leaderboardEnabled: true });
    assert.equal(((await call(b, 'GET', '/api/v1/me', tokens.Ana)).json.adminView as { leaderboard: boolean }).leaderboard, true);
  });
});
