import { test } from 'node:test';
import assert from 'node:assert/strict';
import { myRows, orgBesideLocal, orgTeamInput, orgTeamSummary } from '../../../src/sync/orgUsage/orgTeam';
import type { OrgUsageRow } from '../../../src/sync/orgApi/types';
import { MIN_GROUP } from '../../../src/core/teamView/summary';
import { addDays } from '../../../src/core/time';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const TODAY = '2026-11-20';
const policy = { name: 'Acme', windowDays: 7, tierThresholds: {}, countedKinds: ['input', 'output', 'cacheRead', 'cacheWrite'] as Array<'input' | 'output' | 'cacheRead' | 'cacheWrite'> };

function row(email: string, date: string, tokens: number, model = 'claude-sonnet-4-6'): OrgUsageRow {
  return { provider: 'anthropic-claude-code', date, actor: { email }, agent: 'claude-code', model, input: tokens, output: 0, cacheRead: 0, cacheWrite: 0 };
}

test('a user with two emails is one person once an alias joins them, in the team and in "mine"', () => {
  const rows = [row('ana@acme.dev', TODAY, 1000), row('Ana.Old@acme.dev', addDays(TODAY, -1), 500)];
  const apart = orgTeamInput(rows, { aliases: {}, roster: [] }, TODAY);
  assert.equal(apart.people.length, 2);
  const joined = orgTeamInput(rows, { aliases: { 'ana.old@acme.dev': 'ana@acme.dev' }, roster: [] }, TODAY);
  assert.deepEqual(joined.people.map((p) => p.name), ['ana@acme.dev']);
  assert.equal(new Set(joined.records.map((r) => r.personId)).size, 1);
  // Either email (any case) in the developer's own setting finds both rows.
  assert.equal(myRows(rows, ['ANA@acme.dev', 'ana.old@acme.dev']).length, 2);
  assert.equal(myRows(rows, ['ana@acme.dev'], { 'ana.old@acme.dev': 'ana@acme.dev' }).length, 2);
  assert.equal(myRows(rows, []).length, 0);
});

test('k ≥ 5: four people get no mix and no heatmap; five do, through the same summarize() as the backend', () => {
  const four = ['a', 'b', 'c', 'd'].map((n) => row(`${n}@acme.dev`, TODAY, 2_000_000));
  const s4 = orgTeamSummary(four, { aliases: {}, roster: [] }, policy, NOW, NOW);
  assert.equal(s4.people, 4);
  assert.match(s4.withheld!, new RegExp(`fewer than ${MIN_GROUP} people`));
  assert.deepEqual(s4.agentMix, []);
  assert.deepEqual(s4.modelMix, []);
  assert.equal(s4.topTier.withheld !== null, true);
  const five = [...four, row('e@acme.dev', TODAY, 2_000_000)];
  const s5 = orgTeamSummary(five, { aliases: {}, roster: [] }, policy, NOW, NOW);
  assert.equal(s5.withheld, null);
  assert.deepEqual(s5.agentMix, [{ name: 'claude-code', total: 10_000_000 }]);
  assert.equal(s5.leaderboard, null, 'the leaderboard is off without a server');
});

test('names only on the roster: at zero = no tokens in 7 days, whether seen earlier or only on the lead\'s roster', () => {
  const rows = [row('busy@acme.dev', TODAY, 50_000_000), row('idle@acme.dev', addDays(TODAY, -10), 1000)];
  const s = orgTeamSummary(rows, { aliases: {}, roster: ['busy@acme.dev', 'Ghost@acme.dev'] }, policy, NOW, NOW);
  assert.deepEqual(s.roster.atZero.map((p) => p.name), ['ghost@acme.dev', 'idle@acme.dev']);
  // Nobody opts in to an org API: it speaks for the whole org, so nobody is "not reporting".
  assert.deepEqual(s.roster.notReporting, []);
  assert.equal(s.people, 3);
  // The curve starts at the first day with data, not 90 days back.
  assert.equal(s.daily[0]!.date, addDays(TODAY, -10));
  assert.equal(s.tierDistribution.reduce((n, t) => n + t.count, 0), 3);
});

test('org beside local, per day and agent, for agents either side saw', () => {
  const mine = [row('me@acme.dev', TODAY, 300), row('me@acme.dev', addDays(TODAY, -1), 100)];
  const local = [{ date: TODAY, agents: { 'claude-code': { input: 200, output: 0, cacheRead: 0, cacheWrite: 0 }, codex: { input: 50, output: 0, cacheRead: 0, cacheWrite: 0 } } }];
  const days = orgBesideLocal(mine, local, [addDays(TODAY, -1), TODAY]);
  assert.deepEqual(days, [
    { date: TODAY, agent: 'claude-code', org: 300, local: 200 },
    { date: TODAY, agent: 'codex', org: 0, local: 50 },
    { date: addDays(TODAY, -1), agent: 'claude-code', org: 100, local: 0 },
  ]);
});
