import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonical, sumRows, withHome } from '../../fixtures/tempHome';
import { copilotEvent, copilotShutdown, CopilotStore } from '../../fixtures/agentDbs';
import { copilotCliSource } from '../../../src/sources/copilotCli';

const T = Date.parse('2026-11-20T10:00:00Z');
const MIN = 60_000;
const events = (s: string) => `.copilot/session-state/${s}/events.jsonl`;
const lines = (xs: string[]) => xs.join('\n') + '\n';
const cli = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'copilot-cli');
const classes = (c: ReturnType<typeof cli>) => [c.input, c.output, c.cacheRead, c.cacheWrite, c.reasoning];

test('per-leg shutdowns (no usage checkpoint) count whole, even when every counter grew: never guessed from the numbers', () =>
  withHome(async (h) => {
    // CLI 1.0.14: a resumed session, two legs of a growing conversation, each its own sum.
    h.write(events('s1'), lines([
      copilotEvent(T, 'session.start'),
      copilotEvent(T + MIN, 'assistant.message', { outputTokens: 1512 }),
      copilotShutdown(T + 2 * MIN, { 'claude-sonnet-4.5': { input: 227_246, output: 1512, cacheRead: 200_000, cacheWrite: 1000 } }),
      copilotEvent(T + 10 * MIN, 'session.resume'),
      copilotShutdown(T + 12 * MIN, { 'claude-sonnet-4.5': { input: 249_353, output: 1528, cacheRead: 220_000 } }),
      copilotShutdown(T + 13 * MIN, {}), // every call failed
    ]));
    const c = cli((await h.scan()).rows);
    // input = inputTokens − both caches: 26,246 + 29,353.
    assert.deepEqual(classes(c), [26_246 + 29_353, 1512 + 1528, 420_000, 1000, 0]);
  }));

test('after a usage checkpoint shutdowns are running totals: each leg is the difference per model; a counter reset counts whole', () =>
  withHome(async (h) => {
    h.write(events('s2'), lines([
      copilotShutdown(T, { 'gpt-5.1': { input: 1000, output: 100, cacheRead: 400, reasoning: 30 } }),
      copilotEvent(T + MIN, 'session.usage_checkpoint', { totalNanoAiu: 5 }),
      copilotShutdown(T + 5 * MIN, { 'gpt-5.1': { input: 1500, output: 150, cacheRead: 600, reasoning: 40 }, 'claude-haiku-4.5': { input: 50, output: 5 } }),
      // A compaction reset the counters: input fell, so this shutdown is counted whole.
      copilotShutdown(T + 9 * MIN, { 'gpt-5.1': { input: 300, output: 20, cacheRead: 100 } }),
    ]));
    const r = (await h.scan()).rows;
    // gpt-5.1: (600 + 100 + 20) output… by hand: leg 1 whole (600 in, 100 out, 400 cache); leg 2 the difference (300, 50, 200); leg 3 whole (200, 20, 100).
    assert.deepEqual(classes(sumRows(r, (x) => x.model === 'gpt-5.1')), [600 + 300 + 200, 100 + 50 + 20, 400 + 200 + 100, 0, 30 + 10]);
    assert.deepEqual(classes(sumRows(r, (x) => x.model === 'claude-haiku-4.5')), [50, 5, 0, 0, 0]);
  }));

test('the session store is authoritative: a leg whose requests it has is not counted again; other legs, later rows and compaction calls are', () =>
  withHome(async (h) => {
    const store = new CopilotStore(path.join(h.home, '.copilot/session-store.db'));
    // Leg 1 (up to T+5) was run by an older CLI: no rows. Leg 2 (T+5, T+20] has its rows.
    store.usage('s3', T + 8 * MIN, 'gpt-5.1', { input: 2000, output: 200, cacheRead: 1500, reasoning: 50 });
    store.usage('s3', '2026-11-20 10:15:00', 'gpt-5.1', { input: 1000, output: 10, cacheRead: 900 }, 'compaction'); // zoneless: UTC
    // After the last shutdown: a leg still running.
    store.usage('s3', T + 30 * MIN, 'gpt-5.1', { input: 500, output: 5, cacheWrite: 100 });
    // A session whose folder is gone.
    store.usage('gone', T + 40 * MIN, 'claude-sonnet-4.5', { input: 10, output: 1 });
    h.write(events('s3'), lines([
      copilotShutdown(T + 5 * MIN, { 'gpt-5.1': { input: 700, output: 70, cacheRead: 600 } }),
      copilotShutdown(T + 20 * MIN, { 'gpt-5.1': { input: 3000, output: 210, cacheRead: 2400, reasoning: 50 } }),
    ]));
    const r = await h.scan();
    const c = cli(r.rows);
    // leg 1 (100 in) + rows (500 + 100 + 400 + 10) — leg 2's shutdown is not counted.
    assert.deepEqual(classes(c), [100 + 500 + 100 + 400 + 10, 70 + 200 + 10 + 5 + 1, 600 + 1500 + 900, 100, 50]);
    assert.equal(r.report.sources.find((s) => s.agent === 'copilot-cli')!.files, 1, 'the events file is read through the store');
    store.close();
  }));

test('incremental equals cold: new shutdowns (read through the store, also from a watcher) and new rows', () =>
  withHome(async (h) => {
    const store = new CopilotStore(path.join(h.home, '.copilot/session-store.db'), false);
    store.touch('s4', T);
    h.write(events('s4'), lines([copilotShutdown(T + MIN, { 'gpt-5.1': { input: 100, output: 10 } })]));
    assert.equal(cli((await h.scan()).rows).total, 110);
    // A new leg ends while the store (an older one, no usage table) does not change.
    h.append(events('s4'), copilotShutdown(T + 9 * MIN, { 'gpt-5.1': { input: 50, output: 5 } }) + '\n' + '{"type":"session.shutdown","data":{"modelM');
    assert.equal(cli((await h.scanPaths([path.join(h.home, events('s4'))])).rows).total, 165);
    h.append(events('s4'), 'etrics":{}},"timestamp":"2026-11-20T10:10:00Z"}\n');
    assert.equal(cli((await h.scan()).rows).total, 165);
    assert.deepEqual(canonical((await h.scan()).rows), canonical((await h.coldScan()).rows));
    store.close();
  }));

test('reading leaves the store and its log byte for byte as they were; bad lines are skipped and named', () =>
  withHome(async (h) => {
    const file = path.join(h.home, '.copilot/session-store.db');
    const store = new CopilotStore(file);
    store.usage('s5', T, 'gpt-5.1', { input: 10, output: 1 });
    h.write(events('s5'), 'not json "session.shutdown"\n' + copilotShutdown(T + MIN, { 'gpt-5.1': { input: 5, output: 1 } }) + '\n');
    const stamp = () => ['', '-wal'].map((x) => `${fs.readFileSync(file + x).toString('base64')}@${fs.statSync(file + x).mtimeMs}`).concat(String(fs.existsSync(file + '-shm')));
    const before = stamp();
    const r = await h.scan();
    await h.scan(true);
    assert.deepEqual(stamp(), before);
    assert.equal(cli(r.rows).total, 11, 'the leg holds the row: counted once');
    assert.deepEqual(r.report.sources.find((s) => s.agent === 'copilot-cli')!.skipped, { 'invalid-json': 1 });
    store.close();
  }));

test('without a store each events file is read alone; a session in both homes (old $XDG_CONFIG_HOME/.copilot) counts once', () =>
  withHome(async (h) => {
    const leg = lines([copilotShutdown(T, { 'gpt-5.1': { input: 100, output: 10 } })]);
    h.write(events('s6'), leg);
    h.write('.config/.copilot/session-state/s6/events.jsonl', leg);
    const env = { home: h.home, env: { XDG_CONFIG_HOME: path.join(h.home, '.config') } };
    assert.deepEqual(copilotCliSource.defaultRoots(env), [path.join(h.home, '.copilot'), path.join(h.home, '.config/.copilot')]);
    assert.deepEqual(copilotCliSource.defaultRoots({ home: 'C:\\Users\\ana', env: { COPILOT_HOME: 'D:\\cop' }, platform: 'win32' }), ['D:\\cop']);
    const { Scanner } = await import('../../../src/engine/scanner');
    const r = await new Scanner({ cacheDir: h.cacheDir, env }).run();
    assert.equal(cli(r.rows).total, 110);
  }));
