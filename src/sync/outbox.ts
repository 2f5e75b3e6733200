import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { ReportRow } from '../core/report';
import { CacheLease } from '../engine/cacheLease';

interface OutboxState {
  version: 2;
  /** Per local date: the hash of what the backend last accepted for it (of no rows, for a cleared day). */
  sent: Record<string, string>;
  /** Dates whose rows changed since they were last accepted, oldest first. */
  pending: string[];
  /** When any window last had a send accepted. */
  lastSentAt?: number;
}

const EMPTY = hashRows([]);
/** Dates the backend accepts at most (it refuses older ones); older ones are forgotten. */
const KEEP_DAYS = 400;
/** A change of the outbox holds its lock for microseconds; longer, and its holder is gone. */
const LOCK_WAIT_MS = 2_000;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * What still has to reach the team backend, persisted (atomic writes) so it survives restarts and
 * offline days. Days are sent whole and the backend replaces a device's day with what it gets, so
 * nothing counts twice; a day whose tokens moved away (a time-zone change) is sent as cleared.
 * The device id is not kept here: losing this file must never make this machine a new device.
 *
 * Every window has its own reporting service on this one file, so the file is the truth: each
 * change is read-change-write under a short lock (`outbox.json.lock`) on the file as it is now,
 * never on a copy this window loaded earlier; and one window sends at a time (`trySending`).
 */
export class Outbox {
  private state: OutboxState = emptyState();
  private stamp = '';
  /** The device id an older version kept in this file, to adopt once (see `Storage.deviceId`). */
  readonly legacyDeviceId: string | undefined;
  private readonly changeLock: CacheLease;
  private readonly sendLease: CacheLease;

  constructor(private readonly file: string) {
    const dir = path.dirname(file);
    this.changeLock = new CacheLease(dir, { file: `${path.basename(file)}.lock`, staleMs: 10_000 });
    this.sendLease = new CacheLease(dir, { file: `${path.basename(file)}.sending`, staleMs: 120_000 });
    this.legacyDeviceId = this.refresh();
  }

  get pendingDates(): readonly string[] {
    this.refresh();
    return this.state.pending;
  }

  /** When a send from any window was last accepted. */
  get lastSentAt(): number | undefined {
    this.refresh();
    return this.state.lastSentAt;
  }

  /**
   * Queues every date from `since` on whose rows differ from what the backend last accepted,
   * including dates it accepted rows for that have none now.
   */
  update(rows: readonly ReportRow[], since: string): void {
    const byDate = groupByDate(rows);
    this.change((st) => {
      const queue = new Set(st.pending);
      for (const [date, dayRows] of byDate) if (st.sent[date] !== hashRows(dayRows)) queue.add(date);
      for (const [date, hash] of Object.entries(st.sent)) if (date >= since && hash !== EMPTY && !byDate.has(date)) queue.add(date);
      if (queue.size === st.pending.length) return false;
      st.pending = [...queue].sort();
      return true;
    });
  }

  /** The backend accepted these days with these rows (none: cleared), at `at`. */
  ack(rows: readonly ReportRow[], dates: readonly string[], at = Date.now()): void {
    const byDate = groupByDate(rows);
    this.change((st) => {
      for (const d of dates) st.sent[d] = hashRows(byDate.get(d) ?? []);
      const done = new Set(dates);
      st.pending = st.pending.filter((p) => !done.has(p));
      st.lastSentAt = at;
      const oldest = new Date(Date.now() - KEEP_DAYS * 86_400_000).toISOString().slice(0, 10);
      for (const d of Object.keys(st.sent)) if (d < oldest) delete st.sent[d];
      return true;
    });
  }

  /** Forgets what was sent (after the user asks the backend to delete their data). */
  reset(): void {
    this.change((st) => {
      Object.assign(st, emptyState());
      return true;
    });
  }

  /**
   * The right to send, for this window, while no other window is sending: the release function,
   * or undefined (another window sends these days; its acknowledgements land in this file).
   */
  trySending(): (() => void) | undefined {
    if (!this.sendLease.tryAcquire()) return undefined;
    return () => this.sendLease.release();
  }

  /** Applies `edit` to the file as it is now, under the lock; writes when `edit` says it changed something. */
  private change(edit: (state: OutboxState) => boolean): void {
    const locked = this.lock();
    try {
      this.refresh();
      if (edit(this.state)) this.save();
    } finally {
      if (locked) this.changeLock.release();
    }
  }

  /** Waits briefly for the lock; a holder gone for longer is broken as stale by the lease itself. */
  private lock(): boolean {
    const until = Date.now() + LOCK_WAIT_MS;
    while (!this.changeLock.tryAcquire()) {
      // Past the wait the change is made anyway: every change is recomputed from the rows later.
      if (Date.now() > until) return false;
      Atomics.wait(PAUSE, 0, 0, 2);
    }
    return true;
  }

  /** Reads the file again when another window changed it; returns a legacy device id if it has one. */
  private refresh(): string | undefined {
    const stamp = stampOf(this.file);
    if (stamp === this.stamp) return undefined;
    this.stamp = stamp;
    try {
      const s = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { version?: number; sent?: Record<string, string>; pending?: unknown[]; deviceId?: unknown; lastSentAt?: unknown };
      if ((s.version === 1 || s.version === 2) && s.sent && typeof s.sent === 'object' && Array.isArray(s.pending)) {
        this.state = { version: 2, sent: s.sent, pending: s.pending.filter((d): d is string => typeof d === 'string'), ...(typeof s.lastSentAt === 'number' ? { lastSentAt: s.lastSentAt } : {}) };
        return typeof s.deviceId === 'string' ? s.deviceId : undefined;
      }
    } catch {
      // missing or damaged: start again; days are re-sent whole and the backend replaces them
    }
    this.state = emptyState();
    return undefined;
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
    this.stamp = stampOf(this.file);
  }
}

function emptyState(): OutboxState {
  return { version: 2, sent: {}, pending: [] };
}

function stampOf(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return '-';
  }
}

export function groupByDate(rows: readonly ReportRow[]): Map<string, ReportRow[]> {
  const m = new Map<string, ReportRow[]>();
  for (const r of rows) {
    const list = m.get(r.date);
    if (list) list.push(r);
    else m.set(r.date, [r]);
  }
  return m;
}

function hashRows(rows: readonly ReportRow[]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('base64url');
}
