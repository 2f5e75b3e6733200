import { createHash } from 'node:crypto';
import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { HttpError } from '../http/body';
import { MAX_AGE_DAYS, MAX_ROWS_PER_PERSON_DAY, PERSON_LOCK_SPACE } from '../api/ingest';
import { MAX_TOKENS_PER_ROW, cleanModelName } from '../../../src/shared/teamApi';
import { Zone } from '../../../src/core/time';
import type { Attrs, OtlpMetric, OtlpPoint } from './model';
import { TOKEN_METRICS, mapPoint } from './agents';
import type { Column, Weights } from './agents';
import { noteDevices, otlpDevice, settleOtlpDays } from './hosts';

const DAY_MS = 86_400_000;
/** A series not seen for this long is forgotten (Claude Code starts a series per session). */
export const SERIES_TTL_DAYS = 35;
/** Data points of known metrics one export may carry; the rest are rejected (partial success). */
export const MAX_POINTS = 20_000;

/** What an export did: counted, rejected (with why), ignored (metrics the server does not count). */
export interface OtlpOutcome {
  accepted: number;
  rejected: number;
  ignored: number;
  messages: string[];
}

/** A point ready to count: its series, device, day and what it adds per unit. */
interface Ready {
  series: string;
  cumulative: boolean;
  point: OtlpPoint;
  value: number;
  deviceId: string;
  hostKey: string | null;
  service: string | null;
  agent: string;
  model: string;
  weights: Weights;
}

/**
 * Counts an OTLP metrics export for the caller: known token metrics are mapped to the agent's
 * columns, each series adds only what is new (delta: the point, unless it was seen; cumulative:
 * the increase since the last point, the whole value after a restart), filed per (device, day in
 * the person's zone, agent, model), and settled against the extension's rows for the same host.
 * One person's exports take turns under the same lock as their extension reports.
 */
export async function ingestOtlp(db: Db, caller: Caller, metrics: OtlpMetric[], now = Date.now()): Promise<OtlpOutcome> {
  if (caller.role !== 'member') throw new HttpError(403, 'forbidden', 'only a developer token can report usage');
  const out: OtlpOutcome = { accepted: 0, rejected: 0, ignored: 0, messages: [] };
  const reasons = new Map<string, number>();
  const reject = (why: string, n = 1) => {
    out.rejected += n;
    reasons.set(why, (reasons.get(why) ?? 0) + n);
  };
  const ignoredNames = new Set<string>();
  const ready: Ready[] = [];
  for (const m of metrics) {
    const known = Object.hasOwn(TOKEN_METRICS, m.name) ? TOKEN_METRICS[m.name]! : undefined;
    if (!known) {
      out.ignored += m.points.length + m.otherPoints;
      if (ignoredNames.size < 10) ignoredNames.add(m.name.slice(0, 80));
      continue;
    }
    if (m.kind === 'other' || m.temporality === 0) {
      reject(`${m.name} must be a sum or histogram with delta or cumulative temporality`, m.points.length + m.otherPoints);
      continue;
    }
    const device = otlpDevice(m.resource);
    const service = typeof m.resource['service.name'] === 'string' ? m.resource['service.name'].slice(0, 64) : null;
    const resourceKey = canonical(m.resource);
    for (const p of m.points) {
      if (ready.length >= MAX_POINTS) {
        reject(`more than ${MAX_POINTS} token data points in one export`);
        continue;
      }
      const mapped = mapPoint(known, p.attrs);
      if ('skip' in mapped) continue;
      if ('reject' in mapped) {
        reject(mapped.reject);
        continue;
      }
      if (p.value === undefined || p.value < 0 || p.value > MAX_TOKENS_PER_ROW) {
        reject(`${m.name}: a value must be a number of tokens from 0 to ${MAX_TOKENS_PER_ROW}`);
        continue;
      }
      if (p.timeNs === 0n || p.startNs > p.timeNs) {
        reject(`${m.name}: timeUnixNano must be set and not before startTimeUnixNano`);
        continue;
      }
      const series = createHash('sha256').update(`${resourceKey}\n${m.scope}\n${m.name}\n${canonical(p.attrs)}`).digest('base64url');
      ready.push({ series, cumulative: m.temporality === 2, point: p, value: p.value, deviceId: device.deviceId, hostKey: device.hostKey, service, agent: mapped.agent, model: cleanModelName(mapped.model), weights: mapped.weights });
    }
  }
  if (ignoredNames.size) out.messages.push(`ignored ${out.ignored} data points of metrics this server does not count (${[...ignoredNames].join(', ')})`);
  const at = new Date(now).toISOString();
  if (ready.length) {
    await db.tx(async (t) => {
      if (t.kind === 'postgres') await t.exec(`SELECT pg_advisory_xact_lock(${PERSON_LOCK_SPACE}, ${Number(caller.personId)})`);
      const zone = await zoneOf(t, caller.personId);
      const earliest = new Date(now - MAX_AGE_DAYS * DAY_MS).toISOString().slice(0, 10);
      const latest = new Date(now + 14 * 3_600_000).toISOString().slice(0, 10);
      const state = await loadSeries(t, caller.personId, [...new Set(ready.map((r) => r.series))]);
      const changed = new Set<string>();
      const totals = new Map<string, { deviceId: string; date: string; agent: string; model: string; cols: Record<Column, number> }>();
      // In time order, so several points of one series in one export each add their own step.
      ready.sort((a, b) => (a.point.timeNs < b.point.timeNs ? -1 : a.point.timeNs > b.point.timeNs ? 1 : 0));
      for (const r of ready) {
        const date = zone.date(Number(r.point.timeNs / 1_000_000n));
        if (date < earliest || date > latest) {
          reject(`a data point's time is outside ${earliest}…${latest}`);
          continue;
        }
        const s = state.get(r.series);
        const add = increase(s, r);
        if (add === undefined) {
          out.accepted++; // seen before: accepted, adds nothing
          continue;
        }
        state.set(r.series, { startNs: r.point.startNs, timeNs: r.point.timeNs, value: r.value });
        changed.add(r.series);
        out.accepted++;
        const key = `${r.deviceId}|${date}|${r.agent}|${r.model}`;
        let row = totals.get(key);
        if (!row) totals.set(key, (row = { deviceId: r.deviceId, date, agent: r.agent, model: r.model, cols: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 } }));
        for (const [col, w] of Object.entries(r.weights) as Array<[Column, number]>) row.cols[col] += add * w;
      }
      await saveSeries(t, caller.personId, [...changed].map((k) => [k, state.get(k)!] as const), at);
      for (const row of totals.values()) await addDaily(t, caller.personId, row, zone.id, at);
      const devices = [...new Map(ready.map((r) => [r.deviceId, { deviceId: r.deviceId, hostKey: r.hostKey, service: r.service }])).values()];
      await noteDevices(t, caller.personId, devices, 'otlp', at);
      const touched = new Map<string, Set<string>>();
      for (const row of totals.values()) (touched.get(row.deviceId) ?? touched.set(row.deviceId, new Set()).get(row.deviceId)!).add(row.date);
      for (const d of devices) if (touched.has(d.deviceId)) await settleOtlpDays(t, caller.personId, d.deviceId, d.hostKey, [...touched.get(d.deviceId)!]);
      const dates = [...new Set([...totals.values()].map((r) => r.date))];
      // However many exports add to it, a row stays within what an extension row may claim.
      for (let i = 0; i < dates.length; i += 400) {
        const part = dates.slice(i, i + 400);
        const [huge] = await t.all<{ date: string }>(
          `SELECT date FROM otlp_daily WHERE person_id = ? AND date IN (${part.map(() => '?').join(', ')}) AND input + output + cache_read + cache_write > ? LIMIT 1`,
          [caller.personId, ...part, MAX_TOKENS_PER_ROW],
        );
        if (huge) throw new HttpError(422, 'magnitude', `${huge.date}: over ${MAX_TOKENS_PER_ROW} tokens in one day for one device, agent and model`);
      }
      // What counts and what is kept aside (a host the extension covers) are both bounded per day.
      for (const table of ['usage_daily', 'otlp_daily']) {
        for (let i = 0; i < dates.length; i += 400) {
          const part = dates.slice(i, i + 400);
          const [full] = await t.all<{ date: string; n: number }>(
            `SELECT date, COUNT(*) AS n FROM ${table} WHERE person_id = ? AND date IN (${part.map(() => '?').join(', ')}) GROUP BY date HAVING COUNT(*) > ? LIMIT 1`,
            [caller.personId, ...part, MAX_ROWS_PER_PERSON_DAY],
          );
          if (full) throw new HttpError(422, 'too_many_rows_per_day', `${full.date}: ${full.n} rows (devices × agents × models) for one person; at most ${MAX_ROWS_PER_PERSON_DAY}`);
        }
      }
      await t.run('DELETE FROM otlp_series WHERE person_id = ? AND updated_at < ?', [caller.personId, new Date(now - SERIES_TTL_DAYS * DAY_MS).toISOString()]);
    });
  }
  for (const [why, n] of reasons) out.messages.push(`rejected ${n}: ${why}`);
  return out;
}

interface SeriesState {
  startNs: bigint;
  timeNs: bigint;
  value: number;
}

/**
 * What a point adds to its series, or undefined when it adds nothing because it was counted before
 * (a resend, a retry, an export older than the last one counted). Cumulative (metrics.proto,
 * "AggregationTemporality"): the same start time and a value at least the last one's adds the
 * difference; a later start time is a restart and adds its whole value, and so does a value that
 * fell below the last with the same start (a reset the sender did not mark). Delta: each point
 * adds its value, once — a point no later than the last one counted is a resend.
 */
function increase(s: SeriesState | undefined, r: Ready): number | undefined {
  const { startNs, timeNs } = r.point;
  if (!s) return r.value;
  if (!r.cumulative) return timeNs > s.timeNs ? r.value : undefined;
  if (startNs > s.startNs) return r.value;
  if (startNs < s.startNs || timeNs <= s.timeNs) return undefined;
  return r.value >= s.value ? r.value - s.value : r.value;
}

/** Attributes in one order, so the same series always hashes the same. */
function canonical(a: Attrs): string {
  return JSON.stringify(Object.keys(a).sort().map((k) => [k, a[k]]));
}

/** The person's zone: the one their extension reported last; UTC for someone who only sends OTLP. */
async function zoneOf(t: Db, personId: number): Promise<Zone> {
  const [row] = await t.all<{ timezone: string }>(
    "SELECT u.timezone FROM usage_daily u WHERE u.person_id = ? AND u.device_id NOT LIKE 'otlp-%' ORDER BY u.updated_at DESC, u.date DESC LIMIT 1",
    [personId],
  );
  try {
    return new Zone(row?.timezone ?? 'UTC');
  } catch {
    return new Zone('UTC');
  }
}

async function loadSeries(t: Db, personId: number, keys: string[]): Promise<Map<string, SeriesState>> {
  const m = new Map<string, SeriesState>();
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500);
    const rows = await t.all<{ series: string; start_ns: string; time_ns: string; value: number }>(`SELECT series, start_ns, time_ns, value FROM otlp_series WHERE person_id = ? AND series IN (${part.map(() => '?').join(', ')})`, [personId, ...part]);
    for (const r of rows) m.set(r.series, { startNs: BigInt(r.start_ns), timeNs: BigInt(r.time_ns), value: Number(r.value) });
  }
  return m;
}

async function saveSeries(t: Db, personId: number, entries: ReadonlyArray<readonly [string, SeriesState]>, at: string): Promise<void> {
  for (let i = 0; i < entries.length; i += 200) {
    const part = entries.slice(i, i + 200);
    await t.run(
      `INSERT INTO otlp_series (person_id, series, start_ns, time_ns, value, updated_at) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (person_id, series) DO UPDATE SET start_ns = excluded.start_ns, time_ns = excluded.time_ns, value = excluded.value, updated_at = excluded.updated_at`,
      part.flatMap(([k, s]) => [personId, k, s.startNs.toString(), s.timeNs.toString(), s.value, at]),
    );
  }
}

async function addDaily(t: Db, personId: number, r: { deviceId: string; date: string; agent: string; model: string; cols: Record<Column, number> }, timezone: string, at: string): Promise<void> {
  const c = r.cols;
  await t.run(
    `INSERT INTO otlp_daily (person_id, device_id, date, agent, model, timezone, input, output, cache_read, cache_write, reasoning, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (person_id, device_id, date, agent, model) DO UPDATE SET input = otlp_daily.input + excluded.input, output = otlp_daily.output + excluded.output,
       cache_read = otlp_daily.cache_read + excluded.cache_read, cache_write = otlp_daily.cache_write + excluded.cache_write, reasoning = otlp_daily.reasoning + excluded.reasoning,
       timezone = excluded.timezone, updated_at = excluded.updated_at`,
    [personId, r.deviceId, r.date, r.agent, r.model, timezone, Math.round(c.input), Math.round(c.output), Math.round(c.cacheRead), Math.round(c.cacheWrite), Math.round(c.reasoning), at],
  );
}
