import * as z from 'zod';
import { addDays, dateRange } from '../../core/time';
import { collectPages, getJson } from './http';
import { ANTHROPIC_BASE_URL, anthropicHeaders, checkAnthropicKeyShape, classifyAnthropicError } from './anthropicCommon';
import type { OrgActor, OrgClientOptions, OrgUsageClient, OrgUsageRow } from './types';

/**
 * Anthropic Claude Code Analytics, `GET /v1/organizations/usage_report/claude_code`
 * (org-usage-apis.md §1.4; https://platform.claude.com/docs/en/api/beta/organization/usage_report/retrieve_claude_code):
 * one UTC day per request (`starting_at=YYYY-MM-DD`), cursor paging (`page` = `next_page` while
 * `has_more`), one record per actor per day with per-model tokens.
 */

const Tokens = z.object({ input: z.number().nonnegative(), output: z.number().nonnegative(), cache_read: z.number().nonnegative(), cache_creation: z.number().nonnegative() });

/** An actor type the docs don't list yet is kept as unattributable rather than failing the whole day. */
const Actor = z.union([
  z.object({ type: z.literal('user_actor'), email_address: z.string() }),
  z.object({ type: z.literal('api_actor'), api_key_name: z.string() }),
  z.object({ type: z.string().refine((t) => t !== 'user_actor' && t !== 'api_actor') }),
]);

const RecordSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
  actor: Actor,
  model_breakdown: z.array(z.object({ model: z.string(), tokens: Tokens })),
});

const PageSchema = z.object({ data: z.array(RecordSchema), has_more: z.boolean(), next_page: z.string().nullable().optional() });
type Page = z.infer<typeof PageSchema>;

/** The most records one page may hold (the documented maximum of `limit`). */
export const CLAUDE_CODE_PAGE_LIMIT = 1000;

function actorOf(a: z.infer<typeof Actor>): OrgActor {
  if ('email_address' in a) return { email: a.email_address };
  if ('api_key_name' in a) return { apiKeyName: a.api_key_name };
  return {};
}

/** The Claude Code Analytics client: per person (email) or API key, per model, the four token kinds. */
export class AnthropicClaudeCodeClient implements OrgUsageClient {
  readonly provider = 'anthropic-claude-code' as const;

  constructor(private readonly opts: OrgClientOptions) {}

  async checkKey(): Promise<void> {
    checkAnthropicKeyShape(this.opts.key);
    const yesterday = addDays(new Date((this.opts.now ?? Date.now)()).toISOString().slice(0, 10), -1);
    await this.page(yesterday, undefined, 1);
  }

  async fetchDays(from: string, to: string): Promise<OrgUsageRow[]> {
    checkAnthropicKeyShape(this.opts.key);
    const rows: OrgUsageRow[] = [];
    for (const day of dateRange(from, to)) {
      const pages = await collectPages((cursor) => this.page(day, cursor, CLAUDE_CODE_PAGE_LIMIT), (p) => (p.has_more && p.next_page ? p.next_page : undefined), 'Claude Code Analytics');
      for (const rec of pages.flatMap((p) => p.data)) {
        for (const m of rec.model_breakdown) {
          // tokens.input is uncached input; cache_read and cache_creation are separate counts (the four kinds don't overlap).
          rows.push({ provider: this.provider, date: rec.date.slice(0, 10), actor: actorOf(rec.actor), agent: 'claude-code', model: m.model, input: m.tokens.input, output: m.tokens.output, cacheRead: m.tokens.cache_read, cacheWrite: m.tokens.cache_creation });
        }
      }
    }
    return rows;
  }

  private page(day: string, cursor: string | undefined, limit: number): Promise<Page> {
    const url = new URL('/v1/organizations/usage_report/claude_code', this.opts.baseUrl ?? ANTHROPIC_BASE_URL);
    url.searchParams.set('starting_at', day);
    url.searchParams.set('limit', String(limit));
    if (cursor) url.searchParams.set('page', cursor);
    return getJson(this.opts, { url, headers: anthropicHeaders(this.opts.key), schema: PageSchema, api: 'Claude Code Analytics', classify: classifyAnthropicError });
  }
}
