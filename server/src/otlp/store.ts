import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { HttpError } from '../http/body';
import { MAX_AGE_DAYS, MAX_ROWS_PER_PERSON_DAY, PERSON_LOCK_SPACE } from '../api/ingest';
import { MAX_TOKENS_PER_ROW } from '../../../src/shared/teamApi';
import { Zone } from '../../../src/core/time';
import type { OtlpMetric } from './model';
import type { Column } from './agents';
import { noteDevices, settleOtlpDays } from './hosts';
import { Rejections, readyPoints } from './points';
import { increase, loadSeries, saveSeries } from './series';

const DAY_MS = 86_400_000;

/** What an export did: counted, rejected (with why), ignored (metrics the server does not count). */
export interface OtlpOutcome {
  accepted: number;
  rejected: number;
  ignored: number;
  messages: string[];
}

/** One (device, day, agent, model) and what this export adds to it. */
interface DayRow {
  deviceId: string;
  date: string;
  agent: string;
  model: string;
  cols: Record<Column, number>;
}

/**
 * Counts an OTLP metrics export for the caller: known token metrics are mapped to the agent's
 * columns, each series adds only what is new (series.ts), filed per (device, day in the person's
 * zone, agent, model) in `otlp_daily`, and settled into `usage_daily` against the extension's rows
 * for the same host (hosts.ts). One person's exports take turns under the same lock as their
 * extension reports, so two exporters or two servers never count a point twice.
 */
export async function ingestOtlp(db: Db, caller: Caller, metrics: OtlpMetric[], now = Date.now()): Promise<OtlpOutcome> {
  if (caller.role !== 'member') throw new HttpError(403, 'forbidden', 'only a developer token can report usage');
  const rejected = new Rejections();
  const { ready, ignored, ignoredNames } = readyPoints(metrics, rejected);
  let accepted = 0;
  if (ready.length) {
    await db.tx(async (t) => {
      if (t.kind === 'postgres') await t.exec(`SELECT pg_advisory_xact_lock(${PERSON_LOCK_SPACE}, ${Number(caller.personId)})`);
      const zone = await zoneOf(t, caller.personId);
      const earliest = new Date(now - MAX_AGE_DAYS * DAY_MS).toISOString().slice(0, 10);
      const latest = new Date(now + 14 * 3_600_000).toISOString().slice(0, 10);
      const state = await loadSeries(t, caller.personId, [...new Set(ready.map((r) => r.series))]);
      const changed = new Set<string>();
      const rows = new Map<string, DayRow>();
      // In time order, so several points of one series in one export each add their own step.
      ready.sort((a, b) => (a.point.timeNs < b.point.timeNs ? -1 : a.point.timeNs > b.point.timeNs ? 1 : 0));
      for (const r of ready) {
        const date = zone.date(Number(r.point.timeNs / 1_000_000n));
        if (date < earliest || date > latest) {
          rejected.add(`a data point's time is outside ${earliest}…${latest}`);
          continue;
        }
        accepted++;
        const add = increase(state.get(r.series), r.point, r.value, r.cumulative);
        if (add === undefined) continue; // counted before: accepted, adds nothing
        state.set(r.series, { startNs: r.point.startNs, timeNs: r.point.timeNs, value: r.value });
        changed.add(r.series);
        const key = `${r.deviceId}|${date}|${r.agent}|${r.model}`;
        let row = rows.get(key);
        if (!row) rows.set(key, (row = { deviceId: r.deviceId, date, agent: r.agent, model: r.model, cols: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 } }));
        for (const [col, w] of Object.entries(r.weights) as Array<[Column, number]>) row.cols[col] += add * w;
      }
      await saveSeries(t, caller.personId, [...changed].map((k) => [k, state.get(k)!] as const), now);
      const at = new Date(now).toISOString();
      for (const row of rows.values()) await addDaily(t, caller.personId, row, zone.id, at);
      const devices = [...new Map(ready.map((r) => [r.deviceId, { deviceId: r.deviceId, hostKey: r.hostKey, service: r.service }])).values()];
      await noteDevices(t, caller.personId, devices, 'otlp', at);
      for (const d of devices) {
        const dates = [...new Set([...rows.values()].filter((r) => r.deviceId === d.deviceId).map((r) => r.date))];
        if (dates.length) await settleOtlpDays(t, caller.personId, d.deviceId, d.hostKey, dates);
      }
      await checkLimits(t, caller.personId, [...new Set([...rows.values()].map((r) => r.date))]);
    });
  }
  const messages = [
    ...(ignoredNames.length ? [`ignored ${ignored} data points of metrics this server does not count (${ignoredNames.join(', ')})`] : []),
    ...[...rejected.reasons].map(([why, n]) => `rejected ${n}: ${why}`),
  ];
  return { accepted, rejected: rejected.count, ignored, messages };
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

async function addDaily(t: Db, personId: number, r: DayRow, timezone: string, at: string): Promise<void> {
  const c = r.cols;
  await t.run(
    `INSERT INTO otlp_daily (person_id, device_id, date, agent, model, timezone, input, output, cache_read, cache_write, reasoning, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (person_id, device_id, date, agent, model) DO UPDATE SET input = otlp_daily.input + excluded.input, output = otlp_daily.output + excluded.output,
       cache_read = otlp_daily.cache_read + excluded.cache_read, cache_write = otlp_daily.cache_write + excluded.cache_write, reasoning = otlp_daily.reasoning + excluded.reasoning,
       timezone = excluded.timezone, updated_at = excluded.updated_at`,
    [personId, r.deviceId, r.date, r.agent, r.model, timezone, Math.round(c.input), Math.round(c.output), Math.round(c.cacheRead), Math.round(c.cacheWrite), Math.round(c.reasoning), at],
  );
}

/**
 * The limits an extension report meets, met by OTLP too (else the export is refused and rolled
 * back): a row stays within MAX_TOKENS_PER_ROW however many exports add to it, and a day holds at
 * most MAX_ROWS_PER_PERSON_DAY rows, counted or kept aside (a host the extension covers).
 */
async function checkLimits(t: Db, personId: number, dates: string[]): Promise<void> {
  for (let i = 0; i < dates.length; i += 400) {
    const part = dates.slice(i, i + 400);
    const inDates = part.map(() => '?').join(', ');
    const [huge] = await t.all<{ date: string }>(`SELECT date FROM otlp_daily WHERE person_id = ? AND date IN (${inDates}) AND input + output + cache_read + cache_write > ? LIMIT 1`, [personId, ...part, MAX_TOKENS_PER_ROW]);
    if (huge) throw new HttpError(422, 'magnitude', `${huge.date}: over ${MAX_TOKENS_PER_ROW} tokens in one day for one device, agent and model`);
    for (const table of ['usage_daily', 'otlp_daily']) {
      const [full] = await t.all<{ date: string; n: number }>(`SELECT date, COUNT(*) AS n FROM ${table} WHERE person_id = ? AND date IN (${inDates}) GROUP BY date HAVING COUNT(*) > ? LIMIT 1`, [personId, ...part, MAX_ROWS_PER_PERSON_DAY]);
      if (full) throw new HttpError(422, 'too_many_rows_per_day', `${full.date}: ${full.n} rows (devices × agents × models) for one person; at most ${MAX_ROWS_PER_PERSON_DAY}`);
    }
  }
}
