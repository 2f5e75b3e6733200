import { cursorFor, daysBetween, nextDay, offsetOf, startFake, withRows } from './fakeHttp';
import type { FakeAnswer, FakeRequest, FakeServer } from './fakeHttp';
import type { FakeUsage } from './usage';

/**
 * A local Anthropic Admin API (org-usage-apis.md §1): Claude Code Analytics
 * (`/v1/organizations/usage_report/claude_code`, one day per request, records per actor with a
 * model_breakdown, cursor `page`), the Messages usage report (`/v1/organizations/usage_report/messages`,
 * daily buckets grouped by `group_by[]`) and `/v1/organizations/me`, with errors in Anthropic's
 * shape `{type:"error", error:{type, message}}`.
 */

/** What a key may do: an admin key reads everything; the others fail the way the real API does. */
export type AnthropicKeyRole = 'admin' | 'not-admin' | 'missing-scope';

/** The fake's data, keys and page size. */
export interface AnthropicFakeOptions {
  rows: FakeUsage[];
  /** Keys the fake knows; any other key is rejected with 401. Default: `sk-ant-admin-test` as admin. */
  keys?: Record<string, AnthropicKeyRole>;
  /** Most records (Claude Code) or buckets (Messages) per page, below the request's `limit`. Default 1000. */
  pageSize?: number;
}

/** A running fake Anthropic Admin API. */
export interface AnthropicFake extends FakeServer {
  /** The served data; replace or edit it between fetches to play a revised day. */
  rows: FakeUsage[];
}

const errorBody = (_status: number, type: string, message: string) => ({ type: 'error', error: { type, message } });
const fail = (status: number, type: string, message: string): FakeAnswer => ({ status, body: errorBody(status, type, message) });

/** Starts a fake Anthropic Admin API on 127.0.0.1, port 0; `close()` it after the test. */
export async function startAnthropicFake(opts: AnthropicFakeOptions): Promise<AnthropicFake> {
  const state = { rows: opts.rows };
  const keys = opts.keys ?? { 'sk-ant-admin-test': 'admin' };
  const pageSize = opts.pageSize ?? 1000;
  const fake = await startFake({
    errorBody,
    isLaterPage: (r) => r.url.searchParams.has('page'),
    handle(r) {
      const role = keys[String(r.headers['x-api-key'] ?? '')];
      if (!role) return fail(401, 'authentication_error', 'invalid x-api-key');
      if (r.headers['anthropic-version'] !== '2023-06-01') return fail(400, 'invalid_request_error', 'anthropic-version header is required');
      if (role === 'not-admin') return fail(403, 'permission_error', 'This API key does not have permission to access the Admin API. Admin keys can only be created by organization admins.');
      if (role === 'missing-scope') return fail(403, 'permission_error', 'OAuth token does not meet scope requirement org:admin');
      if (r.url.pathname === '/v1/organizations/me') return { status: 200, body: { id: 'org-fake', type: 'organization', name: 'Fake Org' } };
      if (r.url.pathname === '/v1/organizations/usage_report/claude_code') return claudeCode(r, state.rows, pageSize);
      if (r.url.pathname === '/v1/organizations/usage_report/messages') return messages(r, state.rows, pageSize);
      return fail(404, 'not_found_error', `Not found: ${r.url.pathname}`);
    },
  });
  return withRows(fake, state);
}

function claudeCode(r: FakeRequest, rows: FakeUsage[], pageSize: number): FakeAnswer {
  const day = r.url.searchParams.get('starting_at') ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return fail(400, 'invalid_request_error', 'starting_at must be a UTC date, YYYY-MM-DD');
  const limit = Number(r.url.searchParams.get('limit') ?? 20);
  if (!(limit >= 1 && limit <= 1000)) return fail(400, 'invalid_request_error', 'limit must be between 1 and 1000');
  const start = offsetOf(r.url.searchParams.get('page'));
  if (Number.isNaN(start)) return fail(400, 'invalid_request_error', 'invalid page cursor');
  const byActor = new Map<string, FakeUsage[]>();
  for (const u of rows.filter((x) => x.date === day && (x.email || x.apiKeyName))) {
    const k = u.email ? `u:${u.email}` : `k:${u.apiKeyName}`;
    byActor.set(k, [...(byActor.get(k) ?? []), u]);
  }
  const records = [...byActor.values()].map((us) => ({
    date: `${day}T00:00:00Z`,
    actor: us[0]!.email ? { type: 'user_actor', email_address: us[0]!.email } : { type: 'api_actor', api_key_name: us[0]!.apiKeyName },
    organization_id: 'org-fake',
    customer_type: us[0]!.email ? 'subscription' : 'api',
    terminal_type: 'vscode',
    core_metrics: { num_sessions: 1, lines_of_code: { added: 0, removed: 0 }, commits_by_claude_code: 0, pull_requests_by_claude_code: 0 },
    tool_actions: { edit_tool: { accepted: 0, rejected: 0 }, multi_edit_tool: { accepted: 0, rejected: 0 }, write_tool: { accepted: 0, rejected: 0 }, notebook_edit_tool: { accepted: 0, rejected: 0 } },
    model_breakdown: us.map((u) => ({ model: u.model, tokens: { input: u.input, output: u.output, cache_read: u.cacheRead, cache_creation: u.cacheWrite }, estimated_cost: { currency: 'USD', amount: 0 } })),
  }));
  const size = Math.min(limit, pageSize);
  const hasMore = start + size < records.length;
  return { status: 200, body: { data: records.slice(start, start + size), has_more: hasMore, next_page: hasMore ? cursorFor(start + size) : null } };
}

function messages(r: FakeRequest, rows: FakeUsage[], pageSize: number): FakeAnswer {
  const from = (r.url.searchParams.get('starting_at') ?? '').slice(0, 10);
  const to = (r.url.searchParams.get('ending_at') ?? '').slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) return fail(400, 'invalid_request_error', 'starting_at is required (RFC 3339)');
  if (r.url.searchParams.get('bucket_width') !== '1d') return fail(400, 'invalid_request_error', 'this fake serves bucket_width=1d only');
  const limit = Number(r.url.searchParams.get('limit') ?? 7);
  if (!(limit >= 1 && limit <= 31)) return fail(400, 'invalid_request_error', 'limit must be between 1 and 31 for 1d buckets');
  const start = offsetOf(r.url.searchParams.get('page'));
  if (Number.isNaN(start)) return fail(400, 'invalid_request_error', 'invalid page cursor');
  const groups = r.url.searchParams.getAll('group_by[]');
  const days = daysBetween(from, to || from);
  const size = Math.min(limit, pageSize);
  const buckets = days.slice(start, start + size).map((day) => {
    const results = new Map<string, Record<string, unknown> & { uncached_input_tokens: number; output_tokens: number; cache_read_input_tokens: number; cache_creation: { ephemeral_1h_input_tokens: number; ephemeral_5m_input_tokens: number } }>();
    for (const u of rows.filter((x) => x.date === day)) {
      const dims = { account_id: groups.includes('account_id') ? (u.userId ?? null) : null, api_key_id: groups.includes('api_key_id') ? (u.apiKeyId ?? null) : null, model: groups.includes('model') ? u.model : null };
      const k = JSON.stringify(dims);
      const cur = results.get(k) ?? { ...dims, workspace_id: null, service_tier: null, context_window: null, uncached_input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 }, server_tool_use: { web_search_requests: 0 } };
      cur.uncached_input_tokens += u.input;
      cur.output_tokens += u.output;
      cur.cache_read_input_tokens += u.cacheRead;
      cur.cache_creation.ephemeral_5m_input_tokens += u.cacheWrite;
      results.set(k, cur);
    }
    return { starting_at: `${day}T00:00:00Z`, ending_at: `${nextDay(day)}T00:00:00Z`, results: [...results.values()] };
  });
  const hasMore = start + size < days.length;
  return { status: 200, body: { data: buckets, has_more: hasMore, next_page: hasMore ? cursorFor(start + size) : null } };
}
