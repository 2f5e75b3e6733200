import type { Db } from '../db/db';
import type { TeamSummary } from '../../../src/shared/teamApi';

/** Devices listed at most (the counts cover all of them). */
const LISTED = 500;

/**
 * Which channel each device of these people reports through — the extension, or an agent's own
 * OTLP export — with its agents over the last 90 days and when it last reported; an OTLP device on
 * a machine that also runs the extension says that the extension's rows count there.
 */
export async function devicesOf(db: Db, people: Array<{ id: number; name: string }>, since: string): Promise<NonNullable<TeamSummary['devices']>> {
  if (!people.length) return { extension: 0, otlp: 0, shared: 0, list: [] };
  const ids = people.map((p) => p.id);
  const inIds = ids.map(() => '?').join(', ');
  const devices = await db.all<{ person_id: number; device_id: string; channel: 'extension' | 'otlp'; host_key: string | null; last_seen: string }>(
    `SELECT person_id, device_id, channel, host_key, last_seen FROM devices WHERE person_id IN (${inIds}) ORDER BY last_seen DESC`,
    ids,
  );
  const agents = await db.all<{ person_id: number; device_id: string; agent: string }>(
    `SELECT person_id, device_id, agent FROM usage_daily WHERE person_id IN (${inIds}) AND date >= ? GROUP BY person_id, device_id, agent
     UNION SELECT person_id, device_id, agent FROM otlp_daily WHERE person_id IN (${inIds}) AND date >= ? GROUP BY person_id, device_id, agent`,
    [...ids, since, ...ids, since],
  );
  const agentsOf = new Map<string, string[]>();
  for (const a of agents) {
    const k = `${a.person_id}|${a.device_id}`;
    agentsOf.set(k, [...(agentsOf.get(k) ?? []), a.agent].sort());
  }
  const extensionHosts = new Set(devices.filter((d) => d.channel === 'extension' && d.host_key).map((d) => `${d.person_id}|${d.host_key}`));
  const name = new Map(people.map((p) => [p.id, p.name]));
  const list = devices.map((d) => ({
    name: name.get(Number(d.person_id)) ?? '',
    channel: d.channel,
    agents: agentsOf.get(`${d.person_id}|${d.device_id}`) ?? [],
    lastSeen: String(d.last_seen).slice(0, 10),
    extensionWins: d.channel === 'otlp' && d.host_key !== null && extensionHosts.has(`${d.person_id}|${d.host_key}`),
  }));
  return {
    extension: list.filter((d) => d.channel === 'extension').length,
    otlp: list.filter((d) => d.channel === 'otlp').length,
    shared: list.filter((d) => d.extensionWins).length,
    list: list.sort((a, b) => a.name.localeCompare(b.name) || a.channel.localeCompare(b.channel)).slice(0, LISTED),
  };
}
