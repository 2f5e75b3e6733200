import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { addPerson, createTeam } from '../src/teams';
import { pullClaudeCodeDay } from '../src/connectors/claudeCodeAnalytics';
import { call, startBackend, stopPostgres } from './harness';

after(() => stopPostgres());

/** A local stand-in for `GET /v1/organizations/usage_report/claude_code`, in the documented shapes. */
function fakeAnalyticsApi(records: unknown[], pageSize: number): Promise<{ url: string; requests: URL[]; close: () => void }> {
  const requests: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url);
    if (req.headers['x-api-key'] !== 'sk-ant-admin-test' || req.headers['anthropic-version'] !== '2023-06-01') {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }));
      return;
    }
    const day = url.searchParams.get('starting_at');
    const start = Number(url.searchParams.get('page') ?? 0);
    const forDay = records.filter((r) => (r as { date: string }).date.startsWith(day ?? '-'));
    const data = forDay.slice(start, start + pageSize);
    const hasMore = start + pageSize < forDay.length;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data, has_more: hasMore, next_page: hasMore ? String(start + pageSize) : null }));
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => server.close() })));
}

function record(email: string | null, models: Array<[string, number, number, number, number]>, date = '2026-11-20T00:00:00Z') {
  return {
    date,
    actor: email ? { type: 'user_actor', email_address: email } : { type: 'api_actor', api_key_name: 'ci-bot' },
    organization_id: 'org-1',
    customer_type: 'subscription',
    terminal_type: 'vscode',
    core_metrics: { num_sessions: 3, lines_of_code: { added: 10, removed: 2 }, commits_by_claude_code: 1, pull_requests_by_claude_code: 0 },
    tool_actions: { edit_tool: { accepted: 1, rejected: 0 } },
    model_breakdown: models.map(([model, input, output, cacheRead, cacheCreation]) => ({ model, tokens: { input, output, cache_read: cacheRead, cache_creation: cacheCreation }, estimated_cost: { currency: 'USD', amount: 123 } })),
  };
}

test('the Claude Code Analytics connector pages through a day and attributes rows by email', async () => {
  const b = await startBackend('sqlite');
  const records = [
    record('Ana@Example.com', [['claude-sonnet-4-5', 10, 20, 300, 4], ['claude-opus-4-1', 1, 2, 3, 4]]),
    record('stranger@elsewhere.com', [['claude-sonnet-4-5', 1, 1, 1, 1]]),
    record(null, [['claude-sonnet-4-5', 5, 5, 5, 5]]),
    { date: '2026-11-20T00:00:00Z', actor: { type: 'user_actor' } },
    record('ana@example.com', [['claude-sonnet-4-5', 9, 9, 9, 9]], '2026-11-19T00:00:00Z'),
  ];
  const api = await fakeAnalyticsApi(records, 2);
  try {
    await createTeam(b.db, 'Platform');
    const { token } = await addPerson(b.db, 1, 'Ana', 'ana@example.com');
    const cfg = { baseUrl: api.url, adminKey: 'sk-ant-admin-test' };
    const r = await pullClaudeCodeDay(b.db, 1, '2026-11-20', cfg);
    assert.deepEqual(r, { records: 4, attributed: 1, unattributed: 2, skipped: 1 });
    assert.deepEqual(api.requests.map((u) => u.searchParams.get('page')), [null, '2']);
    assert.ok(api.requests.every((u) => u.pathname === '/v1/organizations/usage_report/claude_code' && u.searchParams.get('limit') === '1000'));
    // pulling the same day again replaces, it does not add
    await pullClaudeCodeDay(b.db, 1, '2026-11-20', cfg);
    const me = await call(b, 'GET', '/api/v1/me', token);
    assert.deepEqual(me.json.analytics, [{ date: '2026-11-20', total: 334 + 10 }]);
    await assert.rejects(pullClaudeCodeDay(b.db, 1, '2026-11-20', { ...cfg, adminKey: 'wrong' }), /401/);
  } finally {
    api.close();
    await b.close();
  }
});
