import { createHash } from 'node:crypto';
import type { Db } from '../db/db';
import type { Attrs, OtlpPoint } from './model';

/** A series not seen for this long is forgotten (Claude Code starts a series per session). */
export const SERIES_TTL_DAYS = 35;

/** The last point counted of one series: what the next one is compared with. */
export interface SeriesState {
  startNs: bigint;
  timeNs: bigint;
  value: number;
}

/** A series is its resource, scope, metric and attributes; hashed, so no host name is stored. */
export function seriesKey(resource: Attrs, scope: string, metric: string, attrs: Attrs): string {
  return createHash('sha256').update(`${canonical(resource)}\n${scope}\n${metric}\n${canonical(attrs)}`).digest('base64url');
}

/** Attributes in one order, so the same series always hashes the same. */
function canonical(a: Attrs): string {
  return JSON.stringify(Object.keys(a).sort().map((k) => [k, a[k]]));
}

/**
 * What a point adds to its series, or undefined when it adds nothing because it was counted before
 * (a resend, a retry, an export older than the last one counted). Cumulative (metrics.proto,
 * "AggregationTemporality"): the same start time and a value at least the last one's adds the
 * difference; a later start time is a restart and adds its whole value, and so does a value that
 * fell below the last with the same start (a reset the sender did not mark). Delta: each point
 * adds its value, once — a point no later than the last one counted is a resend. A series seen for
 * the first time adds its whole value.
 */
export function increase(s: SeriesState | undefined, point: OtlpPoint, value: number, cumulative: boolean): number | undefined {
  const { startNs, timeNs } = point;
  if (!s) return value;
  if (!cumulative) return timeNs > s.timeNs ? value : undefined;
  if (startNs > s.startNs) return value;
  if (startNs < s.startNs || timeNs <= s.timeNs) return undefined;
  return value >= s.value ? value - s.value : value;
}

/** The stored state of these series of one person. */
export async function loadSeries(t: Db, personId: number, keys: string[]): Promise<Map<string, SeriesState>> {
  const m = new Map<string, SeriesState>();
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500);
    const rows = await t.all<{ series: string; start_ns: string; time_ns: string; value: number }>(`SELECT series, start_ns, time_ns, value FROM otlp_series WHERE person_id = ? AND series IN (${part.map(() => '?').join(', ')})`, [personId, ...part]);
    for (const r of rows) m.set(r.series, { startNs: BigInt(r.start_ns), timeNs: BigInt(r.time_ns), value: Number(r.value) });
  }
  return m;
}

/** Stores the new state of the series that moved, and forgets the person's series idle for SERIES_TTL_DAYS. */
export async function saveSeries(t: Db, personId: number, entries: ReadonlyArray<readonly [string, SeriesState]>, now: number): Promise<void> {
  const at = new Date(now).toISOString();
  for (let i = 0; i < entries.length; i += 200) {
    const part = entries.slice(i, i + 200);
    await t.run(
      `INSERT INTO otlp_series (person_id, series, start_ns, time_ns, value, updated_at) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (person_id, series) DO UPDATE SET start_ns = excluded.start_ns, time_ns = excluded.time_ns, value = excluded.value, updated_at = excluded.updated_at`,
      part.flatMap(([k, s]) => [personId, k, s.startNs.toString(), s.timeNs.toString(), s.value, at]),
    );
  }
  await t.run('DELETE FROM otlp_series WHERE person_id = ? AND updated_at < ?', [personId, new Date(now - SERIES_TTL_DAYS * 86_400_000).toISOString()]);
}
