import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Outbox } from '../../../src/sync/outbox';
import { SyncEngine } from '../../../src/sync/syncEngine';
import type { ReportSender } from '../../../src/sync/syncEngine';
import type { ReportRow } from '../../../src/core/report';

/** Several VS Code windows, each with its own reporting service, share one outbox file (#20). */
function row(date: string, input: number): ReportRow {
  return { date, timezone: 'UTC', agent: 'codex', model: 'm', input, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, hourly: Array.from({ length: 24 }, (_, h) => (h === 3 ? input : 0)) };
}

function withDir(run: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-outbox-'));
  return Promise.resolve(run(dir)).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

test("a window's stale copy never rolls back what another window's send was acknowledged for", () =>
  withDir((dir) => {
    const file = path.join(dir, 'outbox.json');
    const a = new Outbox(file);
    const b = new Outbox(file);
    const rows = [row('2026-11-20', 1), row('2026-11-21', 2), row('2026-11-22', 3)];
    a.update(rows, '2026-11-01');
    a.ack(rows, ['2026-11-20', '2026-11-21', '2026-11-22']);
    // Window b still holds the outbox as it was when it started; a new day arrives there.
    b.update([...rows, row('2026-11-23', 4)], '2026-11-01');
    assert.deepEqual(new Outbox(file).pendingDates, ['2026-11-23']);
    assert.deepEqual(a.pendingDates, ['2026-11-23'], 'and window a sees it too');
  }));

test('two windows flushing at once send each day once: one sender at a time', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'outbox.json');
    const sent: string[] = [];
    const slow: ReportSender = {
      postRows: async (rows) => {
        await new Promise((r) => setTimeout(r, 50));
        sent.push(...new Set(rows.map((r) => r.date)));
        return { ok: true };
      },
    };
    const rows = [row('2026-11-20', 1), row('2026-11-21', 2)];
    const windows = [0, 1].map(() => new SyncEngine(new Outbox(file), () => slow, () => 'device-000001', { minIntervalMs: 0 }));
    for (const w of windows) w.update(rows, '2026-11-01');
    await Promise.all(windows.map((w) => w.flush()));
    assert.deepEqual(sent.sort(), ['2026-11-20', '2026-11-21']);
    for (const w of windows) {
      w.update(rows, '2026-11-01');
      assert.equal(w.status.queuedDays, 0, 'both windows know the days went');
    }
    windows.forEach((w) => w.dispose());
  }));
