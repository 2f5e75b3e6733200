import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addPerson, createTeam } from '../src/teams';
import { call, startBackend } from './harness';
import type { Backend } from './harness';
import { asJson, asProto, postMetrics, sumExport } from './otlpBodies';
import { hostKey } from '../../src/core/hostKey';
import { Zone } from '../../src/core/time';

/** One machine reporting through the extension and through its agents' OTLP export counts once. */
let b: Backend;
let ana: { personId: number; token: string };
let admin: string;
const now = Date.now();
const today = new Date(now).toISOString().slice(0, 10);
const row = (input: number) => ({ date: today, timezone: 'UTC', deviceId: 'ext-device-0001', agent: 'claude-code', model: 'claude-sonnet-4-5', input, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 });
const claudeInput = (value: number, host: string, startMs = now - 60_000, endMs = now) =>
  sumExport('claude_code.token.usage', [{ value, attrs: { type: 'input', model: 'claude-sonnet-4-5' }, startMs, endMs }], { resource: { 'service.name': 'claude-code', 'host.name': host } });

async function inputOf(personId: number): Promise<number> {
  const [r] = await b.db.all<{ n: number }>('SELECT COALESCE(SUM(input), 0) AS n FROM usage_daily WHERE person_id = ?', [personId]);
  return Number(r!.n);
}

before(async () => {
  b = await startBackend('sqlite');
  admin = (await createTeam(b.db, 'Org')).adminToken;
  ana = await addPerson(b.db, 1, 'Ana', 'ana@example.com');
});
after(async () => b?.close());

test("the extension's rows win over the same host's OTLP totals for that day; another host's OTLP still counts; a cleared day gives the OTLP totals back", async () => {
  const ext = await call(b, 'POST', '/api/v1/usage/daily', ana.token, { rows: [row(10_000)], host: hostKey('shared-box') });
  assert.equal(ext.status, 200, JSON.stringify(ext.json));
  // The same machine, as its agent names it (case and a trailing dot do not make it another).
  assert.equal((await postMetrics(b, asProto(claudeInput(3000, 'Shared-Box.')), { token: ana.token, type: 'application/x-protobuf' })).status, 200);
  assert.equal(await inputOf(ana.personId), 10_000);
  assert.equal((await postMetrics(b, asJson(claudeInput(2000, 'ci-runner')), { token: ana.token })).status, 200);
  assert.equal(await inputOf(ana.personId), 12_000);
  // The extension says the day has nothing (its logs moved the work to another day): OTLP counts again.
  assert.equal((await call(b, 'POST', '/api/v1/usage/daily', ana.token, { rows: [], cleared: [{ deviceId: 'ext-device-0001', date: today }], host: hostKey('shared-box') })).status, 200);
  assert.equal(await inputOf(ana.personId), 5000);
  assert.equal((await call(b, 'POST', '/api/v1/usage/daily', ana.token, { rows: [row(11_000)], host: hostKey('shared-box') })).status, 200);
  assert.equal(await inputOf(ana.personId), 13_000);
  // OTLP that arrives after the extension's rows for the day is kept aside, not added.
  assert.equal((await postMetrics(b, asJson(claudeInput(3500, 'Shared-Box.', now - 60_000, now + 1000)), { token: ana.token })).status, 200);
  assert.equal(await inputOf(ana.personId), 13_000);
  const [kept] = await b.db.all<{ n: number }>("SELECT SUM(input) AS n FROM otlp_daily WHERE device_id = ?", [`otlp-${hostKey('shared-box').slice(0, 20)}`]);
  assert.equal(Number(kept!.n), 3500);
  // Which channel each device uses.
  const devices = await b.db.all<{ channel: string; host_key: string | null }>('SELECT channel, host_key FROM devices WHERE person_id = ? ORDER BY channel, host_key', [ana.personId]);
  assert.deepEqual(devices.map((d) => d.channel), ['extension', 'otlp', 'otlp']);
});

test("the dashboard's summary says which channel each device uses, and where the extension's numbers count", async () => {
  const r = await call(b, 'GET', '/api/v1/team/summary', admin);
  assert.equal(r.status, 200);
  const d = r.json.devices as { extension: number; otlp: number; shared: number; list: Array<{ name: string; channel: string; agents: string[]; extensionWins: boolean }> };
  assert.deepEqual({ extension: d.extension, otlp: d.otlp, shared: d.shared }, { extension: 1, otlp: 2, shared: 1 });
  assert.deepEqual(d.list.filter((x) => x.name === 'Ana').map((x) => [x.channel, x.agents, x.extensionWins]), [['extension', ['claude-code'], false], ['otlp', ['claude-code'], true], ['otlp', ['claude-code'], false]]);
});

test("/me shows the developer the devices the dashboard lists about them, and nothing more", async () => {
  const me = await call(b, 'GET', '/api/v1/me', ana.token);
  assert.equal(me.status, 200);
  const seen = (me.json.adminView as { devices: unknown[] }).devices;
  assert.deepEqual(seen, [
    { channel: 'extension', agents: ['claude-code'], extensionWins: false },
    { channel: 'otlp', agents: ['claude-code'], extensionWins: true },
    { channel: 'otlp', agents: ['claude-code'], extensionWins: false },
  ]);
});

test('a report without a host key (older extensions) is accepted and never matched to an OTLP device', async () => {
  const bo = await addPerson(b.db, 1, 'Bo', 'bo@example.com');
  assert.equal((await call(b, 'POST', '/api/v1/usage/daily', bo.token, { rows: [row(100)] })).status, 200);
  assert.equal((await postMetrics(b, asJson(claudeInput(50, 'shared-box')), { token: bo.token })).status, 200);
  assert.equal(await inputOf(bo.personId), 150);
  assert.equal((await call(b, 'POST', '/api/v1/usage/daily', bo.token, { rows: [row(100)], host: 'Not-A-Key' })).status, 400);
});

test("a point is filed on the person's local day, in the zone their extension last reported from", async () => {
  const cy = await addPerson(b.db, 1, 'Cy', 'cy@example.com');
  const zone = 'Pacific/Kiritimati';
  const local = new Zone(zone).date(now);
  assert.equal((await call(b, 'POST', '/api/v1/usage/daily', cy.token, { rows: [{ ...row(1), date: local, timezone: zone }] })).status, 200);
  assert.equal((await postMetrics(b, asJson(claudeInput(40, 'cy-box')), { token: cy.token })).status, 200);
  const rows = await b.db.all<{ date: string; timezone: string }>("SELECT date, timezone FROM usage_daily WHERE person_id = ? AND device_id LIKE 'otlp-%'", [cy.personId]);
  assert.deepEqual(rows, [{ date: local, timezone: zone }]);
});

test('the same export sent twice counts once, cumulative or delta; a later delta adds', async () => {
  const dee = await addPerson(b.db, 1, 'Dee', 'dee@example.com');
  for (const temporality of ['cumulative', 'delta'] as const) {
    const body = asProto(sumExport('claude_code.token.usage', [{ value: 700, attrs: { type: 'input', model: 'm' }, startMs: now - 120_000, endMs: now - 60_000 }], { temporality, resource: { 'host.name': `dee-${temporality}` } }));
    for (let i = 0; i < 2; i++) assert.equal((await postMetrics(b, body, { token: dee.token, type: 'application/x-protobuf' })).status, 200);
  }
  assert.equal(await inputOf(dee.personId), 1400);
  const next = sumExport('claude_code.token.usage', [{ value: 5, attrs: { type: 'input', model: 'm' }, startMs: now - 60_000, endMs: now }], { temporality: 'delta', resource: { 'host.name': 'dee-delta' } });
  assert.equal((await postMetrics(b, asJson(next), { token: dee.token })).status, 200);
  assert.equal(await inputOf(dee.personId), 1405);
});

test('turning reporting off deletes the OTLP totals, series and devices too', async () => {
  const eve = await addPerson(b.db, 1, 'Eve', 'eve@example.com');
  assert.equal((await postMetrics(b, asJson(claudeInput(9, 'eve-box')), { token: eve.token })).status, 200);
  assert.equal((await call(b, 'DELETE', '/api/v1/usage', eve.token)).status, 200);
  for (const table of ['usage_daily', 'otlp_daily', 'otlp_series', 'devices']) assert.deepEqual(await b.db.all(`SELECT 1 FROM ${table} WHERE person_id = ?`, [eve.personId]), [], table);
});
