import * as z from 'zod';
import { addDays } from '../../core/time';
import { OrgApiError } from './types';
import { collectPages, getJson } from './http';
import type { ErrorClassifier } from './http';
import type { OrgActor, OrgClientOptions, OrgUsageClient, OrgUsageRow } from './types';

/**
 * OpenAI Usage API, `GET /v1/organization/usage/completions` (org-usage-apis.md §2.1, OAI-SPEC
 * `UsageCompletionsResult`): daily buckets (`bucket_width=1d`, `start_time` inclusive and `end_time`
 * exclusive, Unix seconds) grouped by user, API key and model, `page` = `next_page` while `has_more`.
 * User ids become emails through `GET /v1/organization/users` (the same Admin key reads it).
 */

/** Production base URL of the OpenAI API. */
export const OPENAI_BASE_URL = 'https://api.openai.com';

const n = z.number().nonnegative();
const ResultSchema = z.object({
  input_tokens: n,
  input_cached_tokens: n.nullable().optional(),
  output_tokens: n,
  user_id: z.string().nullable().optional(),
  api_key_id: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
});
const PageSchema = z.object({
  data: z.array(z.object({ start_time: z.number(), results: z.array(ResultSchema) })),
  has_more: z.boolean(),
  next_page: z.string().nullable().optional(),
});
type Page = z.infer<typeof PageSchema>;
const UsersSchema = z.object({ data: z.array(z.object({ id: z.string(), email: z.string().nullable().optional() })), has_more: z.boolean(), last_id: z.string().nullable().optional() });
type Users = z.infer<typeof UsersSchema>;

/** Daily buckets per page: the documented maximum for `bucket_width=1d`. */
export const OPENAI_BUCKET_LIMIT = 31;

/**
 * OpenAI's result → the four classes. OAI-SPEC: `input_tokens` is "the aggregated number of text
 * input tokens used, INCLUDING cached tokens", and `input_cached_tokens` is the cached part — so
 * uncached input is the difference, and adding both would count cached tokens twice. OpenAI bills
 * no separate cache write here, so cacheWrite is 0. (Audio tokens are outside `input_tokens`, and outside Token Tier's classes.)
 */
export function openAiClasses(r: { input_tokens: number; input_cached_tokens?: number | null; output_tokens: number }): { input: number; output: number; cacheRead: number; cacheWrite: number } {
  const cached = Math.min(r.input_cached_tokens ?? 0, r.input_tokens);
  return { input: r.input_tokens - cached, output: r.output_tokens, cacheRead: cached, cacheWrite: 0 };
}

/** OpenAI's documented error body: `{error:{message, type, param, code}}`. */
const ErrorBody = z.object({ error: z.object({ message: z.string() }) });

const classify: ErrorClassifier = (status, body) => {
  const said = ErrorBody.safeParse(body).data?.error.message ?? '';
  if (/missing scopes?/i.test(said)) return new OrgApiError('missing-scope', `the key lacks a scope (${status}: ${said}). Use an Admin key (sk-admin-…) made by an organisation Owner.`);
  if (status === 401) return new OrgApiError('rejected', `the key was rejected (401${said ? `: ${said}` : ''}). The Usage API needs an Admin key (sk-admin-…).`);
  if (status === 403) return new OrgApiError('not-admin', `the key may not read the organisation's usage (403${said ? `: ${said}` : ''}). Only organisation Owners can create Admin keys.`);
  if (status === 400 || status === 404) return new OrgApiError('rejected', `the request was refused (${status}${said ? `: ${said}` : ''})`);
  return undefined;
};

/** Project and service-account keys can't read org usage; say so before sending one anywhere. */
function checkKeyShape(key: string): void {
  if (/^sk-(proj|svcacct)-/.test(key)) {
    throw new OrgApiError('wrong-key-type', 'This is an OpenAI project or service-account key. The Usage API needs an Admin key (sk-admin-…), which an organisation Owner creates under Organization settings → Admin keys.');
  }
}

const unix = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** The OpenAI Usage API client (completions): per user (with email) or API key, per model. */
export class OpenAiUsageClient implements OrgUsageClient {
  readonly provider = 'openai-usage' as const;

  constructor(private readonly opts: OrgClientOptions) {}

  private get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.opts.key}`, 'user-agent': 'token-tier/0.1 (org usage connector)' };
  }

  async checkKey(): Promise<void> {
    checkKeyShape(this.opts.key);
    const today = new Date((this.opts.now ?? Date.now)()).toISOString().slice(0, 10);
    await this.page(addDays(today, -1), addDays(today, -1), undefined, 1);
  }

  async fetchDays(from: string, to: string): Promise<OrgUsageRow[]> {
    checkKeyShape(this.opts.key);
    const pages = await collectPages((cursor) => this.page(from, to, cursor, OPENAI_BUCKET_LIMIT), (p) => (p.has_more && p.next_page ? p.next_page : undefined), 'OpenAI Usage API');
    const results = pages.flatMap((p) => p.data.flatMap((b) => b.results.map((r) => ({ day: new Date(b.start_time * 1000).toISOString().slice(0, 10), r }))));
    const emails = results.some((x) => x.r.user_id) ? await this.userEmailsIfAllowed() : new Map<string, string>();
    return results.map(({ day, r }) => {
      const actor: OrgActor = {};
      if (r.user_id) {
        actor.userId = r.user_id;
        const email = emails.get(r.user_id);
        if (email) actor.email = email;
      }
      if (r.api_key_id) actor.apiKeyId = r.api_key_id;
      return { provider: this.provider, date: day, actor, agent: 'api', model: r.model ?? 'unknown', ...openAiClasses(r) };
    });
  }

  private page(from: string, to: string, cursor: string | undefined, limit: number): Promise<Page> {
    const url = new URL('/v1/organization/usage/completions', this.opts.baseUrl ?? OPENAI_BASE_URL);
    url.searchParams.set('start_time', String(unix(from)));
    url.searchParams.set('end_time', String(unix(addDays(to, 1))));
    url.searchParams.set('bucket_width', '1d');
    for (const g of ['user_id', 'api_key_id', 'model']) url.searchParams.append('group_by', g);
    url.searchParams.set('limit', String(limit));
    if (cursor) url.searchParams.set('page', cursor);
    return getJson(this.opts, { url, headers: this.headers, schema: PageSchema, api: 'OpenAI Usage API', classify });
  }

  /**
   * A restricted Admin key may read usage but not the user list: then the rows keep their user ids
   * (which an admin can link to people) rather than the whole fetch failing. Other failures still fail it.
   */
  private async userEmailsIfAllowed(): Promise<Map<string, string>> {
    try {
      return await this.userEmails();
    } catch (e) {
      if (!(e instanceof OrgApiError) || (e.kind !== 'missing-scope' && e.kind !== 'not-admin')) throw e;
      this.opts.log?.(`OpenAI Usage API: user ids stay ids — ${e.message}`);
      return new Map();
    }
  }

  /** Every organisation user's id → email (`GET /v1/organization/users`, paged by `after` = `last_id`). */
  private async userEmails(): Promise<Map<string, string>> {
    const pages = await collectPages(
      (after) => {
        const url = new URL('/v1/organization/users', this.opts.baseUrl ?? OPENAI_BASE_URL);
        url.searchParams.set('limit', '100');
        if (after) url.searchParams.set('after', after);
        return getJson<Users>(this.opts, { url, headers: this.headers, schema: UsersSchema, api: 'OpenAI users', classify });
      },
      (p) => (p.has_more && p.last_id ? p.last_id : undefined),
      'OpenAI users',
    );
    return new Map(pages.flatMap((p) => p.data.filter((u) => u.email).map((u) => [u.id, u.email!.toLowerCase()] as [string, string])));
  }
}
