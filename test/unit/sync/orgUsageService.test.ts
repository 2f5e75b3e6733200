import { after, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createOrgClient } from '../../../src/sync/orgApi/clients';
import { OrgApiError } from '../../../src/sync/orgApi/types';
import type { OrgErrorKind, OrgProvider } from '../../../src/sync/orgApi/types';
import { OrgUsageService } from '../../../src/sync/orgUsage/orgUsageService';
import type { OrgConnection } from '../../../src/sync/orgUsage/orgUsageService';
import { orgErrorText } from '../../../src/sync/orgUsage/providers';
import { myRows, orgTeamSummary } from '../../../src/sync/orgUsage/orgTeam';
import { addDays, dateRange } from '../../../src/core/time';
import { startAnthropicFake } from '../../fakes/anthropicFake';
import type { AnthropicFake, AnthropicFakeOptions } from '../../fakes/anthropicFake';
import { startOpenAiFake } from '../../fakes/openaiFake';
import { generateOrgUsage } from '../../fakes/usage';
import type { FakeUsage } from '../../fakes/usage';

/**
 * The extension's org usage service against the local fake of Anthropic's Admin API (the real
 * client over real HTTP): the key only reaches SecretStorage after it is checked, the cache makes a
 * reopen instant, only the last 2 days are refetched, a failed fetch keeps the last data.
 */
const NOW = Date.now();
const TODAY = new Date(NOW).toISOString().slice(0, 10);
const DAYS = dateRange(addDays(TODAY, -13), TODAY);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-orgusage-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const KEYS = { 'sk-ant-admin-lead': 'admin', 'sk-ant-admin-member': 'not-admin', 'sk-ant-oat01-noscope': 'missing-scope' } as const;
const policy = { name: 'Fake Org', windowDays: 7, tierThresholds: {}, countedKinds: ['input', 'output', 'cacheRead', 'cacheWrite'] as Array<'input' | 'output' | 'cacheRead' | 'cacheWrite'> };

function service(fake: Pick<AnthropicFake, 'url'>, file = path.join(tmp, `${Math.random()}.json`), now: () => number = () => NOW) {
  let secret: string | undefined;
  let conn: OrgConnection | undefined;
  const logs: string[] = [];
  const deps: ConstructorParameters<typeof OrgUsageService>[0] = {
    secrets: { get: async () => secret, store: async (k) => void (secret = k), delete: async () => void (secret = undefined) },
    store: { connection: () => conn, setConnection: async (c) => void (conn = c) },
    cacheFile: file,
    clientFor: (p: OrgProvider, key: string) => createOrgClient(p, { key, baseUrl: fake.url, sleep: async () => undefined, log: (l) => logs.push(l) }),
    historyDays: () => DAYS.length,
    log: { info: (c, m) => logs.push(`${c} ${m}`), warn: (c, m) => logs.push(`${c} ${m}`), error: (c, m) => logs.push(`${c} ${m}`), trace: (m) => logs.push(m) },
    now,
  };
  return { svc: new OrgUsageService(deps), deps, file, logs, secret: () => secret, conn: () => conn };
}

/** A fake org (closed after the test) and a service connected to it with the lead's key, its first fetch done. */
async function lead(t: TestContext, opts: Omit<AnthropicFakeOptions, 'keys'>, now?: () => number) {
  const fake = await startAnthropicFake({ ...opts, keys: KEYS });
  t.after(() => fake.close());
  const s = service(fake, undefined, now);
  await s.svc.connect('anthropic-claude-code', 'sk-ant-admin-lead');
  await s.svc.refresh(true); // the first fetch, started by connect
  return { fake, s };
}

async function kindOf(p: Promise<unknown>): Promise<OrgErrorKind> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof OrgApiError, String(e));
    return e.kind;
  }
  return assert.fail('expected a rejection');
}

const stamp = (rows: FakeUsage[]) => rows.map((r) => ({ ...r }));

test('a key rejected, a non-admin, a missing scope and a standard key each fail with their own kind and message; nothing is stored', async () => {
  const fake = await startAnthropicFake({ rows: [], keys: KEYS });
  try {
    const s = service(fake);
    const kinds = [
      await kindOf(s.svc.connect('anthropic-claude-code', 'sk-ant-admin-revoked')),
      await kindOf(s.svc.connect('anthropic-claude-code', 'sk-ant-admin-member')),
      await kindOf(s.svc.connect('anthropic-claude-code', 'sk-ant-oat01-noscope')),
      await kindOf(s.svc.connect('anthropic-claude-code', 'sk-ant-api03-standard')),
    ];
    assert.deepEqual(kinds, ['rejected', 'not-admin', 'missing-scope', 'wrong-key-type']);
    assert.equal(new Set(kinds.map((k) => orgErrorText(k, 'anthropic-claude-code'))).size, 4, 'four different messages');
    assert.equal(s.secret(), undefined);
    assert.equal(s.conn(), undefined);
    assert.equal(fs.existsSync(s.file), false);
    assert.ok(!s.logs.join('\n').includes('sk-ant-admin-revoked') && !s.logs.join('\n').includes('sk-ant-admin-member'), 'no key in the log');
  } finally {
    await fake.close();
  }
});

test('connected: rows cached in global storage, a reopen shows them with no request, a refresh asks only for the last 2 days', async (t) => {
  const { fake, s } = await lead(t, { rows: stamp(generateOrgUsage(30, DAYS)), pageSize: 7 });
  assert.equal(s.secret(), 'sk-ant-admin-lead');
  const rows = s.svc.state.cache!.rows;
  assert.ok(rows.length > 100);
  assert.ok(!fs.readFileSync(s.file, 'utf8').includes('sk-ant-admin-lead'), 'the cache holds rows, never the key');
  assert.equal(fs.statSync(s.file).mode & 0o777, 0o600, "the team's emails and daily tokens are this user's alone, like the rest of the cache");
  // Reopen: a new service on the same file shows the same rows at once.
  const before = fake.requests.length;
  const reopened = new OrgUsageService(s.deps);
  assert.equal(reopened.state.cache!.rows.length, rows.length);
  assert.equal(fake.requests.length, before);
  // Within the hour nothing is asked; a visible view asks only when older than 5 min.
  await s.svc.refresh();
  await s.svc.visible();
  assert.equal(fake.requests.length, before);
  // A revised yesterday: only yesterday and today are asked again, and the cache takes the new numbers.
  const yesterday = addDays(TODAY, -1);
  fake.rows = fake.rows.map((r) => (r.date === yesterday && r.email === 'dev01@example.com' ? { ...r, input: r.input + 1_000_000 } : r));
  await s.svc.refresh(true);
  const asked = new Set(fake.requests.slice(before).map((r) => r.url.searchParams.get('starting_at')));
  assert.deepEqual([...asked].sort(), [yesterday, TODAY]);
  const dev01 = (rs: typeof rows) => rs.filter((r) => r.actor.email === 'dev01@example.com' && r.date === yesterday).reduce((n, r) => n + r.input, 0);
  assert.equal(dev01(s.svc.state.cache!.rows), dev01(rows) + 1_000_000);
  assert.equal(s.svc.state.cache!.rows.length, rows.length, 'replaced, not added');
});

test('a page missing mid-way: the fetch fails whole, the last data stays with its age and the error', async (t) => {
  const { fake, s } = await lead(t, { rows: stamp(generateOrgUsage(30, DAYS)), pageSize: 5 });
  const cached = s.svc.state.cache!;
  fake.failLaterPage(404);
  await s.svc.refresh(true);
  assert.equal(s.svc.state.error?.kind, 'rejected');
  assert.equal(s.svc.state.cache, cached, 'never a partial set');
  assert.equal(s.svc.state.cache!.fetchedAt, cached.fetchedAt);
});

test('the fake 30-person org: tiers for all, six at zero by name (from the roster), a user with two emails counted once', async (t) => {
  const rows = [...stamp(generateOrgUsage(30, DAYS)), { date: TODAY, email: 'Dev01.Old@example.com', model: 'claude-sonnet-4-5', input: 5, output: 5, cacheRead: 5, cacheWrite: 5 }];
  const { s } = await lead(t, { rows });
  const cache = s.svc.state.cache!;
  const roster = Array.from({ length: 30 }, (_, i) => `dev${String(i + 1).padStart(2, '0')}@example.com`);
  const aliases = { 'dev01.old@example.com': 'dev01@example.com' };
  const sum = orgTeamSummary(cache.rows, { aliases, roster }, policy, cache.fetchedAt, NOW);
  assert.equal(sum.people, 30, 'two emails, one person');
  assert.equal(sum.tierDistribution.reduce((n, t) => n + t.count, 0), 30);
  assert.deepEqual(sum.roster.atZero.map((p) => p.name), ['dev05', 'dev10', 'dev15', 'dev20', 'dev25', 'dev30'].map((d) => `${d}@example.com`));
  assert.equal(sum.withheld, null);
  assert.ok(sum.agentMix.length > 0 && sum.modelMix.length > 0);
  // Without the alias the old email is a 31st person.
  assert.equal(orgTeamSummary(cache.rows, { aliases: {}, roster }, policy, cache.fetchedAt, NOW).people, 31);
  // The developer's own view finds both emails' rows.
  assert.equal(myRows(cache.rows, ['dev01@example.com'], aliases).filter((r) => r.date === TODAY).length, myRows(cache.rows, ['dev01@example.com', 'dev01.old@example.com']).filter((r) => r.date === TODAY).length);
  assert.ok(myRows(cache.rows, ['dev01@example.com'], aliases).some((r) => r.actor.email === 'Dev01.Old@example.com'));
});

test('k ≥ 5 on the fake: an org of four gets no agent or model mix', async (t) => {
  const { s } = await lead(t, { rows: stamp(generateOrgUsage(4, DAYS)) });
  const cache = s.svc.state.cache!;
  const sum = orgTeamSummary(cache.rows, { aliases: {}, roster: [] }, policy, cache.fetchedAt, NOW);
  assert.equal(sum.people, 4);
  assert.match(sum.withheld ?? '', /fewer than 5/);
  assert.deepEqual([sum.agentMix, sum.modelMix, sum.topTier.agentMix], [[], [], []]);
});

test('requests only while a view is visible (data older than 5 min) or once an hour', async (ctx) => {
  let t = NOW;
  const { fake, s } = await lead(ctx, { rows: stamp(generateOrgUsage(6, DAYS)) }, () => t);
  const asked = () => fake.requests.length;
  let n = asked();
  t += 4 * 60_000;
  await s.svc.visible();
  assert.equal(asked(), n, 'a view shown 4 min later: the cache is fresh enough');
  t += 2 * 60_000;
  await s.svc.visible();
  assert.ok(asked() > n, 'shown again after 6 min: fetched');
  n = asked();
  t += 30 * 60_000;
  await s.svc.refresh();
  assert.equal(asked(), n, 'no view: nothing within the hour');
  t += 31 * 60_000;
  await s.svc.refresh();
  assert.ok(asked() > n, 'no view: once an hour');
});

test('connected, but the key is gone from secret storage (code-server keeps secrets in memory): the cache stays, the message says to connect again', async (t) => {
  const { fake, s } = await lead(t, { rows: stamp(generateOrgUsage(5, DAYS)) });
  const cached = s.svc.state.cache;
  await s.deps.secrets.delete();
  const n = fake.requests.length;
  await s.svc.refresh(true);
  assert.equal(fake.requests.length, n, 'no request without a key');
  assert.equal(s.svc.state.cache, cached);
  assert.match(s.svc.state.error?.text ?? '', /not in this editor's secret storage.*Connect an Org Usage API/);
});

test('the Messages usage report as the source: people are its accounts (or API keys), the developer finds their rows by account id', async (t) => {
  const rows: FakeUsage[] = ['acct_a', 'acct_b', 'acct_c', 'acct_d', 'acct_e'].flatMap((userId, i) => DAYS.slice(-3).map((date) => ({ date, userId, model: 'claude-sonnet-4-5', input: 1000 * (i + 1), output: 10, cacheRead: 0, cacheWrite: 0 })));
  const fake = await startAnthropicFake({ rows, keys: KEYS });
  t.after(() => fake.close());
  const s = service(fake);
  await s.svc.connect('anthropic-messages', 'sk-ant-admin-lead');
  await s.svc.refresh(true);
  const cache = s.svc.state.cache!;
  assert.equal(cache.provider, 'anthropic-messages');
  const sum = orgTeamSummary(cache.rows, { aliases: {}, roster: [] }, policy, cache.fetchedAt, NOW);
  assert.equal(sum.people, 5);
  assert.deepEqual(sum.roster.atZero, []);
  assert.equal(myRows(cache.rows, ['ACCT_C']).reduce((n, r) => n + r.input, 0), 3 * 3000);
});

test('disconnecting while a fetch runs: its rows are dropped, no cache file comes back', async (t) => {
  const fake = await startAnthropicFake({ rows: stamp(generateOrgUsage(30, DAYS)), keys: KEYS, pageSize: 3 });
  t.after(() => fake.close());
  const s = service(fake);
  await s.svc.connect('anthropic-claude-code', 'sk-ant-admin-lead');
  const first = s.svc.refresh(true); // the fetch connect started, many pages long
  assert.equal(s.svc.state.fetching, true);
  await s.svc.disconnect();
  await first;
  assert.equal(s.svc.state.cache, undefined);
  assert.equal(fs.existsSync(s.file), false);
  assert.equal(s.secret(), undefined);
});

test('the OpenAI Usage API as the source: a project key is refused as the wrong kind; with an admin key, people by email, mine by email or user id', async (t) => {
  const rows = generateOrgUsage(6, DAYS.slice(-3));
  const fake = await startOpenAiFake({ rows, keys: { 'sk-admin-lead': 'admin' } });
  t.after(() => fake.close());
  const s = service(fake);
  assert.equal(await kindOf(s.svc.connect('openai-usage', 'sk-proj-abc')), 'wrong-key-type');
  assert.equal(s.secret(), undefined);
  await s.svc.connect('openai-usage', 'sk-admin-lead');
  await s.svc.refresh(true);
  const cache = s.svc.state.cache!;
  const sum = orgTeamSummary(cache.rows, { aliases: {}, roster: [] }, policy, cache.fetchedAt, NOW);
  assert.equal(sum.people, 5, 'dev05 has no rows');
  assert.ok(myRows(cache.rows, ['dev01@example.com']).length > 0);
  assert.equal(myRows(cache.rows, ['user-1']).length, myRows(cache.rows, ['dev01@example.com']).length);
});
