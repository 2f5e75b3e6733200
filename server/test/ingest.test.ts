import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTeam, addPerson } from '../src/teams';
import { ENGINES, call, startBackend, stopPostgres } from './harness';
import type { Backend } from './harness';

const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const hourlyOf = (total: number) => Array.from({ length: 24 }, (_, h) => (h === 10 ? total : 0));

function row(over: Record<string, unknown> = {}) {
  const r = { date: today, timezone: 'UTC', deviceId: 'laptop-0001', agent: 'claude-code', model: 'claude-sonnet-4-5', input: 100, output: 50, cacheRead: 1000, cacheWrite: 10, reasoning: 0, ...over } as Record<string, unknown>;
  return { ...r, hourly: hourlyOf(Number(r.input) + Number(r.output) + Number(r.cacheRead) + Number(r.cacheWrite)) };
}

async function stored(b: Backend, date = today): Promise<number> {
  const [r] = await b.db.all<{ t: number | null }>('SELECT SUM(input + output + cache_read + cache_write) AS t FROM usage_daily WHERE date = ?', [date]);
  return Number(r?.t ?? 0);
}

after(() => stopPostgres());

for (const engine of ENGINES) {
  describe(`the ingest contract on ${engine}: a report replaces a device's whole day`, () => {
    let b: Backend;
    let ana: string;
    before(async () => {
      b = await startBackend(engine);
      await createTeam(b.db, 'Platform');
      ana = (await addPerson(b.db, 1, 'Ana', 'ana@example.com')).token;
    });
    after(async () => b.close());

    test('a day reported again without a model it had before loses that model: it is replaced, never added to', async () => {
      await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row(), row({ agent: 'codex', model: 'gpt-5.1-codex', input: 7, output: 3, cacheRead: 0, cacheWrite: 0 })] });
      assert.equal(await stored(b), 1160 + 10);
      await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ input: 200 })] });
      assert.equal(await stored(b), 1260);
    });

    test('a day that has no tokens any more on a device is cleared', async () => {
      await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ date: daysAgo(1) })] });
      assert.equal(await stored(b, daysAgo(1)), 1160);
      const r = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [], cleared: [{ deviceId: 'laptop-0001', date: daysAgo(1) }] });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(await stored(b, daysAgo(1)), 0);
    });

    test('another device’s rows for the same day are left alone', async () => {
      await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ date: daysAgo(2) }), row({ date: daysAgo(2), deviceId: 'desktop-0002', input: 1, output: 0, cacheRead: 0, cacheWrite: 0 })] });
      await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ date: daysAgo(2), input: 0, output: 0, cacheRead: 0, cacheWrite: 5 })] });
      assert.equal(await stored(b, daysAgo(2)), 5 + 1);
    });

    test('a time-zone change that moves work to another day leaves the same total, not twice it', async () => {
      await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ date: daysAgo(5), input: 1005, output: 0, cacheRead: 0, cacheWrite: 0 })] });
      // The same work, re-bucketed one day later: the old day is cleared in the same report.
      await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ date: daysAgo(4), input: 1005, output: 0, cacheRead: 0, cacheWrite: 0, timezone: 'Asia/Tokyo' })], cleared: [{ deviceId: 'laptop-0001', date: daysAgo(5) }] });
      assert.equal((await stored(b, daysAgo(5))) + (await stored(b, daysAgo(4))), 1005);
    });

    test('a report is stored whole or not at all', async () => {
      const bad = await call(b, 'POST', '/api/v1/usage/daily', ana, { rows: [row({ date: daysAgo(6) }), row({ date: '2026-02-30' })] });
      assert.equal(bad.status, 422);
      assert.equal(await stored(b, daysAgo(6)), 0);
    });
  });
}
