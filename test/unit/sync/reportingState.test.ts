import { meFixture } from '../../fixtures/me';
import { memento } from '../../fixtures/memento';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Storage } from '../../../src/platform/storage';
import { Outbox } from '../../../src/sync/outbox';
import { SyncEngine } from '../../../src/sync/syncEngine';
import type { ReportSender } from '../../../src/sync/syncEngine';
import { applyTeamPolicy, consentFor, teamPolicyOf } from '../../../src/sync/teamPolicy';
import type { UsageRow } from '../../../src/shared/teamApi';

test('the device id is created once and survives a lost or damaged outbox', async () => {
  const state = memento();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-dev-'));
  try {
    const storage = new Storage(state as never);
    const id = storage.deviceId();
    assert.match(id, /^[A-Za-z0-9_-]{16,64}$/);
    assert.equal(new Storage(state as never).deviceId(), id, 'the same on the next start');
    const sent: UsageRow[][] = [];
    const sender: ReportSender = { postRows: async (rows) => (sent.push(rows), { ok: true }) };
    const rows = [{ date: '2026-11-23', timezone: 'UTC', agent: 'codex' as const, model: 'm', input: 5, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, hourly: Array.from({ length: 24 }, (_, h) => (h === 1 ? 5 : 0)) }];
    const file = path.join(dir, 'outbox.json');
    const first = new SyncEngine(new Outbox(file), () => sender, () => storage.deviceId(), { minIntervalMs: 0 });
    first.update(rows, '2026-11-17');
    await first.flush();
    fs.writeFileSync(file, '{ damaged');
    const again = new SyncEngine(new Outbox(file), () => sender, () => new Storage(state as never).deviceId(), { minIntervalMs: 0 });
    again.update(rows, '2026-11-17');
    await again.flush();
    assert.deepEqual(sent.map((b) => b[0]!.deviceId), [id, id]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('consent is for one backend: a changed URL needs a new yes', async () => {
  const storage = new Storage(memento() as never);
  await storage.setConsent({ url: 'https://tokens.example/', since: '2026-11-17', at: 1 });
  assert.ok(consentFor(storage.consent(), 'https://tokens.example/'));
  assert.equal(consentFor(storage.consent(), 'https://other.example/'), undefined);
  assert.equal(consentFor(storage.consent(), ''), undefined);
});

const me = meFixture({}, { name: 'Platform', windowDays: 14, tierThresholds: { Expert: 8_000_000 }, countedKinds: ['input', 'output'] });

test("the team's policy is kept with the last /me, so it still decides the view offline and after a restart", async () => {
  const state = memento();
  await new Storage(state as never).setLastMe({ url: 'https://tokens.example/', at: 5, me });
  // A new session, no network.
  const storage = new Storage(state as never);
  const policy = teamPolicyOf(storage.lastMe(), 'https://tokens.example/');
  assert.deepEqual(policy, { windowDays: 14, tierThresholds: { Expert: 8_000_000 }, countedKinds: ['input', 'output'] });
  const local = { timezone: 'Europe/Berlin', windowDays: 7, countedKinds: ['input', 'output', 'cacheRead', 'cacheWrite'] as const, tierOverrides: { Expert: 6_000_000 } };
  assert.deepEqual(applyTeamPolicy({ ...local, countedKinds: [...local.countedKinds] }, policy), { timezone: 'Europe/Berlin', windowDays: 14, countedKinds: ['input', 'output'], tierOverrides: { Expert: 8_000_000 } });
  assert.equal(teamPolicyOf(storage.lastMe(), 'https://other.example/'), undefined, 'another backend’s policy does not apply');
});
