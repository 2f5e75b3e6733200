import type { Db } from '../db/db';
import { addDays } from '../../../src/core/time';
import { OrgApiError } from '../../../src/sync/orgApi/types';
import type { Connector } from './config';
import { SOURCE_OF, storeOrgRows } from './store';
import type { StoreResult } from './store';

/** Days fetched per request batch in a backfill: a failure costs at most this many days' work. */
const BACKFILL_CHUNK_DAYS = 31;

/** Where connector runs report: one line each, `failed` for a run that stored nothing (a warning in the JSON log). */
export type ConnectorLog = (line: string, failed?: boolean) => void;

/** How a run of one connector ended. */
export type RunOutcome = ({ ok: true } & StoreResult) | { ok: false; kind: string; error: string };

/** Fetches from..to (all pages) and replaces those days' rows; an API failure stores nothing. */
export async function runConnector(db: Db, teamId: number, c: Connector, from: string, to: string): Promise<RunOutcome> {
  try {
    const rows = await c.client.fetchDays(from, to);
    const stored = await storeOrgRows(db, teamId, c.provider, from, to, rows);
    return { ok: true, ...stored };
  } catch (e) {
    if (e instanceof OrgApiError) return { ok: false, kind: e.kind, error: e.message };
    throw e;
  }
}

/** One log line for a run, never with a key (OrgApiError messages are redacted). */
export function describeRun(c: Connector, from: string, to: string, r: RunOutcome): string {
  const span = from === to ? from : `${from}..${to}`;
  if (!r.ok) return `${SOURCE_OF[c.provider]} ${span}: failed (${r.kind}) — ${r.error}`;
  const who = r.unattributed ? `; ${r.unattributed} not attributed to anyone in the team (${r.unattributedActors.join(', ')}) — link them with link-identity` : '';
  return `${SOURCE_OF[c.provider]} ${span}: ${r.attributed} of ${r.rows} rows attributed${who}`;
}

/** A backfill of a long range, in chunks, oldest first; stops at the first failure. */
export async function backfill(db: Db, teamId: number, c: Connector, from: string, to: string, log: ConnectorLog): Promise<boolean> {
  for (let start = from; start <= to; start = addDays(start, BACKFILL_CHUNK_DAYS)) {
    const end = addDays(start, BACKFILL_CHUNK_DAYS - 1) < to ? addDays(start, BACKFILL_CHUNK_DAYS - 1) : to;
    const r = await runConnector(db, teamId, c, start, end);
    log(describeRun(c, start, end, r), !r.ok);
    if (!r.ok) return false;
  }
  return true;
}
