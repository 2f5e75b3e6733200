import { createHash } from 'node:crypto';
import type { Db } from '../db/db';
import { hostKey } from '../../../src/core/hostKey';
import type { Attrs } from './model';

/** How reports reach the backend: the extension's daily rows, or an agent's own OTLP export. */
export type Channel = 'extension' | 'otlp';

/**
 * The device an OTLP export is filed under, from its resource's host identity. `host.name` first,
 * because it is the one identity the extension can make the same key from (`os.hostname()`, what
 * the OpenTelemetry SDKs' host detectors also read), so "the same machine" can be recognised; then
 * `host.id` (a machine id: a device of its own, never matched); else one device per agent
 * (`service.name`) for hosts that send neither (Claude Code's default resource carries no host
 * attributes: set `OTEL_RESOURCE_ATTRIBUTES=host.name=…`). Only hashes are kept, never the name.
 */
export function otlpDevice(resource: Attrs): { deviceId: string; hostKey: string | null } {
  const name = resource['host.name'];
  if (typeof name === 'string' && name.trim()) {
    const key = hostKey(name);
    return { deviceId: otlpDeviceOf(key), hostKey: key };
  }
  const id = resource['host.id'];
  const seed = typeof id === 'string' && id.trim() ? `host.id\n${id.trim().toLowerCase()}` : `service.name\n${String(resource['service.name'] ?? 'unknown')}`;
  return { deviceId: `otlp-${createHash('sha256').update(`token-tier device\n${seed}`).digest('hex').slice(0, 20)}`, hostKey: null };
}

/** The OTLP device of a host key: what an extension report with that `host` is matched against. */
export function otlpDeviceOf(key: string): string {
  return `otlp-${key.slice(0, 20)}`;
}

/** Remembers which channel each device reports through (and its host key), for the dashboard and the matching. */
export async function noteDevices(t: Db, personId: number, devices: Array<{ deviceId: string; hostKey: string | null; service: string | null }>, channel: Channel, at: string): Promise<void> {
  for (const d of devices) {
    await t.run(
      `INSERT INTO devices (person_id, device_id, channel, host_key, service, last_seen) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (person_id, device_id) DO UPDATE SET channel = excluded.channel, host_key = COALESCE(excluded.host_key, devices.host_key), service = COALESCE(excluded.service, devices.service), last_seen = excluded.last_seen`,
      [personId, d.deviceId, channel, d.hostKey, d.service, at],
    );
  }
}

const DAYS_PER_STATEMENT = 400;

/**
 * Makes `usage_daily` say what counts for one OTLP device on `dates`: its accumulated totals
 * (`otlp_daily`, clamped at zero), except on a day when an extension device of the same host
 * reported rows — then the extension's rows win and the OTLP device has none that day, so the
 * machine counts once. Called under the person's lock by both ingest paths.
 */
export async function settleOtlpDays(t: Db, personId: number, deviceId: string, key: string | null, dates: string[]): Promise<void> {
  const twins = key ? (await t.all<{ device_id: string }>("SELECT device_id FROM devices WHERE person_id = ? AND host_key = ? AND channel = 'extension'", [personId, key])).map((r) => r.device_id) : [];
  const clamp = (c: string) => `CASE WHEN o.${c} < 0 THEN 0 ELSE o.${c} END`;
  for (let i = 0; i < dates.length; i += DAYS_PER_STATEMENT) {
    const part = dates.slice(i, i + DAYS_PER_STATEMENT);
    const inDates = part.map(() => '?').join(', ');
    await t.run(`DELETE FROM usage_daily WHERE person_id = ? AND device_id = ? AND date IN (${inDates})`, [personId, deviceId, ...part]);
    const extensionWins = twins.length ? ` AND NOT EXISTS (SELECT 1 FROM usage_daily u WHERE u.person_id = o.person_id AND u.date = o.date AND u.device_id IN (${twins.map(() => '?').join(', ')}))` : '';
    await t.run(
      `INSERT INTO usage_daily (person_id, device_id, date, agent, model, timezone, input, output, cache_read, cache_write, reasoning, hourly, updated_at)
       SELECT o.person_id, o.device_id, o.date, o.agent, o.model, o.timezone, ${clamp('input')}, ${clamp('output')}, ${clamp('cache_read')}, ${clamp('cache_write')},
              CASE WHEN o.reasoning < 0 THEN 0 WHEN o.reasoning > o.output THEN ${clamp('output')} ELSE o.reasoning END, NULL, o.updated_at
       FROM otlp_daily o WHERE o.person_id = ? AND o.device_id = ? AND o.date IN (${inDates})${extensionWins}
         AND (o.input > 0 OR o.output > 0 OR o.cache_read > 0 OR o.cache_write > 0)`,
      [personId, deviceId, ...part, ...twins],
    );
  }
}

/**
 * After an extension report with a host key: the same host's OTLP device, if this person has one,
 * is settled again for the report's days (its rows leave where the extension now has rows, and
 * come back on a day the extension cleared).
 */
export async function settleAfterExtension(t: Db, personId: number, key: string, dates: string[]): Promise<void> {
  const deviceId = otlpDeviceOf(key);
  const known = await t.all("SELECT 1 FROM devices WHERE person_id = ? AND device_id = ? AND channel = 'otlp'", [personId, deviceId]);
  if (known.length) await settleOtlpDays(t, personId, deviceId, key, dates);
}
