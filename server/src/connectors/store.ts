import type { Db } from '../db/db';
import { dateRange } from '../../../src/core/time';
import type { OrgProvider, OrgUsageRow } from '../../../src/sync/orgApi/types';
import { loadResolver } from './identities';

/**
 * `org_usage_daily.source` per provider. Claude Code Analytics keeps the name its rows had before
 * the other connectors came, so existing databases need no rewrite.
 */
export const SOURCE_OF: Record<OrgProvider, string> = {
  'anthropic-claude-code': 'claude-code-analytics',
  'anthropic-messages': 'anthropic-messages',
  'openai-usage': 'openai-usage',
  'github-copilot': 'github-copilot',
};

/** What one store did, for the log line and the CLI. */
export interface StoreResult {
  rows: number;
  attributed: number;
  /** Rows whose actor is no one in the team: API keys nobody linked, people not in Token Tier. */
  unattributed: number;
  /** Distinct actors among the unattributed rows (e.g. `api-key-name:ci-bot`), at most 10 named. */
  unattributedActors: string[];
}

/**
 * Replaces the provider's rows for every day of from..to with `rows` (a complete fetch of those
 * days), in one transaction under the database's setup lock: a revised day replaces, never adds,
 * and two servers storing the same run one after the other end with one copy. Rows of one person,
 * day and model from two identities (two emails) are summed first.
 */
export async function storeOrgRows(db: Db, teamId: number, provider: OrgProvider, from: string, to: string, rows: OrgUsageRow[]): Promise<StoreResult> {
  const source = SOURCE_OF[provider];
  const resolve = await loadResolver(db, teamId);
  const sums = new Map<string, [number, string, string, number, number, number, number]>();
  const result: StoreResult = { rows: rows.length, attributed: 0, unattributed: 0, unattributedActors: [] };
  const strangers = new Set<string>();
  for (const r of rows) {
    if (r.date < from || r.date > to) continue;
    const personId = resolve(provider, r.actor);
    if (personId === undefined) {
      result.unattributed++;
      strangers.add(Object.entries(r.actor).map(([k, v]) => `${k}:${v}`).join(' ') || 'unknown actor');
      continue;
    }
    result.attributed++;
    const k = `${personId}\u0000${r.date}\u0000${r.model}`;
    const s = sums.get(k) ?? [personId, r.date, r.model, 0, 0, 0, 0];
    s[3] += r.input;
    s[4] += r.output;
    s[5] += r.cacheRead;
    s[6] += r.cacheWrite;
    sums.set(k, s);
  }
  result.unattributedActors = [...strangers].slice(0, 10);
  const days = dateRange(from, to);
  await db.exclusive(async (t) => {
    for (const day of days) await t.run('DELETE FROM org_usage_daily WHERE date = ? AND source = ? AND person_id IN (SELECT id FROM people WHERE team_id = ?)', [day, source, teamId]);
    for (const [personId, date, model, input, output, cacheRead, cacheWrite] of sums.values()) {
      await t.run('INSERT INTO org_usage_daily (person_id, date, source, model, input, output, cache_read, cache_write) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [personId, date, source, model, input, output, cacheRead, cacheWrite]);
    }
  });
  return result;
}
