import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withOrgStanding } from '../../../src/ui/orgStandingSnapshot';
import type { OrgUsageState } from '../../../src/sync/orgUsage/orgUsageService';
import type { OrgUsageRow } from '../../../src/sync/orgApi/types';
import type { Config } from '../../../src/platform/config';
import { addDays } from '../../../src/core/time';
import { expertSnapshot } from '../../fixtures/snapshots';

const NOW = Date.now();
const TODAY = new Date(NOW).toISOString().slice(0, 10);
const row = (email: string, date: string, input: number): OrgUsageRow => ({ provider: 'anthropic-claude-code', date, actor: { email }, agent: 'claude-code', model: 'claude-sonnet-4-5', input, output: 0, cacheRead: 0, cacheWrite: 0 });
const state = (rows: OrgUsageRow[]): OrgUsageState => ({ connection: { provider: 'anthropic-claude-code', since: '' }, cache: { version: 1, provider: 'anthropic-claude-code', from: '', to: TODAY, fetchedAt: NOW, rows }, fetching: false, error: undefined });
const config = (mine: string[]) => ({ tierSource: 'org', org: { myIdentities: mine, aliases: {}, roster: [], historyDays: 30, baseUrl: '' } }) as unknown as Config;

test("tierSource org: my org rows set the standing under the snapshot's own policy; other people's rows never do", () => {
  const s = expertSnapshot();
  const week = Array.from({ length: 7 }, (_, i) => addDays(TODAY, -i));
  const rows = [...week.map((d) => row('me@acme.dev', d, 120_000_000)), ...week.map((d) => row('boss@acme.dev', d, 1))];
  const mine = withOrgStanding(s, state(rows), config(['ME@acme.dev']), NOW);
  assert.equal(s.tiers[mine.standing.tierIndex]!.name, 'AI God');
  assert.equal(mine.standing.meanPerDay, 120_000_000 * Math.min(7, s.windowDays) / s.windowDays);
  assert.equal(mine.todayCounted, 120_000_000);
  // Nobody of mine in the rows (or no identity set): the local standing stays.
  assert.equal(withOrgStanding(s, state(rows), config(['someone@else.dev']), NOW), s);
  assert.equal(withOrgStanding(s, state(rows), config([]), NOW), s);
});
