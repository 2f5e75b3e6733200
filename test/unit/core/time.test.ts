import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Zone, addDays, dateRange, resolveTimeZone } from '../../../src/core/time';
import { buildSnapshot, dailyTotals } from '../../../src/core/snapshot';
import type { LedgerRow } from '../../../src/core/ledger';
import { slotOf } from '../../../src/core/ledger';

function row(iso: string, input: number): LedgerRow {
  return { slot: slotOf(Date.parse(iso)), agent: 'claude-code', model: 'm', counts: { input, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 } };
}

test('local dates follow DST in New York (spring forward and fall back)', () => {
  const ny = new Zone('America/New_York');
  // 2026-03-08: clocks jump 02:00 → 03:00 EST→EDT (UTC-5 → UTC-4)
  assert.deepEqual(ny.parts(Date.parse('2026-03-08T04:59:00Z')), { date: '2026-03-07', hour: 23, weekday: 5 });
  assert.equal(ny.parts(Date.parse('2026-03-08T06:30:00Z')).hour, 1);
  assert.equal(ny.parts(Date.parse('2026-03-08T07:00:00Z')).hour, 3);
  // 2026-11-01: 02:00 EDT → 01:00 EST; 04:30Z is 00:30 local, 05:30Z is 01:30 EDT, 06:30Z is 01:30 EST
  assert.equal(ny.parts(Date.parse('2026-11-01T03:59:00Z')).date, '2026-10-31');
  assert.equal(ny.parts(Date.parse('2026-11-01T04:00:00Z')).date, '2026-11-01');
  assert.equal(ny.parts(Date.parse('2026-11-01T05:30:00Z')).hour, 1);
  assert.equal(ny.parts(Date.parse('2026-11-01T06:30:00Z')).hour, 1);
  assert.equal(ny.parts(Date.parse('2026-11-02T04:59:00Z')).date, '2026-11-01');
  assert.equal(ny.parts(Date.parse('2026-11-02T05:00:00Z')).date, '2026-11-02');
});

test('the 25-hour fall-back day sums all its hours into one date', () => {
  const rows = [row('2026-11-01T04:00:00Z', 1), row('2026-11-01T05:30:00Z', 2), row('2026-11-01T06:30:00Z', 4), row('2026-11-02T04:45:00Z', 8), row('2026-11-02T05:00:00Z', 16)];
  const days = dailyTotals(rows, new Zone('America/New_York'));
  assert.equal(days.get('2026-11-01')!.counts.input, 15);
  assert.equal(days.get('2026-11-02')!.counts.input, 16);
});

test('UTC+14 and UTC−12 put the same instant on different dates', () => {
  const t = Date.parse('2026-11-20T11:30:00Z');
  assert.equal(new Zone('Pacific/Kiritimati').date(t), '2026-11-21');
  assert.equal(new Zone('Etc/GMT+12').date(t), '2026-11-19');
  assert.equal(new Zone('Pacific/Kiritimati').date(Date.parse('2026-11-20T09:59:59Z')), '2026-11-20');
  assert.equal(new Zone('Pacific/Kiritimati').date(Date.parse('2026-11-20T10:00:00Z')), '2026-11-21');
  assert.equal(new Zone('Etc/GMT+12').date(Date.parse('2026-11-21T11:59:59Z')), '2026-11-20');
  assert.equal(new Zone('Etc/GMT+12').date(Date.parse('2026-11-21T12:00:00Z')), '2026-11-21');
});

test('half- and quarter-hour zones are exact because the ledger keeps 15-minute slots', () => {
  const rows = [row('2026-11-20T18:29:00Z', 1), row('2026-11-20T18:30:00Z', 2), row('2026-11-20T18:14:00Z', 4), row('2026-11-20T18:15:00Z', 8)];
  const kolkata = dailyTotals(rows, new Zone('Asia/Kolkata')); // +05:30: midnight is 18:30Z
  assert.equal(kolkata.get('2026-11-20')!.counts.input, 1 + 4 + 8);
  assert.equal(kolkata.get('2026-11-21')!.counts.input, 2);
  const kathmandu = dailyTotals(rows, new Zone('Asia/Kathmandu')); // +05:45: midnight is 18:15Z
  assert.equal(kathmandu.get('2026-11-20')!.counts.input, 4);
  assert.equal(kathmandu.get('2026-11-21')!.counts.input, 1 + 2 + 8);
});

test('changing the time zone re-buckets days without re-reading logs', () => {
  const rows = [row('2026-11-20T23:30:00Z', 5)];
  const now = Date.parse('2026-11-21T12:00:00Z');
  const utc = buildSnapshot(rows, { timezone: 'UTC', now });
  const tokyo = buildSnapshot(rows, { timezone: 'Asia/Tokyo', now });
  assert.equal(utc.days.find((d) => d.date === '2026-11-20')!.total, 5);
  assert.equal(tokyo.days.find((d) => d.date === '2026-11-21')!.total, 5);
});

test('calendar helpers and zone validation', () => {
  assert.equal(addDays('2026-02-28', 1), '2026-03-01');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.deepEqual(dateRange('2026-12-30', '2027-01-02'), ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  assert.equal(resolveTimeZone(' Europe/Berlin '), 'Europe/Berlin');
  assert.equal(resolveTimeZone('UTC'), 'UTC');
  assert.equal(resolveTimeZone('utc'), 'UTC');
  assert.throws(() => resolveTimeZone('Mars/Olympus'), /unknown time zone/);
});

test('local parts from UTC arithmetic equal what Intl says for every quarter hour of a year, DST changes included', () => {
  for (const id of ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kolkata']) {
    const zone = new Zone(id);
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: id, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
    const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 900_000) {
      const f: Record<string, string> = {};
      for (const p of fmt.formatToParts(ms)) f[p.type] = p.value;
      const want = { date: `${f.year}-${f.month}-${f.day}`, hour: Number(f.hour) % 24, weekday: weekdays.indexOf(f.weekday!) };
      assert.deepEqual(zone.parts(ms), want, `${id} at ${new Date(ms).toISOString()}`);
    }
  }
});
