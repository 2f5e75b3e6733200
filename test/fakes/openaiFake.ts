import { cursorFor, daysBetween, offsetOf, startFake, withRows } from './fakeHttp';
import type { FakeAnswer, FakeRequest, FakeServer } from './fakeHttp';
import type { FakeUsage } from './usage';

/**
 * A local OpenAI Admin API (org-usage-apis.md §2.1, OAI-SPEC): `GET /v1/organization/usage/completions`
 * (daily buckets, `group_by`, `page` = `next_page`) and `GET /v1/organization/users` (paged by
 * `after`), with errors in OpenAI's shape `{error:{message, type, param, code}}`. As OpenAI does,
 * `input_tokens` INCLUDES `input_cached_tokens`; a row's cacheWrite has no OpenAI field and is not served.
 */

/** `usage-only`: a restricted Admin key that reads usage but not the user list. */
export type OpenAiKeyRole = 'admin' | 'not-admin' | 'missing-scope' | 'usage-only';

/** The fake's data, keys and page size. */
export interface OpenAiFakeOptions {
  rows: FakeUsage[];
  /** Default: `sk-admin-test` as an Owner's Admin key; any other key gets 401. */
  keys?: Record<string, OpenAiKeyRole>;
  /** Most buckets (usage) or users per page, below the request's `limit`. Default 31. */
  pageSize?: number;
}

/** A running fake OpenAI Admin API. */
export interface OpenAiFake extends FakeServer {
  rows: FakeUsage[];
}

const errorBody = (status: number, type: string, message: string) => ({ error: { message, type: status === 429 ? 'rate_limit_exceeded' : type === 'api_error' ? 'server_error' : type, param: null, code: null } });
const fail = (status: number, message: string, code: string | null = null): FakeAnswer => ({ status, body: { error: { message, type: 'invalid_request_error', param: null, code } } });

/** Starts a fake OpenAI Admin API on 127.0.0.1, port 0; `close()` it after the test. */
export async function startOpenAiFake(opts: OpenAiFakeOptions): Promise<OpenAiFake> {
  const state = { rows: opts.rows };
  const keys = opts.keys ?? { 'sk-admin-test': 'admin' };
  const pageSize = opts.pageSize ?? 31;
  const fake = await startFake({
    errorBody,
    isLaterPage: (r) => r.url.searchParams.has('page') || r.url.searchParams.has('after'),
    handle(r) {
      const key = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1] ?? '';
      const role = keys[key];
      if (!role) return fail(401, `Incorrect API key provided: ${key.slice(0, 6)}***. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_api_key');
      if (role === 'missing-scope') return fail(401, "You have insufficient permissions for this operation. Missing scopes: api.usage.read. Check that you have the correct role in your organization (Owner), and if you're using a restricted API key, that it has the necessary scopes.");
      if (role === 'not-admin') return fail(403, 'Only organization owners may access usage data.');
      if (r.url.pathname === '/v1/organization/usage/completions') return completions(r, state.rows, pageSize);
      if (r.url.pathname === '/v1/organization/users') {
        if (role === 'usage-only') return fail(401, "You have insufficient permissions for this operation. Missing scopes: api.management.read. Check that you have the correct role in your organization (Owner), and if you're using a restricted API key, that it has the necessary scopes.");
        return users(r, state.rows, pageSize);
      }
      return fail(404, `Invalid URL (GET ${r.url.pathname})`);
    },
  });
  return withRows(fake, state);
}

const dayOf = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 10);

function completions(r: FakeRequest, rows: FakeUsage[], pageSize: number): FakeAnswer {
  const startTime = Number(r.url.searchParams.get('start_time'));
  if (!Number.isInteger(startTime)) return fail(400, 'start_time is required');
  const endTime = Number(r.url.searchParams.get('end_time') ?? startTime + 86_400);
  if (r.url.searchParams.get('bucket_width') !== '1d') return fail(400, 'this fake serves bucket_width=1d only');
  const limit = Number(r.url.searchParams.get('limit') ?? 7);
  if (!(limit >= 1 && limit <= 31)) return fail(400, 'limit must be between 1 and 31 for 1d buckets');
  const start = offsetOf(r.url.searchParams.get('page'));
  if (Number.isNaN(start)) return fail(400, 'invalid page');
  const groups = [...r.url.searchParams.getAll('group_by'), ...r.url.searchParams.getAll('group_by[]')];
  const days = daysBetween(dayOf(startTime), dayOf(endTime));
  const size = Math.min(limit, pageSize);
  const data = days.slice(start, start + size).map((day) => {
    const results = new Map<string, Record<string, unknown> & { input_tokens: number; input_cached_tokens: number; output_tokens: number; num_model_requests: number }>();
    for (const u of rows.filter((x) => x.date === day)) {
      const dims = { project_id: null, user_id: groups.includes('user_id') ? (u.userId ?? null) : null, api_key_id: groups.includes('api_key_id') ? (u.apiKeyId ?? null) : null, model: groups.includes('model') ? u.model : null, batch: null, service_tier: null };
      const k = JSON.stringify(dims);
      const cur = results.get(k) ?? { object: 'organization.usage.completions.result', ...dims, input_tokens: 0, input_cached_tokens: 0, output_tokens: 0, input_audio_tokens: 0, output_audio_tokens: 0, num_model_requests: 0 };
      // OpenAI's input_tokens counts cached input too.
      cur.input_tokens += u.input + u.cacheRead;
      cur.input_cached_tokens += u.cacheRead;
      cur.output_tokens += u.output;
      cur.num_model_requests += 1;
      results.set(k, cur);
    }
    const t = Date.parse(`${day}T00:00:00Z`) / 1000;
    return { object: 'bucket', start_time: t, end_time: t + 86_400, results: [...results.values()] };
  });
  const hasMore = start + size < days.length;
  return { status: 200, body: { object: 'page', data, has_more: hasMore, next_page: hasMore ? cursorFor(start + size) : null } };
}

function users(r: FakeRequest, rows: FakeUsage[], pageSize: number): FakeAnswer {
  const all = [...new Map(rows.filter((u) => u.userId && u.email).map((u) => [u.userId!, u.email!])).entries()].sort();
  const limit = Math.min(Number(r.url.searchParams.get('limit') ?? 20), pageSize);
  const after = r.url.searchParams.get('after');
  const from = after ? all.findIndex(([id]) => id === after) + 1 : 0;
  const page = all.slice(from, from + limit).map(([id, email]) => ({ object: 'organization.user', id, name: email.split('@')[0], email, role: 'reader', added_at: 1_700_000_000 }));
  return { status: 200, body: { object: 'list', data: page, first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null, has_more: from + limit < all.length } };
}
