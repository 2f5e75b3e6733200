import type { Db } from '../db/db';
import { addDays } from '../../../src/core/time';
import type { Connector } from './config';
import { describeRun, runConnector } from './run';
import type { ConnectorLog } from './run';
import { SOURCE_OF } from './store';

const HOUR = 3_600_000;

/**
 * The org APIs revise recent days (Claude Code Analytics serves data older than an hour; GitHub
 * makes a day's report once it is complete), so each run refetches today and the 2 days before.
 */
export const REFETCH_DAYS = 2;

/** Tuning for tests; production uses the defaults. */
export interface SchedulerOptions {
  intervalMs?: number;
  now?: () => number;
  /** Skip a connector another server finished less than this long ago (default: 50 minutes). */
  freshMs?: number;
}

/** The UTC days a scheduled run covers. */
export function recentDays(now: number): { from: string; to: string } {
  const today = new Date(now).toISOString().slice(0, 10);
  return { from: addDays(today, -REFETCH_DAYS), to: today };
}

/**
 * Runs every connector once over the recent days. With `skipFresh`, a connector another server
 * (sharing the database) ran within `freshMs` is skipped: its rows would come out the same. The
 * claim is taken under the setup lock, so of two servers due at once only one fetches.
 */
export async function runConnectorsOnce(db: Db, teamId: number, connectors: Connector[], log: ConnectorLog, opts: SchedulerOptions & { skipFresh?: boolean } = {}): Promise<boolean> {
  const now = (opts.now ?? Date.now)();
  const { from, to } = recentDays(now);
  let allOk = true;
  for (const c of connectors) {
    const source = SOURCE_OF[c.provider];
    if (opts.skipFresh) {
      const claimed = await db.exclusive(async (t) => {
        const [last] = await t.all<{ started_at: string }>('SELECT started_at FROM connector_runs WHERE source = ?', [source]);
        if (last && now - Date.parse(last.started_at) < (opts.freshMs ?? 50 * 60_000)) return false;
        await t.run('INSERT INTO connector_runs (source, started_at) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET started_at = excluded.started_at', [source, new Date(now).toISOString()]);
        return true;
      });
      if (!claimed) {
        log(`${source}: ran less than an hour ago (another server?), skipped`);
        continue;
      }
    }
    const r = await runConnector(db, teamId, c, from, to);
    log(describeRun(c, from, to, r), !r.ok);
    if (!r.ok) {
      allOk = false;
      // A failed run doesn't count as fresh: the next server (or hour) tries again.
      if (opts.skipFresh) await db.run('DELETE FROM connector_runs WHERE source = ?', [source]);
    }
  }
  return allOk;
}

/** Runs the connectors now and every hour, inside `serve` or `connectors run`. Returns a stop function. */
export function startScheduler(db: Db, teamId: number, connectors: Connector[], log: ConnectorLog, opts: SchedulerOptions = {}): () => void {
  if (!connectors.length) return () => undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running.then(() => runConnectorsOnce(db, teamId, connectors, log, { ...opts, skipFresh: true })).catch((e: Error) => log(`connectors: ${e.message}`, true));
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs ?? HOUR);
  return () => clearInterval(timer);
}
