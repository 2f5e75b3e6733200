import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { openCodeAssistant } from '../../../src/demo/agentLogs';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { OpenCodeDb } from '../../fixtures/sqliteFixtures';

const O0 = Date.parse('2026-11-21T08:00:11.420Z');
const DATA = '.local/share/opencode';
const opencode = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'opencode');

test('old and new field meanings are told apart by the total: reasoning added back only where output excludes it', () =>
  withHome(async (h) => {
    const db = new OpenCodeDb(path.join(h.home, DATA, 'opencode.db'));
    // Current (AI SDK v6): output 655 excludes reasoning 100; total 31091 includes it.
    db.assistant('msg_1', O0, { input: 212, output: 655, reasoning: 100, cacheRead: 28804, cacheWrite: 1320, era: 'current' });
    // 1.0.6x–1.3: output 50 includes reasoning 20; total = input + output + cache.
    db.assistant('msg_2', O0 + 1, { input: 10, output: 50, reasoning: 20, era: 'v1' });
    // 0.x: no total; output includes reasoning.
    db.assistant('msg_3', O0 + 2, { input: 5, output: 5, reasoning: 2, era: 'none' });
    // A provider reporting more reasoning (78) than completion tokens (77): stored output −1.
    db.assistant('msg_4', O0 + 3, { input: 1, output: -1, reasoning: 78, era: 'current' });
    const t = opencode((await h.scan()).rows);
    assert.deepEqual([t.input, t.output, t.cacheRead, t.cacheWrite, t.reasoning], [212 + 10 + 5 + 1, 755 + 50 + 5 + 77, 28804, 1320, 100 + 20 + 2 + 77]);
    db.close();
  }));

test('rows only in the write-ahead log count; step-finish parts, message events, session sums and user messages do not', () =>
  withHome(async (h) => {
    const db = new OpenCodeDb(path.join(h.home, DATA, 'opencode.db'));
    db.assistant('msg_1', O0, { input: 100, output: 10, cacheRead: 1000 });
    db.message('msg_u', { role: 'user', time: { created: O0 - 1 }, model: { providerID: 'anthropic', modelID: 'x' } });
    db.message('msg_0', openCodeAssistant(O0 - 5, 'claude-opus-4-1', { input: 0, output: 0 }, true)); // aborted: all zero
    const stepTokens = JSON.stringify({ type: 'step-finish', tokens: { input: 100, output: 10, reasoning: 0, cache: { read: 1000, write: 0 } }, cost: 0.01 });
    db.db.prepare("INSERT INTO part VALUES ('prt_1', 'msg_1', 'ses_1', 0, 0, ?)").run(stepTokens);
    db.db.prepare("INSERT INTO event VALUES ('evt_1', 'ses_1', 1, 'message.updated.1', ?)").run(JSON.stringify({ info: openCodeAssistant(O0, 'claude-opus-4-1', { input: 100, output: 10, cacheRead: 1000 }) }));
    db.db.prepare("UPDATE session SET tokens_input = 100, cost = 0.01 WHERE id = 'ses_1'").run();
    assert.ok(fs.statSync(path.join(h.home, DATA, 'opencode.db-wal')).size > 0);
    const r = await h.scan();
    assert.equal(opencode(r.rows).total, 1110);
    assert.equal(r.report.sources.find((s) => s.agent === 'opencode')!.rowsRead, 3);
    db.close();
  }));

test('incremental: new rows and unfinished messages are read again; a finished message counts once at its final tokens', () =>
  withHome(async (h) => {
    const db = new OpenCodeDb(path.join(h.home, DATA, 'opencode.db'));
    db.assistant('msg_1', O0, { input: 100, output: 10 });
    db.assistant('msg_2', O0 + 10, { input: 0, output: 0 }, 'claude-opus-4-1', false); // streaming, no tokens yet
    assert.equal(opencode((await h.scan()).rows).total, 110);
    db.assistant('msg_2', O0 + 10, { input: 300, output: 30, cacheRead: 3000 }, 'claude-opus-4-1', false); // a step finished
    db.assistant('msg_3', O0 + 20, { input: 1, output: 1 });
    let r = await h.scan();
    assert.equal(opencode(r.rows).total, 110 + 3330 + 2);
    assert.equal(r.report.sources.find((s) => s.agent === 'opencode')!.rowsRead, 2, 'only the pending row and the new one');
    db.assistant('msg_2', O0 + 10, { input: 300, output: 30, cacheRead: 3000 }, 'claude-opus-4-1', true);
    r = await h.scan();
    assert.equal(opencode(r.rows).total, 110 + 3330 + 2);
    db.db.pragma('wal_checkpoint(TRUNCATE)');
    assert.equal(opencode((await h.scan()).rows).total, 110 + 3330 + 2);
    db.close();
  }));

test('the pre-1.2 JSON files: a message also in the database counts once; one the migration skipped counts', () =>
  withHome(async (h) => {
    const db = new OpenCodeDb(path.join(h.home, DATA, 'opencode.db'));
    db.assistant('msg_1', O0, { input: 100, output: 10 });
    const file = (id: string, data: Record<string, unknown>) => h.write(`${DATA}/storage/message/ses_1/${id}.json`, JSON.stringify({ id, sessionID: 'ses_1', ...data }, null, 2));
    file('msg_1', openCodeAssistant(O0, 'claude-opus-4-1', { input: 100, output: 10 }));
    file('msg_orphan', openCodeAssistant(O0 + 5, 'claude-opus-4-1', { input: 7, output: 3, era: 'none' }));
    h.write(`${DATA}/storage/part/msg_1/prt_1.json`, JSON.stringify({ type: 'step-finish', tokens: { input: 100 } }));
    const r = await h.scan();
    assert.equal(opencode(r.rows).total, 110 + 10);
    assert.equal(r.report.sources.find((s) => s.agent === 'opencode')!.files, 3);
    db.close();
  }));

test('reading leaves the database, its log and its index byte for byte as they were', () =>
  withHome(async (h) => {
    const file = path.join(h.home, DATA, 'opencode.db');
    const db = new OpenCodeDb(file);
    db.assistant('msg_1', O0, { input: 100, output: 10 });
    const sums = () => ['', '-wal', '-shm'].map((x) => `${createHash('sha256').update(fs.readFileSync(file + x)).digest('hex')}@${fs.statSync(file + x).mtimeMs}`);
    const before = sums();
    await h.scan();
    await h.scan(true);
    assert.deepEqual(sums(), before);
    db.assistant('msg_2', O0 + 1, { input: 1, output: 1 }); // the agent keeps writing
    db.close();
  }));

test('an unknown newer schema, a file that is not a database and a database mid-write are skipped with their reason', () =>
  withHome(async (h) => {
    fs.mkdirSync(path.join(h.home, DATA), { recursive: true });
    const next = new Database(path.join(h.home, DATA, 'opencode-next.db'));
    next.exec('CREATE TABLE session_message (id text PRIMARY KEY, session_id text, type text, data text)');
    next.close();
    h.write(`${DATA}/opencode-broken.db`, 'this is not SQLite'.repeat(20));
    const busy = new Database(path.join(h.home, DATA, 'opencode-dev.db'));
    busy.pragma('journal_mode = DELETE');
    busy.pragma('cache_size = 1');
    busy.exec('CREATE TABLE message (id text PRIMARY KEY, session_id text, time_created integer, time_updated integer, data text)');
    busy.exec('BEGIN EXCLUSIVE');
    for (let i = 0; i < 50; i++) busy.prepare('INSERT INTO message VALUES (?, ?, ?, ?, ?)').run(`m${i}`, 's', 0, 0, JSON.stringify(openCodeAssistant(O0 + i, 'm', { input: 1, output: 1 })) + ' '.repeat(2000));
    const r = await h.scan();
    const src = r.report.sources.find((s) => s.agent === 'opencode')!;
    assert.deepEqual(src.skipped, { 'unknown-schema': 1, 'not-a-database': 1, 'database-busy': 1 });
    assert.match(src.problems.join('\n'), /opencode-next\.db: unknown OpenCode database schema: expected table message\(id, session_id, data\), found tables session_message/);
    busy.exec('COMMIT');
    busy.close();
    assert.equal(opencode((await h.scan()).rows).total, 100);
  }));

test('Kilo Code 7 keeps OpenCode’s schema in kilo.db; its zero-token legacy imports are skipped', () =>
  withHome(async (h) => {
    const db = new OpenCodeDb(path.join(h.home, '.local/share/kilo/kilo.db'));
    db.assistant('msg_1', O0, { input: 40, output: 4 });
    db.message('msg_legacy', { ...openCodeAssistant(O0 - 9e7, 'legacy', { input: 0, output: 0 }), providerID: 'legacy' });
    const r = await h.scan();
    assert.equal(sumRows(r.rows, (x) => x.agent === 'kilo-code').total, 44);
    assert.equal(opencode(r.rows).total, 0);
    db.close();
  }));

test('a forked session’s copies of earlier messages (new ids, same content) count once', () =>
  withHome(async (h) => {
    const db = new OpenCodeDb(path.join(h.home, DATA, 'opencode.db'));
    const data = openCodeAssistant(O0, 'claude-opus-4-1', { input: 100, output: 10, cacheRead: 5000 });
    db.message('msg_01', data);
    db.db.prepare("INSERT INTO session (id, project_id, slug, directory, title, version, time_created, time_updated) VALUES ('ses_2', 'p', 's', '/d', 'fork', '1.2.0', 0, 0)").run();
    db.message('msg_99', data, 'ses_2');
    db.assistant('msg_02', O0 + 60_000, { input: 1, output: 1 });
    assert.equal(opencode((await h.scan()).rows).total, 5110 + 2);
    db.close();
  }));

test('a current record without a total whose reasoning exceeds its output had reasoning taken out: it goes back in', () =>
  withHome(async (h) => {
    const db = new OpenCodeDb(path.join(h.home, DATA, 'opencode.db'));
    db.assistant('msg_1', O0, { input: 5, output: 10, reasoning: 90, era: 'none' });
    const t = opencode((await h.scan()).rows);
    assert.deepEqual([t.output, t.reasoning], [100, 90]);
    db.close();
  }));

test('Kilo Code’s non-empty legacy imports are skipped too; the same message id in two agents’ databases counts for each', () =>
  withHome(async (h) => {
    const kilo = new OpenCodeDb(path.join(h.home, '.local/share/kilo/kilo.db'));
    kilo.message('msg_legacy', { ...openCodeAssistant(O0 - 9e7, 'legacy', { input: 500, output: 50 }), providerID: 'legacy' });
    kilo.assistant('msg_same', O0, { input: 40, output: 4 });
    kilo.close();
    const oc = new OpenCodeDb(path.join(h.home, DATA, 'opencode.db'));
    oc.assistant('msg_same', O0, { input: 40, output: 4 });
    oc.close();
    const rows = (await h.scan()).rows;
    assert.equal(sumRows(rows, (x) => x.agent === 'kilo-code').total, 44);
    assert.equal(opencode(rows).total, 44);
  }));
