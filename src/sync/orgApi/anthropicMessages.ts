import * as z from 'zod';
import { addDays } from '../../core/time';
import { collectPages, getJson } from './http';
import { ANTHROPIC_BASE_URL, anthropicHeaders, checkAnthropicKeyShape, classifyAnthropicError } from './anthropicCommon';
import type { OrgActor, OrgClientOptions, OrgUsageClient, OrgUsageRow } from './types';

/**
 * Anthropic Messages usage report, `GET /v1/organizations/usage_report/messages`
 * (org-usage-apis.md §1.2; https://platform.claude.com/docs/en/api/admin-api/usage-cost/get-messages-usage-report.md):
 * daily buckets (`bucket_width=1d`, at most 31 a page) grouped by account, API key and model;
 * `account_id` is set only for OAuth (Claude Code login) traffic, so API-key traffic stays per key.
 */

const n = z.number().nonnegative();
const ResultSchema = z.object({
  account_id: z.string().nullable().optional(),
  api_key_id: z.string().nullable().optional(),
  model: z.string().nullable().optional(),
  uncached_input_tokens: n,
  cache_creation: z.object({ ephemeral_1h_input_tokens: n, ephemeral_5m_input_tokens: n }).partial().nullable().optional(),
  cache_read_input_tokens: n,
  output_tokens: n,
});
const PageSchema = z.object({
  data: z.array(z.object({ starting_at: z.string().regex(/^\d{4}-\d{2}-\d{2}/), results: z.array(ResultSchema) })),
  has_more: z.boolean(),
  next_page: z.string().nullable().optional(),
});
type Page = z.infer<typeof PageSchema>;

/** Daily buckets per page: the documented maximum for `bucket_width=1d`. */
export const MESSAGES_BUCKET_LIMIT = 31;

/** The Messages usage report client: per account (OAuth user) or API key, per model, the four token kinds. */
export class AnthropicMessagesClient implements OrgUsageClient {
  readonly provider = 'anthropic-messages' as const;

  constructor(private readonly opts: OrgClientOptions) {}

  async checkKey(): Promise<void> {
    checkAnthropicKeyShape(this.opts.key);
    const today = new Date((this.opts.now ?? Date.now)()).toISOString().slice(0, 10);
    await this.page(addDays(today, -1), today, undefined, 1);
  }

  async fetchDays(from: string, to: string): Promise<OrgUsageRow[]> {
    checkAnthropicKeyShape(this.opts.key);
    const pages = await collectPages((cursor) => this.page(from, to, cursor, MESSAGES_BUCKET_LIMIT), (p) => (p.has_more && p.next_page ? p.next_page : undefined), 'Anthropic Messages usage');
    const rows: OrgUsageRow[] = [];
    for (const bucket of pages.flatMap((p) => p.data)) {
      for (const r of bucket.results) {
        const actor: OrgActor = {};
        if (r.account_id) actor.userId = r.account_id;
        if (r.api_key_id) actor.apiKeyId = r.api_key_id;
        // The four counts don't overlap: uncached input, cache writes (1 h + 5 min), cache reads, output.
        const cacheWrite = (r.cache_creation?.ephemeral_1h_input_tokens ?? 0) + (r.cache_creation?.ephemeral_5m_input_tokens ?? 0);
        rows.push({ provider: this.provider, date: bucket.starting_at.slice(0, 10), actor, agent: 'api', model: r.model ?? 'unknown', input: r.uncached_input_tokens, output: r.output_tokens, cacheRead: r.cache_read_input_tokens, cacheWrite });
      }
    }
    return rows;
  }

  /** `to` is inclusive here; the API's `ending_at` is exclusive, so it gets the next midnight. */
  private page(from: string, to: string, cursor: string | undefined, limit: number): Promise<Page> {
    const url = new URL('/v1/organizations/usage_report/messages', this.opts.baseUrl ?? ANTHROPIC_BASE_URL);
    url.searchParams.set('starting_at', `${from}T00:00:00Z`);
    url.searchParams.set('ending_at', `${addDays(to, 1)}T00:00:00Z`);
    url.searchParams.set('bucket_width', '1d');
    for (const g of ['account_id', 'api_key_id', 'model']) url.searchParams.append('group_by[]', g);
    url.searchParams.set('limit', String(limit));
    if (cursor) url.searchParams.set('page', cursor);
    return getJson(this.opts, { url, headers: anthropicHeaders(this.opts.key), schema: PageSchema, api: 'Anthropic Messages usage', classify: classifyAnthropicError });
  }
}
