import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { HttpError } from '../http/body';
import { UsageBatchSchema, MAX_TOKENS_PER_ROW } from '../../../src/shared/teamApi';
import type { UsageRow } from '../../../src/shared/teamApi';

const DAY = 86_400_000;
/** How far back a report may reach (the extension keeps at most this much to resend). */
export const MAX_AGE_DAYS = 400;

/**
 * `POST /api/v1/usage/daily`: replaces each (person, device, date, agent, model) row, so
 * resending never double counts and several devices add up. All rows or none.
 */
export async function ingest(db: Db, caller: Caller, body: unknown, now = Date.now()): Promise<{ accepted: number }> {
  if (caller.role !== 'member') throw new HttpError(403, 'forbidden', 'only a developer token can report usage');
  if (body && typeof body === 'object' && 'person' in body && String((body as { person: unknown }).person).toLowerCase() !== caller.email) {
    throw new HttpError(403, 'forbidden', "a token can only write its own person's rows");
  }
  const parsed = UsageBatchSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const tooBig = issue.code === 'too_big' && issue.path.length === 3;
    throw new HttpError(tooBig ? 422 : 400, tooBig ? 'magnitude' : 'invalid_rows', `${issue.path.join('.')}: ${issue.message}${tooBig ? ` (at most ${MAX_TOKENS_PER_ROW} tokens per row and day)` : ''}`);
  }
  const rows = parsed.data.rows;
  const earliest = new Date(now - MAX_AGE_DAYS * DAY).toISOString().slice(0, 10);
  const latest = new Date(now + 2 * DAY).toISOString().slice(0, 10);
  rows.forEach((r, i) => {
    if (r.date < earliest || r.date > latest || Number.isNaN(Date.parse(r.date))) throw new HttpError(422, 'date_range', `rows.${i}.date ${r.date} is outside ${earliest}…${latest}`);
    const total = r.input + r.output + r.cacheRead + r.cacheWrite;
    if (total > MAX_TOKENS_PER_ROW) throw new HttpError(422, 'magnitude', `rows.${i}: ${total} tokens in one day for one model is above the ${MAX_TOKENS_PER_ROW} limit`);
    if (r.reasoning > r.output) throw new HttpError(422, 'invalid_rows', `rows.${i}: reasoning is part of output and cannot exceed it`);
  });
  const updatedAt = new Date(now).toISOString();
  // One key twice in a batch: the later row wins (and PostgreSQL refuses a statement that would
  // update the same row twice).
  const unique = [...new Map(rows.map((r) => [`${r.deviceId}|${r.date}|${r.agent}|${r.model}`, r])).values()];
  await db.tx(async (t) => {
    for (let i = 0; i < unique.length; i += ROWS_PER_STATEMENT) await upsert(t, caller.personId, unique.slice(i, i + ROWS_PER_STATEMENT), updatedAt);
  });
  return { accepted: rows.length };
}

/** 13 parameters a row: well under SQLite's and PostgreSQL's limits. */
const ROWS_PER_STATEMENT = 500;

function upsert(db: Db, personId: number, rows: UsageRow[], updatedAt: string): Promise<number> {
  const params = rows.flatMap((r) => [personId, r.deviceId, r.date, r.agent, r.model, r.timezone, r.input, r.output, r.cacheRead, r.cacheWrite, r.reasoning, r.hourly ? JSON.stringify(r.hourly) : null, updatedAt]);
  return db.run(
    `INSERT INTO usage_daily (person_id, device_id, date, agent, model, timezone, input, output, cache_read, cache_write, reasoning, hourly, updated_at)
     VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
     ON CONFLICT (person_id, device_id, date, agent, model) DO UPDATE SET
       timezone = excluded.timezone, input = excluded.input, output = excluded.output, cache_read = excluded.cache_read,
       cache_write = excluded.cache_write, reasoning = excluded.reasoning, hourly = excluded.hourly, updated_at = excluded.updated_at`,
    params,
  );
}

/** `DELETE /api/v1/usage`: the caller's rows are removed (when they turn reporting off). */
export async function deleteOwn(db: Db, caller: Caller): Promise<{ deleted: number }> {
  if (caller.role !== 'member') throw new HttpError(403, 'forbidden', 'only a developer token can delete its usage');
  return { deleted: await db.run('DELETE FROM usage_daily WHERE person_id = ?', [caller.personId]) };
}
