import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTeam } from '../src/teams';
import { teamSummary } from '../src/api/summary';
import { seedDemo } from '../src/demo/seedDemo';
import { startBackend } from './harness';
import type { Backend } from './harness';

/** The demo organisation: what the "done when" needs a manager to see, made the same way every time. */
const backends: Backend[] = [];
after(async () => Promise.all(backends.map((b) => b.close())));

async function seeded(now: number) {
  const b = await startBackend('sqlite');
  backends.push(b);
  await createTeam(b.db, 'Acme');
  const result = await seedDemo(b.db, 1, now);
  return { b, result };
}

test('seed-demo: 10 teams, 200 people, a roster to act on, a top tier big enough to show its agents, OTLP devices — the same for the same day', async () => {
  const now = Date.parse('2026-11-20T15:00:00Z');
  const [one, two] = [await seeded(now), await seeded(now)];
  assert.deepEqual(one.result, two.result);
  const dump = (b: Backend) => b.db.all('SELECT p.email, u.date, u.agent, u.model, u.input, u.output, u.cache_read, u.cache_write FROM usage_daily u JOIN people p ON p.id = u.person_id ORDER BY 1, 2, 3, 4');
  assert.deepEqual(await dump(one.b), await dump(two.b));
  const s = await teamSummary(one.b.db, { role: 'admin', teamId: 1 }, now, new URLSearchParams('days=90'));
  assert.equal(s.people, 200);
  assert.equal((await one.b.db.all('SELECT 1 FROM subteams')).length, 10);
  assert.ok(s.roster.notReporting.length >= 10 && s.roster.atZero.length >= 5, `roster ${s.roster.notReporting.length} / ${s.roster.atZero.length}`);
  assert.ok(s.roster.notReporting.some((p) => p.lastReport !== null), 'someone went silent (reported once)');
  assert.equal(s.topTier.tier, 'AI God');
  assert.equal(s.topTier.withheld, null);
  assert.deepEqual(s.topTier.agentMix.slice(0, 2).map((m) => m.name), ['claude-code', 'codex']);
  // Moving up: more people at Expert or above at the end of the range than at its start.
  const upper = (w: (typeof s.trends.weeks)[number]) => ['Expert', 'Architect', 'Catalyst', 'AI God'].reduce((n, t) => n + (w.tiers[t] ?? 0), 0);
  assert.ok(upper(s.trends.weeks.at(-1)!) > 2 * upper(s.trends.weeks[0]!));
  assert.ok(s.devices!.otlp > 10 && s.devices!.shared > 0);
  // Every one of the 10 teams has people and most of them report.
  for (const t of await one.b.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM people GROUP BY subteam_id')) assert.ok(Number(t.n) >= 10);
});
