import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { ReportRow } from '../core/report';

interface OutboxState {
  version: 2;
  /** Per local date: the hash of what the backend last accepted for it (of no rows, for a cleared day). */
  sent: Record<string, string>;
  /** Dates whose rows changed since they were last accepted, oldest first. */
  pending: string[];
}

const EMPTY = hashRows([]);
/** Dates the backend accepts at most (it refuses older ones); older ones are forgotten. */
const KEEP_DAYS = 400;

/**
 * What still has to reach the team backend, persisted (atomic writes) so it survives restarts and
 * offline days. Days are sent whole and the backend replaces a device's day with what it gets, so
 * nothing counts twice; a day whose tokens moved away (a time-zone change) is sent as cleared.
 * The device id is not kept here: losing this file must never make this machine a new device.
 */
export class Outbox {
  private state: OutboxState;
  /** The device id an older version kept in this file, to adopt once (see `Storage.deviceId`). */
  readonly legacyDeviceId: string | undefined;

  constructor(private readonly file: string) {
    const { state, legacyDeviceId } = this.load();
    this.state = state;
    this.legacyDeviceId = legacyDeviceId;
  }

  get pendingDates(): readonly string[] {
    return this.state.pending;
  }

  /**
   * Queues every date from `since` on whose rows differ from what the backend last accepted,
   * including dates it accepted rows for that have none now.
   */
  update(rows: readonly ReportRow[], since: string): void {
    const byDate = groupByDate(rows);
    const queue = new Set(this.state.pending);
    for (const [date, dayRows] of byDate) if (this.state.sent[date] !== hashRows(dayRows)) queue.add(date);
    for (const [date, hash] of Object.entries(this.state.sent)) if (date >= since && hash !== EMPTY && !byDate.has(date)) queue.add(date);
    if (queue.size === this.state.pending.length) return;
    this.state.pending = [...queue].sort();
    this.save();
  }

  /** The backend accepted these days with these rows (none: cleared). */
  ack(rows: readonly ReportRow[], dates: readonly string[]): void {
    const byDate = groupByDate(rows);
    for (const d of dates) this.state.sent[d] = hashRows(byDate.get(d) ?? []);
    const done = new Set(dates);
    this.state.pending = this.state.pending.filter((p) => !done.has(p));
    const oldest = new Date(Date.now() - KEEP_DAYS * 86_400_000).toISOString().slice(0, 10);
    for (const d of Object.keys(this.state.sent)) if (d < oldest) delete this.state.sent[d];
    this.save();
  }

  /** Forgets what was sent (after the user asks the backend to delete their data). */
  reset(): void {
    this.state = { version: 2, sent: {}, pending: [] };
    this.save();
  }

  private load(): { state: OutboxState; legacyDeviceId?: string } {
    try {
      const s = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { version?: number; sent?: Record<string, string>; pending?: unknown[]; deviceId?: unknown };
      if ((s.version === 1 || s.version === 2) && s.sent && typeof s.sent === 'object' && Array.isArray(s.pending)) {
        return { state: { version: 2, sent: s.sent, pending: s.pending.filter((d): d is string => typeof d === 'string') }, legacyDeviceId: typeof s.deviceId === 'string' ? s.deviceId : undefined };
      }
    } catch {
      // missing or damaged: start again; days are re-sent whole and the backend replaces them
    }
    return { state: { version: 2, sent: {}, pending: [] } };
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
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
