import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTeam, addPerson } from '../src/teams';
import { call, startBackend } from './harness';
import type { Backend } from './harness';
import { buildSnapshot } from '../../src/core/snapshot';
import { slotOf } from '../../src/core/ledger';
import type { LedgerRow } from '../../src/core/ledger';
import { reportRows } from '../../src/core/report';
import { tiersWithOverrides } from '../../src/core/tiers';
import { badgeModel } from '../../src/ui/badgeModel';
import { orgView } from '../../src/ui/orgView';
import { MeResponseSchema } from '../../src/shared/teamApi';
import { applyTeamPolicy, teamPolicyOf } from '../../src/sync/teamPolicy';
import { toUsageRow } from '../../src/sync/syncEngine';

/** The badge, the panel's org section and the server's /me read the same days the same way. */
let b: Backend;
let ana: string;
let admin: string;
before(async () => {
  b = await startBackend('sqlite');
  admin = (await createTeam(b.db, 'Platform')).adminToken;
  ana = (await addPerson(b.db, 1, 'Ana', 'ana@example.com')).token;
});
after(async () => b.close());

test('the same days give the same tier in the badge, the org section and /me — with the team’s kinds and thresholds', async () => {
  const now = Date.now();
  // A week of work, mostly cache reads: 600K input+output a day, 9M cache reads a day.
  const rows: LedgerRow[] = [];
  for (let d = 0; d < 7; d++) rows.push({ slot: slotOf(now - d * 86_400_000 - 3_600_000), agent: 'claude-code', model: 'm', counts: { input: 200_000, output: 400_000, cacheRead: 9_000_000, cacheWrite: 0, reasoning: 0 } });
  const reported = reportRows(rows, 'UTC', new Date(now - 10 * 86_400_000).toISOString().slice(0, 10));
  const post = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: reported.map((r) => toUsageRow(r, 'laptop-0001')) });
  assert.equal(post.status, 200, JSON.stringify(post.json));
  // The team counts fresh tokens only, and sets its own ladder.
  const patch = await call(b, 'PATCH', '/api/v1/admin/team', admin, { countedKinds: ['input', 'output'], tierThresholds: { Intermediate: 300_000, Expert: 500_000, Architect: 700_000 } });
  assert.equal(patch.status, 200, JSON.stringify(patch.json));
  const me = MeResponseSchema.parse((await call(b, 'GET', '/api/v1/me', ana)).json);
  const view = applyTeamPolicy({ timezone: 'UTC', windowDays: 7, countedKinds: ['input', 'output', 'cacheRead', 'cacheWrite'], tierOverrides: {} }, teamPolicyOf({ url: 'u', at: now, me }, 'u'));
  const snapshot = buildSnapshot(rows, { timezone: view.timezone, now, windowDays: view.windowDays, countedKinds: view.countedKinds, tiers: tiersWithOverrides(view.tierOverrides) });
  const badge = badgeModel({ kind: 'ready', snapshot, fresh: true }, now);
  const org = orgView(me, snapshot.days, undefined);
  assert.equal(me.tier, 'Expert');
  assert.match(badge.text, /^\$\([\w-]+\) Expert · /);
  assert.equal(org.confirmed?.tier, 'Expert');
  assert.equal(Math.round(me.meanPerDay), Math.round(snapshot.standing.meanPerDay));
  // Without the team's kinds, the local mean would have been 9.6M/day: another tier entirely.
  assert.notEqual(buildSnapshot(rows, { timezone: 'UTC', now, tiers: tiersWithOverrides(view.tierOverrides) }).standing.tierIndex, snapshot.standing.tierIndex);
});
