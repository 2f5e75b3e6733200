import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { ContinueDb } from '../../fixtures/sqliteFixtures';
import { dailyJson } from '../../../src/core/daily';
import { continueSource } from '../../../src/sources/continueDev';

const FILE = '.continue/dev_data/devdata.sqlite';
const cont = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'continue');

test('one row per completion; rows from before tokens_prompt existed read it as 0; columns are taken by name', () =>
  withHome(async (h) => {
    const db = new ContinueDb(path.join(h.home, FILE), true);
    db.row('gpt-4.1', 512, undefined, '2026-11-22 14:31:07');
    db.addPromptColumn(); // appended last: id, model, provider, tokens_generated, timestamp, tokens_prompt
    db.row('gpt-4.1', 100, 6120, '2026-11-22 14:40:00');
    const t = cont((await h.scan()).rows);
    assert.deepEqual([t.input, t.output, t.cacheRead, t.total], [6120, 612, 0, 6732]);
    db.close();
  }));

test('timestamps are UTC without a zone: the day is the local day of that instant', () =>
  withHome(async (h) => {
    const db = new ContinueDb(path.join(h.home, FILE));
    db.row('gpt-4.1', 10, 90, '2026-11-22 20:00:00'); // 01:30 on the 23rd in Kolkata (+05:30)
    db.row('gpt-4.1', 1, 9, '2026-11-22 17:00:00'); // 22:30 on the 22nd in Kolkata
    const rows = (await h.scan()).rows;
    assert.deepEqual(dailyJson(rows, 'Asia/Kolkata').days.map((d) => [d.date, d.total]), [['2026-11-22', 10], ['2026-11-23', 100]]);
    assert.deepEqual(dailyJson(rows, 'UTC').days.map((d) => [d.date, d.total]), [['2026-11-22', 110]]);
    db.close();
  }));

test('new rows are read incrementally; a recreated database (rows numbered from 1 again) is read whole', () =>
  withHome(async (h) => {
    const file = path.join(h.home, FILE);
    let db = new ContinueDb(file);
    db.row('gpt-4.1', 10, 90, '2026-11-22 10:00:00');
    assert.equal(cont((await h.scan()).rows).total, 100);
    db.row('gpt-4.1', 1, 9, '2026-11-22 10:05:00');
    const r = await h.scan();
    assert.equal(cont(r.rows).total, 110);
    assert.equal(r.report.sources.find((s) => s.agent === 'continue')!.rowsRead, 1);
    db.close();
    fs.rmSync(file);
    db = new ContinueDb(file);
    db.row('gpt-4.1', 5, 5, '2026-11-23 09:00:00');
    assert.equal(cont((await h.scan()).rows).total, 120);
    db.close();
  }));

test('the JSONL copy of the same completions is never counted', () =>
  withHome(async (h) => {
    const db = new ContinueDb(path.join(h.home, FILE));
    db.row('gpt-4.1', 512, 6120, '2026-11-22 14:31:07');
    h.write('.continue/dev_data/0.2.0/tokensGenerated.jsonl', JSON.stringify({ eventName: 'tokensGenerated', timestamp: '2026-11-22T14:31:07.412Z', model: 'gpt-4.1', provider: 'openai', promptTokens: 6120, generatedTokens: 512 }) + '\n');
    assert.equal(cont((await h.scan()).rows).total, 6632);
    db.close();
  }));

test('CONTINUE_GLOBAL_DIR moves the folder (empty means unset)', () => {
  assert.deepEqual(continueSource.defaultRoots({ home: '/h', env: { CONTINUE_GLOBAL_DIR: '/c' }, platform: 'linux' }), ['/c/dev_data']);
  assert.deepEqual(continueSource.defaultRoots({ home: '/h', env: { CONTINUE_GLOBAL_DIR: '' }, platform: 'linux' }), ['/h/.continue/dev_data']);
});
