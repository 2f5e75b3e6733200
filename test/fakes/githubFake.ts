import { startFake, withRows } from './fakeHttp';
import type { FakeAnswer, FakeRequest, FakeServer } from './fakeHttp';
import type { FakeUsage } from './usage';

/**
 * A local GitHub Copilot usage metrics API (org-usage-apis.md §3): `GET
 * /orgs/{org}/copilot/metrics/reports/users-1-day?day=` (and `/enterprises/{e}/…`, `users-28-day/latest`)
 * answer `{download_links, report_day}`; each link serves NDJSON, one line per user with
 * `totals_by_cli.token_usage`. Links refuse an Authorization header, as signed storage URLs do.
 * Errors in GitHub's shape `{message, documentation_url, status}`.
 */

/** What a token may do: read the reports, or fail the way GitHub does. */
export type GithubTokenRole = 'admin' | 'not-admin' | 'missing-scope';

/** The fake's data, tokens, organisation and report files. */
export interface GithubFakeOptions {
  rows: FakeUsage[];
  /** Default: `ghp_test` as an org owner's token with manage_billing:copilot. */
  tokens?: Record<string, GithubTokenRole>;
  /** The organisation (or enterprise) the fake knows. Default `acme`. */
  org?: string;
  /** Report files per day (users are split across them): the "pages" of this API. Default 1. */
  filesPerDay?: number;
  /** Days after this one have no report yet (404), as GitHub generates reports once a day is complete. */
  latestDay?: string;
  /** Days before this one have no report (404), as GitHub keeps a year, from 2025-10-10. */
  firstDay?: string;
}

/** A running fake GitHub Copilot usage metrics API. */
export interface GithubFake extends FakeServer {
  rows: FakeUsage[];
  /** The next request answers GitHub's primary rate limit: 403 with `x-ratelimit-remaining: 0` and a reset time. */
  primaryRateLimit(resetEpochSeconds: number): void;
}

const DOCS = 'https://docs.github.com/rest/copilot/copilot-usage-metrics';
const errorBody = (status: number, _type: string, message: string) => ({ message, documentation_url: DOCS, status: String(status) });
const fail = (status: number, message: string, headers?: Record<string, string>): FakeAnswer => ({ status, headers, body: errorBody(status, '', message) });

/** Starts a fake GitHub API on 127.0.0.1, port 0; `close()` it after the test. */
export async function startGithubFake(opts: GithubFakeOptions): Promise<GithubFake> {
  const state = { rows: opts.rows, limitUntil: 0 };
  const tokens = opts.tokens ?? { ghp_test: 'admin' };
  const org = opts.org ?? 'acme';
  const files = opts.filesPerDay ?? 1;
  const fake = await startFake({
    errorBody,
    isLaterPage: (r) => /^\/downloads\/[^/]+\/([1-9]\d*)$/.test(r.url.pathname),
    handle(r, base) {
      if (r.url.pathname.startsWith('/downloads/')) return download(r, state.rows, files);
      if (state.limitUntil) {
        const reset = state.limitUntil;
        state.limitUntil = 0;
        return fail(403, 'API rate limit exceeded for user.', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
      }
      const role = tokens[/^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1] ?? ''];
      if (!role) return fail(401, 'Bad credentials');
      const m = /^\/(orgs|enterprises)\/([^/]+)\/copilot\/metrics\/reports\/(users-1-day|users-28-day\/latest)$/.exec(r.url.pathname);
      if (!m || m[2] !== org) return fail(404, 'Not Found');
      if (role === 'missing-scope') return fail(403, 'Resource not accessible by personal access token', { 'x-accepted-oauth-scopes': 'manage_billing:copilot, read:enterprise', 'x-oauth-scopes': 'repo' });
      if (role === 'not-admin') return fail(403, 'Must be an organization owner or billing manager to access Copilot usage metrics.', { 'x-accepted-oauth-scopes': 'manage_billing:copilot, read:enterprise', 'x-oauth-scopes': 'manage_billing:copilot' });
      if (m[3] === 'users-28-day/latest') return { status: 200, body: { download_links: [], report_start_day: '2026-10-01', report_end_day: '2026-10-28' } };
      const day = r.url.searchParams.get('day') ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return fail(422, 'day must be YYYY-MM-DD');
      if ((opts.latestDay && day > opts.latestDay) || (opts.firstDay && day < opts.firstDay)) return fail(404, 'Not Found');
      return { status: 200, body: { download_links: Array.from({ length: files }, (_, i) => `${base}/downloads/${day}/${i}?sv=2025-01-01&sig=fake-signature`), report_day: day } };
    },
  });
  return Object.assign(withRows(fake, state), {
    primaryRateLimit(resetEpochSeconds: number) {
      state.limitUntil = resetEpochSeconds;
    },
  });
}

/** One report file: the users whose position modulo the file count is this file's index. */
function download(r: FakeRequest, rows: FakeUsage[], files: number): FakeAnswer {
  if (r.headers.authorization) return { status: 400, body: '<Error><Code>InvalidAuthenticationInfo</Code></Error>' };
  const [, , day, index] = r.url.pathname.split('/');
  const perUser = new Map<string, { id: string; login?: string; prompt: number; output: number }>();
  for (const u of rows.filter((x) => x.date === day && x.userId)) {
    const cur = perUser.get(u.userId!) ?? { id: u.userId!, login: u.login, prompt: 0, output: 0 };
    cur.prompt += u.input;
    cur.output += u.output;
    perUser.set(u.userId!, cur);
  }
  const mine = [...perUser.values()].filter((_, i) => i % files === Number(index));
  const lines = mine.map((u) =>
    JSON.stringify({
      day,
      enterprise_id: 'ent-1',
      user_id: Number.isNaN(Number(u.id)) ? u.id : Number(u.id),
      user_login: u.login,
      user_initiated_interaction_count: 3,
      code_generation_activity_count: 2,
      code_acceptance_activity_count: 1,
      totals_by_ide: [{ ide: 'vscode', user_initiated_interaction_count: 3 }],
      ...(u.prompt + u.output > 0 ? { totals_by_cli: { session_count: 1, request_count: 2, prompt_count: 2, token_usage: { prompt_tokens_sum: u.prompt, output_tokens_sum: u.output, avg_tokens_per_request: (u.prompt + u.output) / 2 } } } : {}),
    }),
  );
  return { status: 200, headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') + (lines.length ? '\n' : '') };
}
