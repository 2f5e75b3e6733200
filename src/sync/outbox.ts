import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { ReportRow } from '../core/report';

interface OutboxState {
  version: 1;
  /** A random id for this machine's reports (never the hostname). */
  deviceId: string;
  /** Per local date: the hash of what the backend last accepted. */
  sent: Record<string, string>;
  /** Dates whose rows changed since they were last accepted, oldest first. */
  pending: string[];
}

/**
 * What still has to reach the team backend, persisted (atomic writes) so it survives restarts and
 * offline days. Days are re-sent whole; the backend replaces them, so nothing counts twice.
 */
export class Outbox {
  private state: OutboxState;

  constructor(private readonly file: string) {
    this.state = this.load();
  }

  get deviceId(): string {
    return this.state.deviceId;
  }

  get pendingDates(): readonly string[] {
    return this.state.pending;
  }

  /** Queues every date whose rows differ from what the backend last accepted. */
  update(rows: readonly ReportRow[]): void {
    const byDate = groupByDate(rows);
    let changed = false;
    for (const [date, dayRows] of byDate) {
      if (this.state.sent[date] !== hashRows(dayRows) && !this.state.pending.includes(date)) {
        this.state.pending.push(date);
        changed = true;
      }
    }
    if (changed) {
      this.state.pending.sort();
      this.save();
    }
  }

  /** The backend accepted these days with these rows. */
  ack(rows: readonly ReportRow[], dates: readonly string[]): void {
    const byDate = groupByDate(rows);
    for (const d of dates) {
      this.state.sent[d] = hashRows(byDate.get(d) ?? []);
      this.state.pending = this.state.pending.filter((p) => p !== d);
    }
    this.save();
  }

  /** Forgets what was sent (after the user asks the backend to delete their data). */
  reset(): void {
    this.state = { ...this.state, sent: {}, pending: [] };
    this.save();
  }

  private load(): OutboxState {
    try {
      const s = JSON.parse(fs.readFileSync(this.file, 'utf8')) as OutboxState;
      if (s.version === 1 && typeof s.deviceId === 'string' && Array.isArray(s.pending)) return s;
    } catch {
      // missing or damaged: start again; at worst days are re-sent, and the backend replaces them
    }
    return { version: 1, deviceId: randomBytes(12).toString('base64url'), sent: {}, pending: [] };
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
  for (const r of rows) m.set(r.date, [...(m.get(r.date) ?? []), r]);
  return m;
}

function hashRows(rows: readonly ReportRow[]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('base64url');
}
