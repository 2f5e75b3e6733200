import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { HttpError } from '../http/body';
import { UsageBatchSchema, MAX_TOKENS_PER_ROW } from '../../../src/shared/teamApi';
import type { UsageRow } from '../../../src/shared/teamApi';
import { isIsoDate } from '../../../src/core/time';

const DAY = 86_400_000;
/** How far back a report may reach (the extension keeps at most this much to resend). */
export const MAX_AGE_DAYS = 400;

/**
 * `POST /api/v1/usage/daily`: each (device, date) in the report — in its rows or its `cleared`
 * days — is replaced whole by the report's rows for it, in one transaction. Resending never
 * double counts, a re-bucketed or shrunk day can only be replaced, and several devices add up.
 */
export async function ingest(db: Db, caller: Caller, body: unknown, now = Date.now()): Promise<{ accepted: number }> {
  if (caller.role !== 'member') throw new HttpError(403, 'forbidden', 'only a developer token can report usage');
  if (body && typeof body === 'object' && 'person' in body && String((body as { person: unknown }).person).toLowerCase() !== caller.email) {
    throw new HttpError(403, 'forbidden', "a token can only write its own person's rows");
  }
  const parsed = UsageBatchSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const tooBig = issue.code === 'too_big' && issue.path.length === 3 && issue.path[0] === 'rows';
    throw new HttpError(tooBig ? 422 : 400, tooBig ? 'magnitude' : 'invalid_rows', `${issue.path.join('.')}: ${issue.message}${tooBig ? ` (at most ${MAX_TOKENS_PER_ROW} tokens per row and day)` : ''}`);
  }
  const { rows, cleared } = parsed.data;
  const earliest = new Date(now - MAX_AGE_DAYS * DAY).toISOString().slice(0, 10);
  const latest = new Date(now + 2 * DAY).toISOString().slice(0, 10);
  const checkDate = (date: string, where: string) => {
    if (!isIsoDate(date)) throw new HttpError(422, 'invalid_date', `${where} ${date} is not a calendar date`);
    if (date < earliest || date > latest) throw new HttpError(422, 'date_range', `${where} ${date} is outside ${earliest}…${latest}`);
  };
  rows.forEach((r, i) => {
    checkDate(r.date, `rows.${i}.date`);
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
  cleared.forEach((c, i) => checkDate(c.date, `cleared.${i}.date`));
  const updatedAt = new Date(now).toISOString();
  // One key twice in a batch: the later row wins (and PostgreSQL refuses a statement that would
  // update the same row twice).
  const unique = [...new Map(rows.map((r) => [`${r.deviceId}|${r.date}|${r.agent}|${r.model}`, r])).values()];
  const days = [...new Map([...rows, ...cleared].map((d) => [`${d.deviceId}|${d.date}`, { deviceId: d.deviceId, date: d.date }])).values()];
  await db.tx(async (t) => {
    for (let i = 0; i < days.length; i += DAYS_PER_STATEMENT) await clearDays(t, caller.personId, days.slice(i, i + DAYS_PER_STATEMENT));
    for (let i = 0; i < unique.length; i += ROWS_PER_STATEMENT) await insert(t, caller.personId, unique.slice(i, i + ROWS_PER_STATEMENT), updatedAt);
  });
  return { accepted: rows.length };
}

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
  return { deleted: await db.run('DELETE FROM usage_daily WHERE person_id = ?', [caller.personId]) };
}
