import type { ReportRow } from '../core/report';
import type { ClearedDay, UsageRow } from '../shared/teamApi';
import { cleanModelName } from '../shared/teamApi';
import type { Outbox } from './outbox';
import { groupByDate } from './outbox';
import type { SendOutcome } from './teamClient';

export interface SyncStatus {
  /** `unauthorized`: the backend refused the token; nothing is sent until a new one is set (or an hour passes). */
  state: 'idle' | 'syncing' | 'offline' | 'error' | 'unauthorized';
  lastSyncAt?: number;
  queuedDays: number;
  message?: string;
  nextAttemptAt?: number;
}

/** Time and timers, injectable so the schedule is tested without waiting. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Where reports go (the team backend's client). */
export interface ReportSender {
  postRows(rows: UsageRow[], cleared: ClearedDay[]): Promise<SendOutcome>;
}

export interface SyncOptions {
  /** Rows per request (whole days are never split). */
  batchRows?: number;
  clock?: Clock;
  random?: () => number;
  /** Called when the status changes. */
  onStatus?: (s: SyncStatus) => void;
  /** After a successful send, wait at least this long before the next (busy agents change today's row every few seconds). */
  minIntervalMs?: number;
}

const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 60 * 60_000;
/** After the backend refuses the token: this long, unless the user sets a new one. */
const AUTH_PAUSE_MS = 60 * 60_000;

/**
 * Sends changed days from the outbox. One scheduler owns sending: `update()` only queues, and one
 * timer decides when to send — never before the backoff (exponential with jitter), a server's
 * `Retry-After`, the pause after a refused token, or the cadence that keeps a busy day from being
 * sent every few seconds. `flush()` is the user asking: now. Offline is a state, not an error.
 */
export class SyncEngine {
  private rows: ReportRow[] = [];
  private since = '';
  private failures = 0;
  /** No send before this (backoff, Retry-After, a refused token). */
  private notBefore = 0;
  private timer: unknown;
  private flushing: Promise<void> | undefined;
  private current: SyncStatus;
  private readonly clock: Clock;

  constructor(
    private readonly outbox: Outbox,
    private readonly sender: () => ReportSender | undefined,
    private readonly deviceId: () => string,
    private readonly opts: SyncOptions = {},
  ) {
    this.clock = opts.clock ?? SYSTEM_CLOCK;
    this.current = { state: 'idle', queuedDays: outbox.pendingDates.length };
  }

  get status(): SyncStatus {
    return this.current;
  }

  /** New local numbers (all days from `since` on): queues the days that changed; the scheduler sends them. */
  update(rows: ReportRow[], since: string): void {
    this.rows = rows;
    this.since = since;
    this.outbox.update(rows, since);
    this.set({});
    this.schedule();
  }

  /** Sends what is queued now (the user asked: no cadence, no backoff). */
  flush(): Promise<void> {
    this.cancelTimer();
    this.notBefore = 0;
    return this.run();
  }

  dispose(): void {
    this.cancelTimer();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.flushing || this.outbox.pendingDates.length === 0 || !this.sender()) return;
    const now = this.clock.now();
    const cadence = this.current.lastSyncAt === undefined ? 0 : this.current.lastSyncAt + (this.opts.minIntervalMs ?? 0);
    const due = Math.max(now, this.notBefore, cadence);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, due - now);
  }

  private run(): Promise<void> {
    this.flushing ??= this.send().finally(() => {
      this.flushing = undefined;
      this.schedule();
    });
    return this.flushing;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async send(): Promise<void> {
    const sender = this.sender();
    if (!sender || this.outbox.pendingDates.length === 0) return this.set({ state: this.current.state === 'syncing' ? 'idle' : this.current.state });
    // One window sends at a time; another's acknowledgements land in the shared outbox.
    const release = this.outbox.trySending();
    if (!release) return this.set({});
    try {
      await this.sendAs(sender);
    } finally {
      release();
    }
  }

  private async sendAs(sender: ReportSender): Promise<void> {
    this.set({ state: 'syncing' });
    const deviceId = this.deviceId();
    const rows = this.rows;
    const byDate = groupByDate(rows);
    for (const batch of batches([...this.outbox.pendingDates], byDate, this.opts.batchRows ?? 2000)) {
      const payload = batch.flatMap((d) => (byDate.get(d) ?? []).map((r) => toUsageRow(r, deviceId)));
      const cleared = batch.filter((d) => !byDate.has(d)).map((date) => ({ deviceId, date }));
      const outcome = await sender.postRows(payload, cleared);
      if (!outcome.ok) return this.fail(outcome);
      this.outbox.ack(rows, batch, this.clock.now());
      this.failures = 0;
    }
    // Rows that changed while the batches were in flight are queued again for the next turn.
    this.outbox.update(this.rows, this.since);
    this.set({ state: 'idle', lastSyncAt: this.clock.now(), message: undefined, nextAttemptAt: undefined });
  }

  private fail(o: Exclude<SendOutcome, { ok: true }>): void {
    this.failures++;
    const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (this.failures - 1));
    const jittered = Math.round(backoff * (0.5 + (this.opts.random ?? Math.random)() / 2));
    const delay = o.kind === 'auth' ? AUTH_PAUSE_MS : Math.max(jittered, 'retryAfterMs' in o ? (o.retryAfterMs ?? 0) : 0);
    this.notBefore = this.clock.now() + delay;
    const state = o.kind === 'offline' ? 'offline' : o.kind === 'auth' ? 'unauthorized' : 'error';
    this.set({ state, message: o.kind === 'auth' ? `token rejected — ${o.message}` : o.message, nextAttemptAt: this.notBefore });
  }

  private set(patch: Partial<SyncStatus>): void {
    const next = { ...this.current, ...patch };
    // Another window's accepted send counts as this one's "synced".
    const shared = this.outbox.lastSentAt;
    if (shared !== undefined && next.state === 'idle' && (next.lastSyncAt ?? 0) < shared) next.lastSyncAt = shared;
    this.current = { ...next, queuedDays: this.outbox.pendingDates.length };
    this.opts.onStatus?.(this.current);
  }
}

function* batches(dates: string[], byDate: Map<string, ReportRow[]>, max: number): Generator<string[]> {
  let batch: string[] = [];
  let size = 0;
  for (const d of dates) {
    const n = Math.max(1, byDate.get(d)?.length ?? 0);
    if (batch.length && size + n > max) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push(d);
    size += n;
  }
  if (batch.length) yield batch;
}

/** Exactly what leaves the machine for one row: aggregates, a random device id, nothing else. */
export function toUsageRow(r: ReportRow, deviceId: string): UsageRow {
  return {
    date: r.date,
    timezone: r.timezone,
    deviceId,
    agent: r.agent,
    // The backend refuses what is not a clean name; a log's odd model must not block every report.
    model: cleanModelName(r.model),
    input: r.input,
    output: r.output,
    cacheRead: r.cacheRead,
    cacheWrite: r.cacheWrite,
    reasoning: r.reasoning,
    hourly: r.hourly,
  };
}
