import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { addPerson, createTeam } from '../src/teams';
import { connectorsFromEnv } from '../src/connectors/config';
import type { Connector } from '../src/connectors/config';
import { linkIdentity } from '../src/connectors/identities';
import { runConnector } from '../src/connectors/run';
import { runConnectorsOnce, startScheduler } from '../src/connectors/scheduler';
import { openDb } from '../src/db/db';
import type { Db } from '../src/db/db';
import { AnthropicClaudeCodeClient } from '../../src/sync/orgApi/anthropicClaudeCode';
import { OpenAiUsageClient } from '../../src/sync/orgApi/openaiUsage';
import { GithubCopilotClient } from '../../src/sync/orgApi/githubCopilot';
import { startAnthropicFake } from '../../test/fakes/anthropicFake';
import { startOpenAiFake } from '../../test/fakes/openaiFake';
import { startGithubFake } from '../../test/fakes/githubFake';
import type { FakeUsage } from '../../test/fakes/usage';
import { call, startBackend, stopPostgres } from './harness';

after(() => stopPostgres());

const DAY = '2026-11-20';
const use = (email: string | undefined, model: string, n: [number, number, number, number], extra: Partial<FakeUsage> = {}): FakeUsage => ({ date: DAY, email, model, input: n[0], output: n[1], cacheRead: n[2], cacheWrite: n[3], ...extra });

async function orgRows(db: Db, source: string) {
  return (await db.all<{ email: string; date: string; model: string; total: number }>(
    'SELECT p.email, o.date, o.model, o.input + o.output + o.cache_read + o.cache_write AS total FROM org_usage_daily o JOIN people p ON p.id = o.person_id WHERE o.source = ? ORDER BY p.email, o.date, o.model',
    [source],
  )).map((r) => [r.email, r.date, r.model, Number(r.total)]);
}

test('Claude Code Analytics connector: pages, attributes by email (any case), leaves API keys and strangers out, and a revised day replaces', async () => {
  const b = await startBackend('sqlite', () => Date.parse('2026-11-22T12:00:00Z'));
  const fake = await startAnthropicFake({
    pageSize: 2,
    rows: [use('Ana@Example.com', 'claude-sonnet-4-5', [10, 20, 300, 4]), use('ana@example.com', 'claude-opus-4-1', [1, 2, 3, 4]), use('stranger@elsewhere.com', 'claude-sonnet-4-5', [1, 1, 1, 1]), use(undefined, 'claude-sonnet-4-5', [5, 5, 5, 5], { apiKeyName: 'ci-bot' }), use('bo@example.com', 'claude-sonnet-4-5', [9, 9, 9, 9], { date: '2026-11-19' })],
  });
  try {
    await createTeam(b.db, 'Platform');
    const { token } = await addPerson(b.db, 1, 'Ana', 'ana@example.com');
    const c: Connector = { provider: 'anthropic-claude-code', client: new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test' }) };
    const r = await runConnector(b.db, 1, c, DAY, DAY);
    assert.deepEqual(r, { ok: true, rows: 4, attributed: 2, unattributed: 2, unattributedActors: ['email:stranger@elsewhere.com', 'apiKeyName:ci-bot'] });
    assert.deepEqual(await orgRows(b.db, 'claude-code-analytics'), [['ana@example.com', DAY, 'claude-opus-4-1', 10], ['ana@example.com', DAY, 'claude-sonnet-4-5', 334]]);
    // The provider revises the day: the next run replaces it (not adds), and a model that vanished goes.
    fake.rows = [use('ana@example.com', 'claude-sonnet-4-5', [20, 20, 300, 4])];
    await runConnector(b.db, 1, c, DAY, DAY);
    await runConnector(b.db, 1, c, DAY, DAY);
    assert.deepEqual(await orgRows(b.db, 'claude-code-analytics'), [['ana@example.com', DAY, 'claude-sonnet-4-5', 344]]);
    const me = await call(b, 'GET', '/api/v1/me', token);
    assert.deepEqual(me.json.analytics, [{ date: DAY, total: 344 }]);
    // Beside the local count (none reported here), with the reason; the summary gives admins the same line by name.
    assert.deepEqual(me.json.orgBeside, [{ source: 'claude-code-analytics', label: 'Claude Code Analytics', org: 344, local: 0, localAgents: ['claude-code'], explanation: 'The org counts more: it includes other machines, the web and cloud sessions, and machines not reporting to Token Tier; first-party Claude API only (no Bedrock or Vertex); UTC days.' }]);
    // A key the API rejects: the run fails with its kind and stores nothing new (the day keeps its rows).
    const bad = await runConnector(b.db, 1, { ...c, client: new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-wrong' }) }, DAY, DAY);
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.kind, 'rejected');
    // A page missing mid-way: nothing half-stored either.
    fake.rows = ['a', 'b', 'c'].map((p) => use(`${p}@example.com`, 'm', [1, 1, 1, 1])).concat(use('ana@example.com', 'm', [0, 0, 0, 1]));
    fake.failLaterPage(404);
    assert.equal((await runConnector(b.db, 1, c, DAY, DAY)).ok, false);
    assert.deepEqual(await orgRows(b.db, 'claude-code-analytics'), [['ana@example.com', DAY, 'claude-sonnet-4-5', 344]]);
  } finally {
    await fake.close();
    await b.close();
  }
});

test('identities: a second email adds up with the first; an OpenAI user resolves through its email; a GitHub login needs a link', async () => {
  const b = await startBackend('sqlite', () => Date.parse('2026-11-22T12:00:00Z'));
  const anthropic = await startAnthropicFake({ rows: [use('ana@example.com', 'm', [1, 0, 0, 0]), use('ana.personal@gmail.com', 'm', [10, 0, 0, 0])] });
  const openai = await startOpenAiFake({ rows: [use('bo@example.com', 'gpt-5', [100, 10, 900, 0], { userId: 'user-bo' }), use(undefined, 'gpt-5', [5, 5, 0, 0], { userId: 'user-cy' })] });
  const github = await startGithubFake({ rows: [use(undefined, 'x', [70, 7, 0, 0], { userId: '42', login: 'Cy-Dev' })] });
  try {
    await createTeam(b.db, 'Platform');
    const tokens: string[] = [];
    for (const [name, email] of [['Ana', 'ana@example.com'], ['Bo', 'bo@example.com'], ['Cy', 'cy@example.com']] as const) tokens.push((await addPerson(b.db, 1, name, email)).token);
    assert.ok(await linkIdentity(b.db, 1, 'ana@example.com', 'email', 'Ana.Personal@gmail.com'));
    assert.ok(await linkIdentity(b.db, 1, 'cy@example.com', 'github-login', 'cy-dev'));
    assert.equal(await linkIdentity(b.db, 1, 'nobody@example.com', 'email', 'x@y.z'), undefined);
    const now = Date.parse('2026-11-22T12:00:00Z');
    const connectors: Connector[] = [
      { provider: 'anthropic-claude-code', client: new AnthropicClaudeCodeClient({ baseUrl: anthropic.url, key: 'sk-ant-admin-test' }) },
      { provider: 'openai-usage', client: new OpenAiUsageClient({ baseUrl: openai.url, key: 'sk-admin-test' }) },
      { provider: 'github-copilot', client: new GithubCopilotClient({ baseUrl: github.url, key: 'ghp_test', org: 'acme', now: () => now }) },
    ];
    const lines: string[] = [];
    assert.equal(await runConnectorsOnce(b.db, 1, connectors, (l) => lines.push(l), { now: () => now }), true);
    assert.deepEqual(await orgRows(b.db, 'claude-code-analytics'), [['ana@example.com', DAY, 'm', 11]]);
    // OpenAI: 100 uncached + 900 cached (input_tokens 1000 on the wire) + 10 output = 1010.
    assert.deepEqual(await orgRows(b.db, 'openai-usage'), [['bo@example.com', DAY, 'gpt-5', 1010]]);
    assert.deepEqual(await orgRows(b.db, 'github-copilot'), [['cy@example.com', DAY, 'unknown', 77]]);
    assert.match(lines.join('\n'), /openai-usage 2026-11-20\.\.2026-11-22: 1 of 2 rows attributed; 1 not attributed to anyone in the team \(userId:user-cy\)/);
    // /me's `analytics` is Claude Code Analytics only: Bo's OpenAI tokens are in his orgBeside line, not there.
    const bo = await call(b, 'GET', '/api/v1/me', tokens[1]);
    assert.deepEqual(bo.json.analytics, []);
    assert.deepEqual((bo.json.orgBeside as Array<{ source: string; org: number }>).map((l) => [l.source, l.org]), [['openai-usage', 1010]]);
  } finally {
    await Promise.all([anthropic.close(), openai.close(), github.close()]);
    await b.close();
  }
});

test('the environment picks the connectors (keys only from the server env)', () => {
  assert.deepEqual(connectorsFromEnv({}).map((c) => c.provider), []);
  assert.deepEqual(connectorsFromEnv({ ANTHROPIC_ADMIN_KEY: 'k', ANTHROPIC_MESSAGES: '1', OPENAI_ADMIN_KEY: 'k', GITHUB_TOKEN: 't', GITHUB_ORG: 'acme' }).map((c) => c.provider), ['anthropic-claude-code', 'anthropic-messages', 'openai-usage', 'github-copilot']);
  assert.deepEqual(connectorsFromEnv({ GITHUB_TOKEN: 't' }).map((c) => c.provider), [], 'GitHub needs an org or enterprise');
});

test('PostgreSQL: two servers running the same connector at once count each day once; a run another server just did is skipped', async () => {
  const b = await startBackend('postgres');
  const fake = await startAnthropicFake({ rows: [use('ana@example.com', 'm', [1, 2, 3, 4]), use('ana@example.com', 'n', [5, 5, 5, 5], { date: '2026-11-21' })], pageSize: 1 });
  // A second process's view of the same database: its own pool.
  const other = await openDb({ databaseUrl: b.databaseUrl, sqlitePath: '' });
  try {
    await createTeam(b.db, 'Platform');
    await addPerson(b.db, 1, 'Ana', 'ana@example.com');
    const c: Connector = { provider: 'anthropic-claude-code', client: new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test' }) };
    const second = other;
    const runs = await Promise.all([1, 2, 3, 4].map((i) => runConnector(i % 2 ? b.db : second, 1, c, DAY, '2026-11-21')));
    assert.ok(runs.every((r) => r.ok));
    assert.deepEqual(await orgRows(b.db, 'claude-code-analytics'), [['ana@example.com', DAY, 'm', 10], ['ana@example.com', '2026-11-21', 'n', 20]]);
    const now = Date.parse('2026-11-21T12:00:00Z');
    const before = fake.requests.length;
    const log: string[] = [];
    const both = await Promise.all([b.db, second].map((db) => runConnectorsOnce(db, 1, [c], (l) => log.push(l), { now: () => now, skipFresh: true })));
    assert.deepEqual(both, [true, true]);
    assert.equal(log.filter((l) => /skipped/.test(l)).length, 1, log.join('\n'));
    assert.equal(fake.requests.length - before, 3, 'one server fetched the 3 recent days, one request each');
    assert.deepEqual(await orgRows(b.db, 'claude-code-analytics'), [['ana@example.com', DAY, 'm', 10], ['ana@example.com', '2026-11-21', 'n', 20]]);
  } finally {
    await other.close();
    await fake.close();
    await b.close();
  }
});

test('the scheduler runs at once, then every interval, and stops when told', async () => {
  const b = await startBackend('sqlite');
  const today = new Date().toISOString().slice(0, 10);
  const fake = await startAnthropicFake({ rows: [use('ana@example.com', 'm', [1, 1, 1, 1], { date: today })] });
  try {
    await createTeam(b.db, 'Platform');
    await addPerson(b.db, 1, 'Ana', 'ana@example.com');
    const lines: string[] = [];
    const c: Connector = { provider: 'anthropic-claude-code', client: new AnthropicClaudeCodeClient({ baseUrl: fake.url, key: 'sk-ant-admin-test' }) };
    const stop = startScheduler(b.db, 1, [c], (l) => lines.push(l), { intervalMs: 40, freshMs: 0 });
    const end = Date.now() + 10_000;
    while (lines.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    stop();
    await new Promise((r) => setTimeout(r, 150));
    const after = lines.length;
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(after >= 3, lines.join('\n'));
    assert.equal(lines.length, after, 'no run after stop');
    assert.ok(lines.every((l) => /claude-code-analytics .*: 1 of 1 rows attributed/.test(l)), lines.join('\n'));
    assert.deepEqual(await orgRows(b.db, 'claude-code-analytics'), [['ana@example.com', today, 'm', 4]]);
  } finally {
    await fake.close();
    await b.close();
  }
});
