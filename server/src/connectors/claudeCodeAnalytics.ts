import { z } from 'zod';
import type { Db } from '../db/db';

/** The documented record shape of `GET /v1/organizations/usage_report/claude_code` (fields we use). */
const RecordSchema = z.object({
  date: z.string(),
  actor: z.union([
    z.object({ type: z.literal('user_actor'), email_address: z.string() }),
    z.object({ type: z.literal('api_actor'), api_key_name: z.string() }),
  ]),
  model_breakdown: z.array(
    z.object({
      model: z.string(),
      tokens: z.object({ input: z.number(), output: z.number(), cache_read: z.number(), cache_creation: z.number() }),
    }),
  ),
});
const PageSchema = z.object({ data: z.array(z.unknown()), has_more: z.boolean(), next_page: z.string().nullable().optional() });

export interface AnalyticsConfig {
  /** `https://api.anthropic.com` in production; a local fake in tests. */
  baseUrl: string;
  /** An Admin API key: lives only on the server, never on laptops. */
  adminKey: string;
}

export interface PullResult {
  records: number;
  attributed: number;
  /** API-key actors and emails that are not in the team. */
  unattributed: number;
  skipped: number;
}

/** Pulls one UTC day (every page) and replaces that day's org-confirmed rows per person and model. */
export async function pullClaudeCodeDay(db: Db, teamId: number, date: string, cfg: AnalyticsConfig, fetchImpl: typeof fetch = fetch): Promise<PullResult> {
  const people = new Map((await db.all<{ id: number; email: string }>('SELECT id, email FROM people WHERE team_id = ?', [teamId])).map((p) => [p.email.toLowerCase(), Number(p.id)]));
  const result: PullResult = { records: 0, attributed: 0, unattributed: 0, skipped: 0 };
  const rows: Array<[number, string, number, number, number, number]> = [];
  let page: string | undefined;
  do {
    const url = new URL('/v1/organizations/usage_report/claude_code', cfg.baseUrl);
    url.searchParams.set('starting_at', date);
    url.searchParams.set('limit', '1000');
    if (page) url.searchParams.set('page', page);
    const res = await fetchImpl(url, { headers: { 'x-api-key': cfg.adminKey, 'anthropic-version': '2023-06-01', 'user-agent': 'token-tier-server/0.1' } });
    if (!res.ok) throw new Error(`Claude Code Analytics API ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const body = PageSchema.parse(await res.json());
    for (const raw of body.data) {
      result.records++;
      const rec = RecordSchema.safeParse(raw);
      if (!rec.success) {
        result.skipped++;
        continue;
      }
      const personId = rec.data.actor.type === 'user_actor' ? people.get(rec.data.actor.email_address.toLowerCase()) : undefined;
      if (personId === undefined) {
        result.unattributed++;
        continue;
      }
      result.attributed++;
      for (const m of rec.data.model_breakdown) rows.push([personId, m.model, m.tokens.input, m.tokens.output, m.tokens.cache_read, m.tokens.cache_creation]);
    }
    page = body.has_more && body.next_page ? body.next_page : undefined;
  } while (page);
  await db.tx(async (t) => {
    await t.run("DELETE FROM org_usage_daily WHERE date = ? AND source = 'claude-code-analytics' AND person_id IN (SELECT id FROM people WHERE team_id = ?)", [date, teamId]);
    for (const [personId, model, input, output, cacheRead, cacheWrite] of rows) {
      await t.run(
        `INSERT INTO org_usage_daily (person_id, date, source, model, input, output, cache_read, cache_write) VALUES (?, ?, 'claude-code-analytics', ?, ?, ?, ?, ?)
         ON CONFLICT (person_id, date, source, model) DO UPDATE SET input = org_usage_daily.input + excluded.input, output = org_usage_daily.output + excluded.output,
           cache_read = org_usage_daily.cache_read + excluded.cache_read, cache_write = org_usage_daily.cache_write + excluded.cache_write`,
        [personId, date, model, input, output, cacheRead, cacheWrite],
      );
    }
  });
  return result;
}
