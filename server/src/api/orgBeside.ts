import type { Db } from '../db/db';
import type { OrgBesideLocal } from '../../../src/shared/teamApi';

/** Days the comparison covers, ending today. */
export const ORG_BESIDE_DAYS = 30;

/**
 * Per org API: what it is called, which local agents it can be compared with, and what it never
 * covers (org-usage-apis.md §1.4, §1.2, §2.1, §3).
 */
const SOURCES: Record<string, { label: string; localAgents: string[]; caveat: string }> = {
  'claude-code-analytics': { label: 'Claude Code Analytics', localAgents: ['claude-code'], caveat: 'first-party Claude API only (no Bedrock or Vertex); UTC days' },
  'anthropic-messages': { label: 'Anthropic API usage', localAgents: ['claude-code'], caveat: 'only traffic by this person’s login; API-key traffic can’t be attributed unless an admin links the key' },
  'openai-usage': { label: 'OpenAI API usage', localAgents: ['codex'], caveat: 'API-platform traffic only, not ChatGPT-seat Codex; API-key traffic can’t be attributed unless an admin links the key' },
  'github-copilot': { label: 'GitHub Copilot CLI', localAgents: [], caveat: 'only Copilot CLI reports tokens, and Token Tier reads no Copilot CLI logs, so there is no local count to compare' },
};

/** One line on why the two figures differ, from which is larger and what the API covers. */
export function explainDifference(source: string, org: number, local: number): string {
  const s = SOURCES[source];
  const caveat = s?.caveat ?? 'an org API Token Tier doesn’t describe yet';
  if (s && s.localAgents.length === 0) return `Org-reported only: ${caveat}.`;
  if (org === local) return `The same: ${caveat}.`;
  const why =
    org > local
      ? 'The org counts more: it includes other machines, the web and cloud sessions, and machines not reporting to Token Tier'
      : 'Local logs count more: they include agents and accounts the org API doesn’t cover (another organisation, a personal plan or key)';
  return `${why}; ${caveat}.`;
}

/**
 * For each person, each org source with rows in the last 30 days, beside their local total for the
 * agents it covers over the same days (the source's first to last reported day): days before a
 * connector first ran, or today before the provider has it, would otherwise read as differences.
 */
export async function orgBesideLocal(db: Db, personIds: number[], since: string): Promise<Map<number, OrgBesideLocal[]>> {
  const out = new Map<number, OrgBesideLocal[]>();
  if (!personIds.length) return out;
  const ids = personIds.map(() => '?').join(',');
  const org = await db.all<{ person_id: number; source: string; total: number; first: string; last: string }>(
    `SELECT person_id, source, SUM(input + output + cache_read + cache_write) AS total, MIN(date) AS first, MAX(date) AS last FROM org_usage_daily
     WHERE person_id IN (${ids}) AND date >= ? GROUP BY person_id, source ORDER BY source`,
    [...personIds, since],
  );
  if (!org.length) return out;
  const local = await db.all<{ person_id: number; agent: string; date: string; total: number }>(
    `SELECT person_id, agent, date, SUM(input + output + cache_read + cache_write) AS total FROM usage_daily WHERE person_id IN (${ids}) AND date >= ? GROUP BY person_id, agent, date`,
    [...personIds, since],
  );
  const localOf = (person: number, agents: string[], first: string, last: string) =>
    local.filter((l) => Number(l.person_id) === person && agents.includes(l.agent) && l.date >= first && l.date <= last).reduce((n, l) => n + Number(l.total), 0);
  for (const o of org) {
    const person = Number(o.person_id);
    const s = SOURCES[o.source] ?? { label: o.source, localAgents: [], caveat: '' };
    const line: OrgBesideLocal = { source: o.source, label: s.label, org: Number(o.total), local: localOf(person, s.localAgents, String(o.first), String(o.last)), localAgents: s.localAgents, explanation: '' };
    line.explanation = explainDifference(o.source, line.org, line.local);
    out.set(person, [...(out.get(person) ?? []), line]);
  }
  return out;
}

/** The dashboard's per-person lines (admins only: names), sorted by name and source — a comparison, not a ranking. */
export async function orgByPersonOf(db: Db, people: Array<{ id: number; name: string }>, today: string): Promise<Array<OrgBesideLocal & { name: string }>> {
  const since = new Date(Date.parse(`${today}T00:00:00Z`) - (ORG_BESIDE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const lines = await orgBesideLocal(db, people.map((p) => Number(p.id)), since);
  return people.flatMap((p) => (lines.get(Number(p.id)) ?? []).map((l) => ({ name: p.name, ...l })));
}
