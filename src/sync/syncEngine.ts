import type { ReportRow } from '../core/report';
import type { UsageRow } from '../shared/teamApi';
import type { Outbox } from './outbox';
import { groupByDate } from './outbox';
import type { SendOutcome, TeamClient } from './teamClient';

export interface SyncStatus {
  state: 'idle' | 'syncing' | 'offline' | 'error';
  lastSyncAt?: number;
  queuedDays: number;
  message?: string;
  nextAttemptAt?: number;
}

export interface SyncOptions {
  /** Rows per request (whole days are never split). */
  batchRows?: number;
  now?: () => number;
  random?: () => number;
  /** Called when the status changes. */
  onStatus?: (s: SyncStatus) => void;
  /** After a successful send, wait at least this long before the next (busy agents change today's row every few seconds). */
  minIntervalMs?: number;
}

const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 60 * 60_000;

/**
 * Sends changed days from the outbox in batches, backing off exponentially with full jitter (or as
 * `Retry-After` says) while the backend is away. Offline is a state, not an error.
 */
export class SyncEngine {
  private rows: ReportRow[] = [];
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private current: SyncStatus;

  constructor(
    private readonly outbox: Outbox,
    private readonly client: () => TeamClient | undefined,
    private readonly opts: SyncOptions = {},
  ) {
    this.current = { state: 'idle', queuedDays: outbox.pendingDates.length };
  }

  get status(): SyncStatus {
    return this.current;
  }

  /** New local numbers: queue the days that changed and send them (now, or when the interval allows). */
  update(rows: ReportRow[]): Promise<void> {
    this.rows = rows;
    this.outbox.update(rows);
    const wait = (this.current.lastSyncAt ?? 0) + (this.opts.minIntervalMs ?? 0) - this.now();
    if (wait > 0 && this.current.state === 'idle') {
      if (!this.timer) {
        this.timer = setTimeout(() => void this.flush(), wait);
        this.timer.unref?.();
      }
      this.set({});
      return Promise.resolve();
    }
    return this.flush();
  }

  /** Sends what is queued now (unless a send is already running). */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private async flushOnce(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const client = this.client();
    if (!client || this.outbox.pendingDates.length === 0) return this.set({ state: 'idle' });
    this.set({ state: 'syncing' });
    const deviceId = this.outbox.deviceId;
    // Rows can change while a batch is in flight: what was sent is acked, and anything newer is
    // queued again by the update() check before the loop ends.
    while (this.outbox.pendingDates.length > 0) {
      const rows = this.rows;
      const byDate = groupByDate(rows);
      for (const batch of batches([...this.outbox.pendingDates], byDate, this.opts.batchRows ?? 2000)) {
        const payload: UsageRow[] = batch.flatMap((d) => (byDate.get(d) ?? []).map((r) => toUsageRow(r, deviceId)));
        // A day with no rows left has nothing to send; it is simply done.
        const outcome: SendOutcome = payload.length ? await client.postRows(payload) : { ok: true };
        if (!outcome.ok) return this.fail(outcome);
        this.outbox.ack(rows, batch);
        this.failures = 0;
        this.set({ state: 'syncing' });
      }
      this.outbox.update(this.rows);
    }
    this.set({ state: 'idle', lastSyncAt: this.now(), message: undefined, nextAttemptAt: undefined });
  }

  private fail(o: Exclude<SendOutcome, { ok: true }>): void {
    this.failures++;
    const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (this.failures - 1));
    const jittered = Math.round(backoff * (0.5 + (this.opts.random ?? Math.random)() / 2));
    const delay = o.kind === 'auth' ? MAX_DELAY_MS : Math.max(jittered, o.kind === 'retry' || o.kind === 'offline' ? (o as { retryAfterMs?: number }).retryAfterMs ?? 0 : 0);
    this.timer = setTimeout(() => void this.flush(), delay);
    this.timer.unref?.();
    this.set({ state: o.kind === 'offline' ? 'offline' : 'error', message: o.message, nextAttemptAt: this.now() + delay });
  }

  private set(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch, queuedDays: this.outbox.pendingDates.length };
    this.opts.onStatus?.(this.current);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

function* batches(dates: string[], byDate: Map<string, ReportRow[]>, max: number): Generator<string[]> {
  let batch: string[] = [];
  let size = 0;
  for (const d of dates) {
    const n = byDate.get(d)?.length ?? 0;
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
    model: r.model,
    input: r.input,
    output: r.output,
    cacheRead: r.cacheRead,
    cacheWrite: r.cacheWrite,
    reasoning: r.reasoning,
    hourly: r.hourly,
  };
}
