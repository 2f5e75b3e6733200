import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Outbox } from '../../../src/sync/outbox';
import { SyncEngine } from '../../../src/sync/syncEngine';
import type { Clock, ReportSender } from '../../../src/sync/syncEngine';
import type { SendOutcome } from '../../../src/sync/teamClient';
import type { ReportRow } from '../../../src/core/report';
import type { ClearedDay, UsageRow } from '../../../src/shared/teamApi';

/** A clock whose time only moves when the test says so; timers fire in order. */
class FakeClock implements Clock {
  t = Date.parse('2026-11-23T12:00:00Z');
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private next = 1;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.timers.push({ at: this.t + Math.max(0, ms), fn, id });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== id);
  };
  /** Moves time forward by `ms`, firing due timers (and letting their promises settle). */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.t = due.at;
      due.fn();
      for (let i = 0; i < 20; i++) await Promise.resolve();
    }
    this.t = end;
    for (let i = 0; i < 20; i++) await Promise.resolve();
  }
}

class FakeSender implements ReportSender {
  calls: Array<{ at: number; rows: UsageRow[]; cleared: ClearedDay[] }> = [];
  constructor(
    private readonly clock: FakeClock,
    public answer: (n: number) => SendOutcome,
  ) {}
  async postRows(rows: UsageRow[], cleared: ClearedDay[]): Promise<SendOutcome> {
    this.calls.push({ at: this.clock.now(), rows, cleared });
    return this.answer(this.calls.length);
  }
}

function rowsAt(date: string, total: number, timezone = 'UTC'): ReportRow[] {
  const hourly = new Array<number>(24).fill(0);
  hourly[9] = total;
  return [{ date, timezone, agent: 'claude-code', model: 'm', input: total, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, hourly }];
}

function setup(answer: (n: number) => SendOutcome, opts: { minIntervalMs?: number } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-sched-'));
  const clock = new FakeClock();
  const sender = new FakeSender(clock, answer);
  const engine = new SyncEngine(new Outbox(path.join(dir, 'outbox.json')), () => sender, () => 'device-0001', { clock, random: () => 0, minIntervalMs: opts.minIntervalMs ?? 120_000 });
  return { clock, sender, engine, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const OFFLINE: SendOutcome = { ok: false, kind: 'offline', message: 'backend unreachable' };

test('offline for an hour while an agent writes every second: attempts follow the backoff schedule, not the writes', async () => {
  const s = setup(() => OFFLINE);
  try {
    for (let sec = 0; sec < 3600; sec++) {
      s.engine.update(rowsAt('2026-11-23', 1000 + sec), '2026-11-17');
      await s.clock.advance(1000);
    }
    // 5 s doubling to an hour, with jitter of at most half: the first ten fit in an hour, plus the first try.
    assert.ok(s.sender.calls.length <= 12, `${s.sender.calls.length} attempts`);
    assert.ok(s.sender.calls.length >= 8, `${s.sender.calls.length} attempts`);
    assert.equal(s.engine.status.state, 'offline');
    assert.equal(s.engine.status.queuedDays, 1);
  } finally {
    s.engine.dispose();
    s.dispose();
  }
});

test('429 with Retry-After: 120 → nothing is sent for 120 seconds, however busy the agent', async () => {
  const s = setup((n) => (n === 1 ? { ok: false, kind: 'retry', message: 'busy', retryAfterMs: 120_000 } : { ok: true }));
  try {
    s.engine.update(rowsAt('2026-11-23', 1), '2026-11-17');
    await s.clock.advance(1);
    assert.equal(s.sender.calls.length, 1);
    const refusedAt = s.sender.calls[0]!.at;
    for (let sec = 0; sec < 200; sec++) {
      s.engine.update(rowsAt('2026-11-23', 2 + sec), '2026-11-17');
      await s.clock.advance(1000);
    }
    assert.ok(s.sender.calls[1]!.at - refusedAt >= 120_000, `second send ${(s.sender.calls[1]!.at - refusedAt) / 1000} s after the 429`);
    assert.equal(s.engine.status.state, 'idle');
  } finally {
    s.engine.dispose();
    s.dispose();
  }
});

test('a rejected token stops sending for a long pause and says so; a new token sends at once', async () => {
  let auth = true;
  const s = setup(() => (auth ? { ok: false, kind: 'auth', message: 'backend refused the token (401)' } : { ok: true }));
  try {
    s.engine.update(rowsAt('2026-11-23', 1), '2026-11-17');
    await s.clock.advance(1);
    assert.equal(s.engine.status.state, 'unauthorized');
    for (let min = 0; min < 50; min++) {
      s.engine.update(rowsAt('2026-11-23', 2 + min), '2026-11-17');
      await s.clock.advance(60_000);
    }
    assert.equal(s.sender.calls.length, 1, 'no retries with a rejected token');
    auth = false;
    await s.engine.flush();
    assert.equal(s.sender.calls.length, 2);
    assert.equal(s.engine.status.state, 'idle');
  } finally {
    s.engine.dispose();
    s.dispose();
  }
});

test('while agents are busy, today is sent at most every two minutes', async () => {
  const s = setup(() => ({ ok: true }));
  try {
    for (let sec = 0; sec < 600; sec++) {
      s.engine.update(rowsAt('2026-11-23', 1 + sec), '2026-11-17');
      await s.clock.advance(1000);
    }
    assert.ok(s.sender.calls.length <= 6, `${s.sender.calls.length} sends in 10 minutes`);
    assert.ok(s.sender.calls.length >= 4, `${s.sender.calls.length} sends in 10 minutes`);
  } finally {
    s.engine.dispose();
    s.dispose();
  }
});

test('a day whose tokens moved away (a time-zone change) is sent as cleared, in the same report as the new day', async () => {
  const s = setup(() => ({ ok: true }), { minIntervalMs: 0 });
  try {
    s.engine.update(rowsAt('2026-11-20', 1005), '2026-11-17');
    await s.clock.advance(1);
    s.engine.update(rowsAt('2026-11-21', 1005, 'Asia/Tokyo'), '2026-11-17');
    await s.clock.advance(1);
    const last = s.sender.calls.at(-1)!;
    assert.deepEqual(last.rows.map((r) => [r.date, r.input]), [['2026-11-21', 1005]]);
    assert.deepEqual(last.cleared, [{ deviceId: 'device-0001', date: '2026-11-20' }]);
  } finally {
    s.engine.dispose();
    s.dispose();
  }
});
