import * as z from 'zod';
import { addDays, dateRange } from '../../core/time';
import { OrgApiError } from './types';
import { getJson } from './http';
import type { ErrorClassifier } from './http';
import type { OrgClientOptions, OrgUsageClient, OrgUsageRow } from './types';

/**
 * GitHub Copilot usage metrics, `users-1-day` reports (org-usage-apis.md §3;
 * https://docs.github.com/en/rest/copilot/copilot-usage-metrics): `GET
 * /orgs/{org}/copilot/metrics/reports/users-1-day?day=YYYY-MM-DD` (or `/enterprises/{enterprise}/…`)
 * answers `{download_links, report_day}`; each link is a signed NDJSON file, one line per user.
 * Only Copilot CLI has token sums (`totals_by_cli.token_usage`); IDE completions and chat are
 * counts, so they are not rows here.
 */

/** Production base URL of the GitHub REST API (GitHub Enterprise Server: https://HOST/api/v3). */
export const GITHUB_BASE_URL = 'https://api.github.com';

/** The first day GitHub has usage-metrics reports for (org-usage-apis.md §3). */
export const FIRST_REPORT_DAY = '2025-10-10';

/** Where the reports live: an organisation or an enterprise. */
export interface GithubCopilotOptions extends OrgClientOptions {
  org?: string;
  enterprise?: string;
}

const LinksSchema = z.object({ download_links: z.array(z.string().url()) });
const UserLine = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}/).optional(),
  user_id: z.union([z.number(), z.string()]),
  user_login: z.string().optional(),
  totals_by_cli: z
    .object({ token_usage: z.object({ prompt_tokens_sum: z.number().nonnegative(), output_tokens_sum: z.number().nonnegative() }).nullable().optional() })
    .nullable()
    .optional(),
});
const ReportSchema = z.array(UserLine);

/** GitHub's documented error body: `{message, documentation_url}`. */
const ErrorBody = z.object({ message: z.string() });

const classify: ErrorClassifier = (status, body, headers) => {
  const said = ErrorBody.safeParse(body).data?.message ?? '';
  if (status === 401) return new OrgApiError('rejected', `the token was rejected (401${said ? `: ${said}` : ''})`);
  if (status === 403) {
    // Classic tokens: GitHub lists the scopes the endpoint accepts and the ones the token has.
    const accepted = (headers.get('x-accepted-oauth-scopes') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const has = (headers.get('x-oauth-scopes') ?? '').split(',').map((s) => s.trim());
    if ((accepted.length && !accepted.some((s) => has.includes(s))) || /not accessible by (personal access token|integration)/i.test(said)) {
      return new OrgApiError('missing-scope', `the token lacks the permission (403${said ? `: ${said}` : ''}). Classic tokens need manage_billing:copilot or read:enterprise; fine-grained tokens need "Copilot metrics" (read).`);
    }
    return new OrgApiError('not-admin', `the token's owner may not read Copilot usage metrics (403${said ? `: ${said}` : ''}). It takes an owner or billing manager, and the "Copilot usage metrics" policy enabled.`);
  }
  if (status === 404) return new OrgApiError('rejected', `not found (404${said ? `: ${said}` : ''}): check the organisation or enterprise name, and that the token can see it`);
  return undefined;
};

/** An Anthropic or OpenAI key pasted where a GitHub token belongs: say so before sending it to GitHub. */
function checkKeyShape(key: string): void {
  if (/^sk-/.test(key)) throw new OrgApiError('wrong-key-type', 'This looks like an Anthropic or OpenAI key; Copilot metrics need a GitHub token (ghp_… or github_pat_…).');
}

/** GitHub's primary rate limit answers 403 with `x-ratelimit-remaining: 0`. */
const rateLimited = (status: number, headers: Headers) => status === 403 && headers.get('x-ratelimit-remaining') === '0';

/** The Copilot usage metrics client: Copilot CLI tokens per user (id and login; the reports carry no email). */
export class GithubCopilotClient implements OrgUsageClient {
  readonly provider = 'github-copilot' as const;

  constructor(private readonly opts: GithubCopilotOptions) {
    if (!opts.org === !opts.enterprise) throw new OrgApiError('rejected', 'GitHub Copilot metrics need exactly one of an organisation or an enterprise');
  }

  private get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.opts.key}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2026-03-10', 'user-agent': 'token-tier/0.1 (org usage connector)' };
  }

  private reportUrl(report: string): URL {
    const owner = this.opts.org ? `orgs/${encodeURIComponent(this.opts.org)}` : `enterprises/${encodeURIComponent(this.opts.enterprise!)}`;
    return new URL(`/${owner}/copilot/metrics/reports/${report}`, this.opts.baseUrl ?? GITHUB_BASE_URL);
  }

  async checkKey(): Promise<void> {
    checkKeyShape(this.opts.key);
    await getJson(this.opts, { url: this.reportUrl('users-28-day/latest'), headers: this.headers, schema: LinksSchema, api: 'GitHub Copilot metrics', classify, rateLimited });
  }

  async fetchDays(from: string, to: string): Promise<OrgUsageRow[]> {
    checkKeyShape(this.opts.key);
    const rows: OrgUsageRow[] = [];
    const today = new Date((this.opts.now ?? Date.now)()).toISOString().slice(0, 10);
    for (const day of dateRange(from, to)) {
      const url = this.reportUrl('users-1-day');
      url.searchParams.set('day', day);
      let links: string[];
      try {
        links = (await getJson(this.opts, { url, headers: this.headers, schema: LinksSchema, api: 'GitHub Copilot metrics', classify, rateLimited })).download_links;
      } catch (e) {
        // Reports are generated daily for complete days: the last two may not exist yet; older ones must.
        if (e instanceof OrgApiError && e.status === 404 && day >= addDays(today, -2)) {
          this.opts.log?.(`GitHub Copilot metrics: no users-1-day report for ${day} yet`);
          continue;
        }
        if (e instanceof OrgApiError && e.status === 404 && (day < FIRST_REPORT_DAY || day < addDays(today, -365))) {
          throw new OrgApiError('rejected', `GitHub Copilot metrics: no users-1-day report for ${day} — GitHub keeps them for one year, and none before ${FIRST_REPORT_DAY}`, 404);
        }
        throw e;
      }
      for (const link of links) {
        // A signed link: no Authorization header, so the token never goes to the storage host.
        const lines = await getJson({ ...this.opts, key: '' }, { url: link, headers: { 'user-agent': 'token-tier/0.1 (org usage connector)' }, schema: ReportSchema, api: 'GitHub Copilot report download', classify: downloadError, ndjson: true });
        for (const l of lines) {
          const t = l.totals_by_cli?.token_usage;
          if (!t || t.prompt_tokens_sum + t.output_tokens_sum === 0) continue;
          // GitHub reports prompt and output sums only: no cache split, so prompt tokens are input.
          rows.push({ provider: this.provider, date: (l.day ?? day).slice(0, 10), actor: { userId: String(l.user_id), ...(l.user_login ? { login: l.user_login } : {}) }, agent: 'copilot-cli', model: 'unknown', input: t.prompt_tokens_sum, output: t.output_tokens_sum, cacheRead: 0, cacheWrite: 0 });
        }
      }
    }
    return rows;
  }
}

/** A report file that can't be downloaded ends the day's fetch: a day without one of its files would be short. */
const downloadError: ErrorClassifier = (status) => new OrgApiError('bad-response', `a report file could not be downloaded (${status}); signed links expire quickly — the next run fetches fresh links`);
