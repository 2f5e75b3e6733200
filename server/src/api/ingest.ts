import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { HttpError } from '../http/body';
import type { z } from 'zod';
import { UsageBatchSchema, MAX_ROWS_PER_BATCH, MAX_TOKENS_PER_ROW } from '../../../src/shared/teamApi';
import type { UsageRow } from '../../../src/shared/teamApi';
import { isIsoDate, isValidTimeZone } from '../../../src/core/time';
import { noteDevices, settleAfterExtension } from '../otlp/hosts';

const DAY = 86_400_000;
/** How far back a report may reach (the extension keeps at most this much to resend). */
export const MAX_AGE_DAYS = 400;

/** The first half of the two-key advisory lock that serialises one person's reports (extension and OTLP alike). */
export const PERSON_LOCK_SPACE = 7272;

/**
 * `POST /api/v1/usage/daily`: each (device, date) in the report — in its rows or its `cleared`
 * days — is replaced whole by the report's rows for it, in one transaction. Resending never
 * double counts, a re-bucketed or shrunk day can only be replaced, and several devices add up.
 */
export async function ingest(db: Db, caller: Caller, body: unknown, now = Date.now()): Promise<{ accepted: number }> {
  if (caller.role !== 'member') throw new HttpError(403, 'forbidden', 'only a developer token can report usage');
  if (body && typeof body === 'object' && 'person' in body) {
    const person = (body as { person: unknown }).person;
    if (typeof person !== 'string') throw new HttpError(400, 'invalid_rows', 'person: expected the email as a string');
    if (person.toLowerCase() !== caller.email) throw new HttpError(403, 'forbidden', "a token can only write its own person's rows");
  }
  const parsed = UsageBatchSchema.safeParse(body);
  if (!parsed.success) throw refusal(parsed.error.issues[0]!);
  const { rows, cleared, host } = parsed.data;
  const earliest = new Date(now - MAX_AGE_DAYS * DAY).toISOString().slice(0, 10);
  // The zone furthest ahead is UTC+14: no one's today is later than that.
  const latest = new Date(now + 14 * 3_600_000).toISOString().slice(0, 10);
  const checkDate = (date: string, where: string) => {
    if (!isIsoDate(date)) throw new HttpError(422, 'invalid_date', `${where} ${date} is not a calendar date`);
    if (date < earliest || date > latest) throw new HttpError(422, 'date_range', `${where} ${date} is outside ${earliest}…${latest}`);
  };
  const perDate = new Map<string, number>();
  rows.forEach((r, i) => {
    checkDate(r.date, `rows.${i}.date`);
    if (!knownZone(r.timezone)) throw new HttpError(422, 'invalid_timezone', `rows.${i}.timezone is not an IANA time zone`);
    perDate.set(r.date, (perDate.get(r.date) ?? 0) + 1);
    const total = r.input + r.output + r.cacheRead + r.cacheWrite;
    if (total > MAX_TOKENS_PER_ROW) throw new HttpError(422, 'magnitude', `rows.${i}: ${total} tokens in one day for one model is above the ${MAX_TOKENS_PER_ROW} limit`);
    if (r.reasoning > r.output) throw new HttpError(422, 'invalid_rows', `rows.${i}: reasoning is part of output and cannot exceed it`);
    // The hours are the same tokens spread over the day: whole numbers that add up to the row, so no
    // row can weigh more in the team's heatmap and smoothness than in its totals.
    if (r.hourly) {
      if (!r.hourly.every((v) => Number.isSafeInteger(v))) throw new HttpError(422, 'invalid_hourly', `rows.${i}.hourly: each hour must be a whole number of tokens`);
      const sum = r.hourly.reduce((a, b) => a + b, 0);
      if (sum !== total) throw new HttpError(422, 'invalid_hourly', `rows.${i}.hourly: the 24 hours add up to ${sum}, not the row's ${total} tokens`);
    }
  });
  const reported = new Set(rows.map((r) => `${r.deviceId}|${r.date}`));
  cleared.forEach((c, i) => {
    checkDate(c.date, `cleared.${i}.date`);
    // Both "here are the day's rows" and "the day has none": the report contradicts itself.
    if (reported.has(`${c.deviceId}|${c.date}`)) throw new HttpError(422, 'conflict', `cleared.${i}: ${c.deviceId} ${c.date} also has rows in this report`);
  });
  for (const [date, n] of perDate) if (n > MAX_ROWS_PER_PERSON_DAY) throw tooManyForDay(date, n);
  const updatedAt = new Date(now).toISOString();
  // One key twice in a batch: the later row wins (and PostgreSQL refuses a statement that would
  // update the same row twice).
  const unique = [...new Map(rows.map((r) => [`${r.deviceId}|${r.date}|${r.agent}|${r.model}`, r])).values()];
  const days = [...new Map([...rows, ...cleared].map((d) => [`${d.deviceId}|${d.date}`, { deviceId: d.deviceId, date: d.date }])).values()];
  await db.tx(async (t) => {
    // Two reports of one person at once (two servers, or a resend racing the first): on PostgreSQL
    // both would clear the same days, then both insert, and the second insert would collide. One
    // person's reports take turns (SQLite's BEGIN IMMEDIATE already serialises every writer).
    if (t.kind === 'postgres') await t.exec(`SELECT pg_advisory_xact_lock(${PERSON_LOCK_SPACE}, ${Number(caller.personId)})`);
    for (let i = 0; i < days.length; i += DAYS_PER_STATEMENT) await clearDays(t, caller.personId, days.slice(i, i + DAYS_PER_STATEMENT));
    for (let i = 0; i < unique.length; i += ROWS_PER_STATEMENT) await insert(t, caller.personId, unique.slice(i, i + ROWS_PER_STATEMENT), updatedAt);
    // With the person's other devices the day may now be too full: then nothing of this report stays.
    const dates = [...perDate.keys()];
    for (let i = 0; i < dates.length; i += DAYS_PER_STATEMENT) {
      const part = dates.slice(i, i + DAYS_PER_STATEMENT);
      const [full] = await t.all<{ date: string; n: number }>(
        `SELECT date, COUNT(*) AS n FROM usage_daily WHERE person_id = ? AND date IN (${part.map(() => '?').join(', ')}) GROUP BY date HAVING COUNT(*) > ? LIMIT 1`,
        [caller.personId, ...part, MAX_ROWS_PER_PERSON_DAY],
      );
      if (full) throw tooManyForDay(String(full.date), Number(full.n));
    }
    // The channel of each device; with the machine's host key, its agents' OTLP export yields to these rows.
    await noteDevices(t, caller.personId, [...new Set(days.map((d) => d.deviceId))].map((deviceId) => ({ deviceId, hostKey: host ?? null, service: null })), 'extension', updatedAt);
    if (host) await settleAfterExtension(t, caller.personId, host, [...new Set(days.map((d) => d.date))]);
  });
  return { accepted: unique.length };
}

/**
 * Rows (devices × agents × models) one person may have on one day: far above a heavy user's few
 * dozen, and low enough that no one can make `/me` and the team summary slow for everyone else.
 */
export const MAX_ROWS_PER_PERSON_DAY = 500;

function tooManyForDay(date: string, n: number): HttpError {
  return new HttpError(422, 'too_many_rows_per_day', `${date}: ${n} rows (devices × agents × models) for one person; at most ${MAX_ROWS_PER_PERSON_DAY}`);
}

/** A schema failure as the README's API table promises it: too many rows, too many tokens, or a bad row. */
function refusal(issue: z.core.$ZodIssue): HttpError {
  const where = issue.path.join('.');
  const list = issue.path.length === 1 && (issue.path[0] === 'rows' || issue.path[0] === 'cleared');
  if (issue.code === 'too_big' && list) return new HttpError(422, 'too_many_rows', `${where}: a report holds at most ${MAX_ROWS_PER_BATCH} rows and ${MAX_ROWS_PER_BATCH} cleared days`);
  const tokenField = issue.path.length === 3 && issue.path[0] === 'rows' && TOKEN_FIELDS.has(String(issue.path[2]));
  if (issue.code === 'too_big' && tokenField) return new HttpError(422, 'magnitude', `${where}: ${issue.message} (at most ${MAX_TOKENS_PER_ROW} tokens per row and day)`);
  return new HttpError(400, 'invalid_rows', `${where}: ${issue.message}`);
}

/** Zones already checked: building an `Intl.DateTimeFormat` per row would cost more than storing the row. */
const ZONES = new Map<string, boolean>();
function knownZone(tz: string): boolean {
  let ok = ZONES.get(tz);
  if (ok === undefined) {
    ok = isValidTimeZone(tz);
    if (ZONES.size < 1000) ZONES.set(tz, ok);
  }
  return ok;
}

const TOKEN_FIELDS = new Set(['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning']);

/** 13 parameters a row: well under SQLite's and PostgreSQL's limits. */
const ROWS_PER_STATEMENT = 500;
const DAYS_PER_STATEMENT = 500;

function clearDays(db: Db, personId: number, days: Array<{ deviceId: string; date: string }>): Promise<number> {
  return db.run(
    `DELETE FROM usage_daily WHERE person_id = ? AND (${days.map(() => '(device_id = ? AND date = ?)').join(' OR ')})`,
    [personId, ...days.flatMap((d) => [d.deviceId, d.date])],
  );
}

function insert(db: Db, personId: number, rows: UsageRow[], updatedAt: string): Promise<number> {
  const params = rows.flatMap((r) => [personId, r.deviceId, r.date, r.agent, r.model, r.timezone, r.input, r.output, r.cacheRead, r.cacheWrite, r.reasoning, r.hourly ? JSON.stringify(r.hourly) : null, updatedAt]);
  return db.run(
    `INSERT INTO usage_daily (person_id, device_id, date, agent, model, timezone, input, output, cache_read, cache_write, reasoning, hourly, updated_at)
     VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    params,
  );
}

/** `DELETE /api/v1/usage`: the caller's rows are removed (when they turn reporting off). */
export async function deleteOwn(db: Db, caller: Caller): Promise<{ deleted: number }> {
  if (caller.role !== 'member') throw new HttpError(403, 'forbidden', 'only a developer token can delete its usage');
  return db.tx(async (t) => {
    // What OTLP accumulated and which devices reported go too: nothing of the person stays.
    for (const table of ['otlp_daily', 'otlp_series', 'devices']) await t.run(`DELETE FROM ${table} WHERE person_id = ?`, [caller.personId]);
    return { deleted: await t.run('DELETE FROM usage_daily WHERE person_id = ?', [caller.personId]) };
  });
}
