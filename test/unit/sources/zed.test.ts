import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { canonical, sumRows, withHome } from '../../fixtures/tempHome';
import { rawBlockFrame, zedThreadJson, ZedDb, zstdFrame } from '../../fixtures/agentDbs';
import { dailyJson } from '../../../src/core/daily';
import { zstdDecompress, ZstdError } from '../../../src/sources/zstd';
import { zedSource } from '../../../src/sources/zed';

const T = Date.parse('2026-11-20T10:00:00Z');
const DB = '.local/share/zed/threads/threads.db';
const zed = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'zed');

test('zstd: real frames (levels 3 and 19, several blocks, with and without checksum, two frames) and raw-block frames decode exactly', () => {
  // 600 KB of JSON: several 128 KiB blocks, compressed ones with Huffman and sequences.
  const json = zedThreadJson(T, { input: 1, output: 2 }, { messages: Array.from({ length: 6000 }, (_, i) => ({ Agent: { content: [{ Text: `step ${i}: ${'read src/index.ts and ran the tests '.repeat((i % 5) + 1)}` }] } })) });
  for (const args of [['-3'], ['-19'], ['-3', '--no-check'], ['-1', '--content-size']]) {
    assert.equal(Buffer.from(zstdDecompress(zstdFrame(json, args))).toString(), json, args.join(' '));
  }
  assert.equal(Buffer.from(zstdDecompress(Buffer.concat([zstdFrame('{"a":'), zstdFrame('1}')]))).toString(), '{"a":1}');
  const bytes = Buffer.from(json);
  assert.deepEqual(Buffer.from(zstdDecompress(rawBlockFrame(bytes))), bytes);
  assert.deepEqual(Buffer.from(zstdDecompress(rawBlockFrame(Buffer.from('{}')))), Buffer.from('{}'));
});

test('zstd: damaged, truncated, oversized and foreign data is refused with a ZstdError, never a crash or a huge allocation', () => {
  const frame = zstdFrame('{"cumulative_token_usage":{"input_tokens":5}}');
  assert.throws(() => zstdDecompress(frame.subarray(0, frame.length - 5)), ZstdError);
  assert.throws(() => zstdDecompress(Buffer.from('{"plain": "json"}')), ZstdError);
  assert.throws(() => zstdDecompress(Buffer.alloc(0)), ZstdError);
  // A header declaring a 2 GiB window.
  assert.throws(() => zstdDecompress(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xa8, 0x01, 0x00, 0x00])), /more than/);
  // Within the declared window but over the caller's limit.
  assert.throws(() => zstdDecompress(zstdFrame('x'.repeat(5000)), 1000), /more than 1000/);
  const garbled = Buffer.from(frame);
  garbled[garbled.length - 8] = garbled[garbled.length - 8]! ^ 0xff;
  try {
    const out = Buffer.from(zstdDecompress(garbled)).toString();
    assert.notEqual(out, '{"cumulative_token_usage":{"input_tokens":5}}');
  } catch (e) {
    assert.ok(e instanceof ZstdError);
  }
});

test('one event per thread from its cumulative usage, dated by the row; zstd, raw-block and plain JSON rows; request usage, imports and subagents', () =>
  withHome(async (h) => {
    const db = new ZedDb(path.join(h.home, DB));
    db.save('t1', T, { input: 1200, output: 340, cacheRead: 50_000, cacheWrite: 2000 });
    db.save('t2', T + 1000, { input: 10, output: 5 }, { type: 'json' });
    db.save('t3', T + 2000, { input: 7, output: 3 }, { type: 'raw' });
    db.save('t4', T + 3000, { input: 30, output: 3 }, { parent: 't1' });
    db.save('shared', T + 4000, null, { extra: { imported: true } });
    db.db.prepare("INSERT INTO threads (id, summary, updated_at, data_type, data) VALUES ('bad', 's', '2026-11-20T10:00:00+00:00', 'zstd', ?)").run(Buffer.from('not zstd at all'));
    const r = await h.scan();
    const c = zed(r.rows);
    assert.deepEqual([c.input, c.output, c.cacheRead, c.cacheWrite], [1247, 351, 50_000, 2000]);
    assert.deepEqual(r.report.sources.find((s) => s.agent === 'zed')!.skipped, { 'invalid-json': 1 });
    db.close();
  }));

test('a thread saved again (upserted in place) replaces its event and moves to its new day; only changed rows are decoded; incremental equals cold', () =>
  withHome(async (h) => {
    const db = new ZedDb(path.join(h.home, DB));
    db.save('t1', T, { input: 100, output: 10 });
    db.save('t2', T, { input: 5, output: 5 });
    let r = await h.scan();
    assert.equal(zed(r.rows).total, 120);
    db.save('t1', Date.parse('2026-11-21T08:00:00Z'), { input: 300, output: 30 });
    r = await h.scan();
    assert.equal(r.report.sources.find((s) => s.agent === 'zed')!.rowsRead, 1, 'only the changed thread was decoded');
    assert.deepEqual(dailyJson(r.rows, 'UTC').days.map((d) => [d.date, d.total]), [['2026-11-20', 10], ['2026-11-21', 330]]);
    assert.deepEqual(canonical(r.rows), canonical((await h.coldScan()).rows));
    db.close();
  }));

test('Zed’s data folder on Linux (XDG, Flatpak), macOS and Windows', () => {
  assert.deepEqual(zedSource.defaultRoots({ home: '/home/ana', env: { XDG_DATA_HOME: '' } }), ['/home/ana/.local/share/zed/threads', '/home/ana/.var/app/dev.zed.Zed/data/zed/threads']);
  assert.deepEqual(zedSource.defaultRoots({ home: '/Users/ana', env: {}, platform: 'darwin' }), ['/Users/ana/Library/Application Support/Zed/threads']);
  assert.deepEqual(zedSource.defaultRoots({ home: 'C:\\Users\\ana', env: { LOCALAPPDATA: 'D:\\Local' }, platform: 'win32' }), ['D:\\Local\\Zed\\threads']);
});
