import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GithubCopilotClient } from '../../../../src/sync/orgApi/githubCopilot';
import { OrgApiError } from '../../../../src/sync/orgApi/types';
import { startGithubFake } from '../../../fakes/githubFake';
import type { FakeUsage } from '../../../fakes/usage';

const DAY = '2026-11-20';
const NOW = Date.parse('2026-11-23T12:00:00Z');
const dev = (id: number, login: string, input: number, output: number, date = DAY): FakeUsage => ({ date, userId: String(id), login, model: 'x', input, output, cacheRead: 0, cacheWrite: 0 });

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof OrgApiError, String(e));
    return e.kind;
  }
  return 'resolved';
}

test('Copilot metrics: a day in 3 report files, Copilot CLI tokens per user; the token never goes to the download host', async () => {
  const fake = await startGithubFake({ rows: [dev(1, 'ana', 1000, 200), dev(2, 'bo', 10, 2), dev(3, 'cy', 0, 0), dev(4, 'di', 5, 5)], filesPerDay: 3 });
  try {
    const client = new GithubCopilotClient({ baseUrl: fake.url, key: 'ghp_test', org: 'acme', now: () => NOW });
    const got = await client.fetchDays(DAY, DAY);
    assert.equal(fake.requests[0]!.url.pathname, '/orgs/acme/copilot/metrics/reports/users-1-day');
    assert.equal(fake.requests[0]!.url.searchParams.get('day'), DAY);
    assert.equal(fake.requests[0]!.headers['x-github-api-version'], '2026-03-10');
    const downloads = fake.requests.filter((r) => r.url.pathname.startsWith('/downloads/'));
    assert.equal(downloads.length, 3);
    assert.ok(downloads.every((r) => r.headers.authorization === undefined));
    // cy had no CLI tokens (IDE use only): no row.
    assert.deepEqual(got.map((r) => [r.actor.login, r.input, r.output]).sort(), [['ana', 1000, 200], ['bo', 10, 2], ['di', 5, 5]]);
    assert.deepEqual(got.find((r) => r.actor.login === 'ana'), { provider: 'github-copilot', date: DAY, actor: { userId: '1', login: 'ana' }, agent: 'copilot-cli', model: 'unknown', input: 1000, output: 200, cacheRead: 0, cacheWrite: 0 });
  } finally {
    await fake.close();
  }
});

test('Copilot metrics: a report file missing mid-way fails the day; a report not generated yet is fine for the last two days only', async () => {
  const fake = await startGithubFake({ rows: [dev(1, 'ana', 1, 1)], filesPerDay: 2, latestDay: '2026-11-20', firstDay: '2025-10-10' });
  try {
    const client = new GithubCopilotClient({ baseUrl: fake.url, key: 'ghp_test', org: 'acme', now: () => NOW, maxRetries: 0 });
    fake.failLaterPage(404);
    assert.equal(await kindOf(client.fetchDays(DAY, DAY)), 'bad-response');
    assert.equal((await client.fetchDays('2026-11-20', '2026-11-22')).length, 1, '11-21 and 11-22 are not generated yet');
    const old = new GithubCopilotClient({ baseUrl: fake.url, key: 'ghp_test', org: 'acme', now: () => Date.parse('2026-12-30T00:00:00Z') });
    assert.equal(await kindOf(old.fetchDays('2026-11-21', '2026-11-21')), 'rejected');
    await assert.rejects(client.fetchDays('2025-09-01', '2025-09-01'), /GitHub keeps them for one year, and none before 2025-10-10/);
  } finally {
    await fake.close();
  }
});

test('Copilot metrics: missing scope, not an owner, bad token, unknown org, an OpenAI key; primary rate limit waits for the reset', async () => {
  const fake = await startGithubFake({ rows: [dev(1, 'ana', 1, 1)], tokens: { ghp_test: 'admin', ghp_repo: 'missing-scope', github_pat_member: 'not-admin' } });
  try {
    const c = (key: string, org = 'acme') => new GithubCopilotClient({ baseUrl: fake.url, key, org, now: () => NOW });
    assert.equal(await kindOf(c('ghp_repo').checkKey()), 'missing-scope');
    assert.equal(await kindOf(c('github_pat_member').checkKey()), 'not-admin');
    assert.equal(await kindOf(c('ghp_nope').checkKey()), 'rejected');
    assert.equal(await kindOf(c('ghp_test', 'other').checkKey()), 'rejected');
    assert.equal(await kindOf(c('sk-admin-x').checkKey()), 'wrong-key-type');
    await c('ghp_test').checkKey();
    const waits: number[] = [];
    fake.primaryRateLimit(NOW / 1000 + 30);
    const got = await new GithubCopilotClient({ baseUrl: fake.url, key: 'ghp_test', org: 'acme', now: () => NOW, sleep: async (ms) => void waits.push(ms) }).fetchDays(DAY, DAY);
    assert.deepEqual(waits, [30_000]);
    assert.equal(got.length, 1);
  } finally {
    await fake.close();
  }
});

test('Copilot metrics: enterprise reports live under /enterprises/{enterprise}/', async () => {
  const fake = await startGithubFake({ rows: [dev(7, 'eve', 3, 4)], org: 'bigco' });
  try {
    const got = await new GithubCopilotClient({ baseUrl: fake.url, key: 'ghp_test', enterprise: 'bigco', now: () => NOW }).fetchDays(DAY, DAY);
    assert.equal(fake.requests[0]!.url.pathname, '/enterprises/bigco/copilot/metrics/reports/users-1-day');
    assert.equal(got[0]!.actor.login, 'eve');
  } finally {
    await fake.close();
  }
});
