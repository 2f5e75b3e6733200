import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonical, sumRows, withHome } from '../../fixtures/tempHome';
import { gooseLegacyFile, GooseDb, HermesDb, ZcodeDb } from '../../fixtures/agentDbs';
import { dailyJson } from '../../../src/core/daily';
import { gooseSource } from '../../../src/sources/goose';
import { hermesSource } from '../../../src/sources/hermes';

const T = Date.parse('2026-11-20T10:00:00Z');
const of = (agent: string) => (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === agent);
const classes = (c: ReturnType<ReturnType<typeof of>>) => [c.input, c.output, c.cacheRead, c.cacheWrite, c.reasoning];

test('ZCode: completed calls only, cache-inclusive input split, dated by completion; a running call counts once it settles', () =>
  withHome(async (h) => {
    const db = new ZcodeDb(path.join(h.home, '.zcode/cli/db/db.sqlite'));
    // input 12,000 includes 9,000 read + 1,000 written.
    db.call('c1', 'completed', Date.parse('2026-11-20T23:59:40Z'), Date.parse('2026-11-21T00:00:30Z'), 'glm-4.6', { input: 12_000, output: 800, cacheRead: 9000, cacheWrite: 1000, reasoning: 300 });
    db.call('c2', 'error', T, T + 1000, 'glm-4.6', { input: 5000, output: 0 });
    db.call('c3', 'running', T, null, 'glm-4.6', { input: 0, output: 0 });
    db.db.prepare("INSERT INTO part VALUES ('p1', 'm1', ?)").run(JSON.stringify({ type: 'step-finish', tokens: { input: 2000, output: 800 } }));
    let r = await h.scan();
    assert.deepEqual(classes(of('zcode')(r.rows)), [2000, 800, 9000, 1000, 300]);
    assert.deepEqual(dailyJson(r.rows, 'UTC').days.map((d) => d.date), ['2026-11-21']);
    db.call('c3', 'completed', T, T + 5000, 'glm-4.6', { input: 100, output: 10 });
    r = await h.scan();
    assert.equal(of('zcode')(r.rows).total, 12_800 + 110);
    assert.deepEqual(canonical(r.rows), canonical((await h.coldScan()).rows));
    db.close();
  }));

test('Hermes: one event per session row at its running total, dated by its start; reasoning is inside output; children and profiles count, a session in two profiles once', () =>
  withHome(async (h) => {
    const main = new HermesDb(path.join(h.home, '.hermes/state.db'));
    main.session('s1', Date.parse('2026-11-20T23:50:00Z'), 'anthropic/claude-sonnet-4.5', { input: 500, output: 200, cacheRead: 4000, cacheWrite: 300, reasoning: 80 });
    main.session('s1-c', T, 'anthropic/claude-sonnet-4.5', { input: 0, output: 0, parent: 's1' }); // compression child, no counters yet
    let r = await h.scan();
    assert.deepEqual(classes(of('hermes')(r.rows)), [500, 200, 4000, 300, 80]);
    // The session goes on past midnight: its total grows, its day stays the start's.
    main.session('s1', Date.parse('2026-11-20T23:50:00Z'), 'anthropic/claude-sonnet-4.5', { input: 700, output: 260, cacheRead: 5000, cacheWrite: 300, reasoning: 90, endReason: 'compression' });
    main.session('s1-c', T, 'anthropic/claude-sonnet-4.5', { input: 40, output: 4, parent: 's1' });
    const work = new HermesDb(path.join(h.home, '.hermes/profiles/work/state.db'), true);
    work.session('w1', T, 'gpt-5.1', { input: 10, output: 1 });
    work.session('s1', Date.parse('2026-11-20T23:50:00Z'), 'anthropic/claude-sonnet-4.5', { input: 700, output: 260, cacheRead: 5000, cacheWrite: 300, reasoning: 90 }); // imported copy
    r = await h.scan();
    assert.equal(of('hermes')(r.rows).total, 6260 + 44 + 11);
    assert.deepEqual(dailyJson(r.rows, 'UTC').days.map((d) => [d.date, d.total]), [['2026-11-20', 6260 + 44 + 11]]);
    assert.deepEqual(canonical(r.rows), canonical((await h.coldScan()).rows));
    main.close();
    work.close();
    assert.deepEqual(hermesSource.defaultRoots({ home: '/home/ana', env: { HERMES_HOME: '/srv/hermes' } }), ['/srv/hermes']);
    assert.equal(hermesSource.readerFor('sessions/x.jsonl'), undefined);
  }));

test('Goose: accumulated totals (cache-inclusive input), dated by updated_at, moving with it; latest-request columns are not added; schema 5 and pre-accumulation rows', () =>
  withHome(async (h) => {
    const db = new GooseDb(path.join(h.home, '.local/share/goose/sessions/sessions.db'));
    db.session('20261120_1', '2026-11-20 10:00:00', { input: 50_000, output: 2000, cacheRead: 40_000, cacheWrite: 5000 }, { input: 30_000, output: 500, cacheRead: 28_000 });
    db.session('20261120_2', '2026-11-20 11:00:00', { input: 300, output: 30 }, { input: 300, output: 30 }, 'sub_agent');
    let r = await h.scan();
    assert.deepEqual(classes(of('goose')(r.rows)), [5000 + 300, 2030, 40_000, 5000, 0]);
    // The session goes on the next day: its event moves there whole.
    db.session('20261120_1', '2026-11-21 09:00:00', { input: 60_000, output: 2500, cacheRead: 48_000, cacheWrite: 5000 });
    r = await h.scan();
    assert.deepEqual(dailyJson(r.rows, 'UTC').days.map((d) => [d.date, d.total]), [['2026-11-20', 330], ['2026-11-21', 62_500]]);
    assert.deepEqual(canonical(r.rows), canonical((await h.coldScan()).rows));
    db.close();

    const old = new GooseDb(path.join(h.home, 'old/sessions.db'), true);
    old.session('o1', '2026-11-20 10:00:00', { input: 1000, output: 100 });
    old.session('o2', '2026-11-20 10:00:00', null, { input: 70, output: 7 });
    old.session('o3', '2026-11-20 10:00:00', null, { input: 0, output: 0 });
    old.close();
    const { Scanner } = await import('../../../src/engine/scanner');
    const s = await new Scanner({ cacheDir: path.join(h.home, 'c2'), env: { home: h.home, env: {} }, agents: ['goose'], extraDirs: { goose: [path.join(h.home, 'old')] } }).run();
    assert.equal(of('goose')(s.rows).total, 62_830 + 1100 + 77);
  }));

test('Goose: a legacy session file imported into the database is a copy; one that is not counts, dated by its time', () =>
  withHome(async (h) => {
    const dir = '.local/share/goose/sessions';
    h.write(`${dir}/20250101_1.jsonl`, gooseLegacyFile({ input: 900, output: 90 }));
    const lone = h.write(`${dir}/20250101_2.jsonl`, gooseLegacyFile({ input: 50, output: 5 }));
    const t = new Date('2026-11-19T12:00:00Z');
    fs.utimesSync(lone, t, t);
    assert.equal(of('goose')((await h.scan()).rows).total, 1045);
    const db = new GooseDb(path.join(h.home, dir, 'sessions.db'));
    db.session('20250101_1', '2026-11-20 10:00:00', { input: 900, output: 90 });
    db.close();
    const r = await h.scan();
    assert.deepEqual(dailyJson(r.rows, 'UTC').days.map((d) => [d.date, d.total]), [['2026-11-19', 55], ['2026-11-20', 990]]);
    assert.deepEqual(canonical(r.rows), canonical((await h.coldScan()).rows));
  }));

test('Goose folders: GOOSE_PATH_ROOT, macOS and Windows layouts', () => {
  assert.deepEqual(gooseSource.defaultRoots({ home: '/home/ana', env: { GOOSE_PATH_ROOT: '/opt/goose' } }), ['/opt/goose/data/sessions']);
  assert.deepEqual(gooseSource.defaultRoots({ home: '/home/ana', env: { GOOSE_PATH_ROOT: 'relative' } }), ['/home/ana/.local/share/goose/sessions']);
  assert.deepEqual(gooseSource.defaultRoots({ home: '/Users/ana', env: {}, platform: 'darwin' }), ['/Users/ana/Library/Application Support/Block/goose/sessions']);
  assert.deepEqual(gooseSource.defaultRoots({ home: 'C:\\Users\\ana', env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, platform: 'win32' }), ['C:\\Users\\ana\\AppData\\Roaming\\Block\\goose']);
  assert.ok(gooseSource.readerFor('data/sessions/sessions.db'));
});

test('a database being written is read without a lock and left byte for byte as it was (Hermes, Goose, ZCode)', () =>
  withHome(async (h) => {
    const files = [path.join(h.home, '.hermes/state.db'), path.join(h.home, '.local/share/goose/sessions/sessions.db'), path.join(h.home, '.zcode/cli/db/db.sqlite')];
    const hermes = new HermesDb(files[0]!);
    const goose = new GooseDb(files[1]!);
    const zcode = new ZcodeDb(files[2]!);
    hermes.session('s', T, 'm', { input: 1, output: 1 });
    goose.session('g', '2026-11-20 10:00:00', { input: 1, output: 1 });
    zcode.call('z', 'completed', T, T, 'm', { input: 1, output: 1 });
    const stamp = () => files.flatMap((f) => ['', '-wal'].map((x) => `${fs.readFileSync(f + x).toString('base64')}@${fs.statSync(f + x).mtimeMs}`).concat(String(fs.existsSync(`${f}-shm`))));
    const before = stamp();
    const r = await h.scan();
    assert.deepEqual(stamp(), before);
    assert.equal(sumRows(r.rows).total, 6);
    hermes.session('s', T, 'm', { input: 2, output: 2 }); // the agent keeps writing
    assert.equal(of('hermes')((await h.scan()).rows).total, 4);
    for (const db of [hermes, goose, zcode]) db.close();
  }));
