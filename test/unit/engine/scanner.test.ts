import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { claudeAssistantLine } from '../../../src/demo/logBuilders';
import { writeDemoHome } from '../../../src/demo/demoHome';
import { TempHome, withHome, canonical, sumRows } from '../../fixtures/tempHome';
import { jsonl, SESSION, SONNET, streamedResponse, T0, usage } from '../../fixtures/claudeFixtures';
import { C0, CODEX_ID, rollout, rolloutPath, totals } from '../../fixtures/codexFixtures';
import { STORE_SCHEMA } from '../../../src/engine/store';
import { Scanner } from '../../../src/engine/scanner';
import type { Manifest } from '../../../src/engine/packedParts';

const P = '.claude/projects/-home-dev-src-app';

/** Overwrites the bytes of every cache part whose name starts with `prefix`, in its pack. */
function damageParts(cacheDir: string, prefix: string): void {
  const m = JSON.parse(fs.readFileSync(path.join(cacheDir, 'meta.json'), 'utf8')) as Manifest;
  const names = Object.keys(m.parts).filter((n) => n.startsWith(prefix));
  assert.ok(names.length > 0);
  for (const n of names) {
    const [pack, offset, length] = m.parts[n]!;
    const fd = fs.openSync(path.join(cacheDir, m.packs[pack]!), 'r+');
    fs.writeSync(fd, Buffer.alloc(length, '{'), 0, length, offset);
    fs.closeSync(fd);
  }
}

/** Writes `content` in `pieces` cut at arbitrary byte offsets, scanning after each. */
async function writeInPieces(h: TempHome, rel: string, content: Buffer, pieces: number, fresh: boolean): Promise<void> {
  const cuts = Array.from({ length: pieces - 1 }, (_, i) => Math.floor(((i + 1) * content.length) / pieces) + (i % 7));
  let prev = 0;
  for (const cut of [...cuts, content.length]) {
    if (prev === 0) h.write(rel, content.subarray(0, cut));
    else h.append(rel, content.subarray(prev, cut));
    prev = cut;
    await h.scan(fresh);
  }
}

test('a tree scanned in appended pieces gives the same ledger as one cold scan', async () => {
  const source = new TempHome();
  const cold = new TempHome();
  const pieces = new TempHome();
  try {
    writeDemoHome(source.home, Date.parse('2026-11-23T12:00:00Z'), 20, 3);
    const files = execFileSync('find', [source.home, '-name', '*.jsonl']).toString().trim().split('\n');
    for (const f of files) cold.write(path.relative(source.home, f), fs.readFileSync(f));
    const expected = canonical((await cold.scan()).rows);
    assert.ok(expected.length > 100);
    for (const [i, f] of files.entries()) await writeInPieces(pieces, path.relative(source.home, f), fs.readFileSync(f), 2 + (i % 5), i % 2 === 0);
    assert.deepEqual(canonical((await pieces.scan(true)).rows), expected);
  } finally {
    source.dispose();
    cold.dispose();
    pieces.dispose();
  }
});

test('parsing on worker threads gives the same ledger and report as one thread', async () => {
  const one = new TempHome();
  const many = new TempHome();
  try {
    for (const h of [one, many]) {
      writeDemoHome(h.home, Date.parse('2026-11-23T12:00:00Z'), 20, 5);
      h.write(`${P}/bad.jsonl`, 'not json "usage"\n');
    }
    const a = await one.scan();
    const b = await many.scan(true, path.resolve('dist/parseWorker.js'));
    assert.deepEqual(canonical(b.rows), canonical(a.rows));
    assert.deepEqual(b.report.skipped, { 'invalid-json': 1 });
    assert.equal(b.report.filesParsed, a.report.filesParsed);
    assert.equal(b.report.bytesRead, a.report.bytesRead);
  } finally {
    one.dispose();
    many.dispose();
  }
});

test('the ledger is the same whichever thread reads which files: the merge does not depend on where the ranges meet', async () => {
  const one = new TempHome();
  try {
    writeDemoHome(one.home, Date.parse('2026-11-23T12:00:00Z'), 20, 9);
    // The same responses copied into later files (resumed sessions, subagents), some larger.
    const copy = jsonl([...streamedResponse('msg_SHARED', 'req_S', usage(1, 50, 0, 0)), ...streamedResponse('msg_SHARED', 'req_S', usage(1, 70, 0, 0))]);
    one.write(`${P}/zz-resumed.jsonl`, copy);
    one.write(`${P}/aa-first.jsonl`, jsonl(streamedResponse('msg_SHARED', 'req_S', usage(1, 60, 0, 0))));
    const expected = await one.scan();
    const files = expected.report.filesParsed;
    assert.ok(files > 4);
    const bytes = expected.report.bytesRead;
    // One chunk, a few, and one a file or so: the parts of each are applied before the next chunk.
    for (const chunkBytes of [bytes, Math.ceil(bytes / 3), Math.ceil(bytes / files)]) {
      for (const callerFiles of [0, 1, Math.floor(files / 3), Math.floor(files / 2), files - 1, files]) {
        const many = new Scanner({ cacheDir: path.join(one.home, `cache-${chunkBytes}-${callerFiles}`), env: { home: one.home, env: {} }, parseWorkerPath: path.resolve('dist/parseWorker.js'), parallelMinBytes: 0, callerFiles, chunkBytes });
        const got = await many.run();
        assert.deepEqual(canonical(got.rows), canonical(expected.rows), `with chunks of ${chunkBytes} bytes and the calling thread reading ${callerFiles} of ${files} files`);
        assert.equal(got.report.filesParsed, files);
        assert.equal(got.report.bytesRead, bytes);
      }
    }
  } finally {
    one.dispose();
  }
});

test('a watcher-driven scan reads only the named files; the next full scan finds the rest', async () =>
  withHome(async (h) => {
    const a = `${P}/a.jsonl`;
    h.write(a, jsonl(streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0))));
    const first = await h.scan();
    h.append(a, jsonl(streamedResponse('msg_B', 'req_B', usage(1, 200, 0, 0))));
    h.write(`${P}/b.jsonl`, jsonl(streamedResponse('msg_C', 'req_C', usage(1, 300, 0, 0))));
    const partial = await h.scanPaths([path.join(h.home, a), '/elsewhere/x.jsonl', path.join(h.home, P, 'gone.jsonl')]);
    assert.equal(sumRows(partial.rows).total, 101 + 201);
    assert.equal(partial.report.filesParsed, 1);
    assert.equal(partial.report.filesSeen, first.report.filesSeen);
    const full = await h.scan();
    assert.equal(sumRows(full.rows).total, 101 + 201 + 301);
    assert.equal(full.report.filesSeen, 2);
  }));

test('a half-written last line waits for the rest and then counts once', () =>
  withHome(async (h) => {
    const line = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_1', requestId: 'r1', model: SONNET, usage: usage(1, 2, 3, 4) });
    h.write(`${P}/${SESSION}.jsonl`, line.slice(0, 100));
    const first = await h.scan();
    assert.equal(first.rows.length, 0);
    assert.deepEqual(first.report.skipped, {});
    h.append(`${P}/${SESSION}.jsonl`, line.slice(100) + '\n');
    assert.equal(sumRows((await h.scan()).rows).total, 10);
  }));

test('an unchanged tree reads no file and writes nothing', () =>
  withHome(async (h) => {
    h.write(`${P}/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(4, 412, 40211, 1830))));
    await h.scan();
    const mtimes = () => execFileSync('find', [h.cacheDir, '-type', 'f', '-printf', '%p %T@\n']).toString();
    const before = mtimes();
    const again = await h.scan(true);
    assert.equal(again.report.filesParsed, 0);
    assert.equal(again.changed, false);
    assert.equal(mtimes(), before);
  }));

test('history survives the agent deleting or compacting its transcripts', () =>
  withHome(async (h) => {
    const a = streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0));
    const b = streamedResponse('msg_B', 'req_B', usage(1, 200, 0, 0), T0 + 3_600_000);
    const file = h.write(`${P}/${SESSION}.jsonl`, jsonl([...a, ...b]));
    h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'm', [totals(100, 0, 10)])));
    assert.equal(sumRows((await h.scan()).rows).total, 302 + 110);
    // Compaction rewrites the file with only the later response: nothing is lost or added.
    fs.writeFileSync(file, jsonl(b));
    assert.equal(sumRows((await h.scan(true)).rows).total, 302 + 110);
    fs.rmSync(path.join(h.home, '.codex'), { recursive: true });
    fs.rmSync(file);
    assert.equal(sumRows((await h.scan(true)).rows).total, 302 + 110);
  }));

test('a rewritten file that grew is read again from the start, without double counting', () =>
  withHome(async (h) => {
    const file = h.write(`${P}/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0))));
    await h.scan();
    const replaced = jsonl([...streamedResponse('msg_Z', 'req_Z', usage(9, 900, 0, 0)), ...streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0))]);
    fs.writeFileSync(file, replaced);
    assert.equal(sumRows((await h.scan()).rows).total, 101 + 909);
  }));

test('a corrupt cache is rebuilt from the logs, not trusted', () =>
  withHome(async (h) => {
    h.write(`${P}/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0))));
    await h.scan();
    damageParts(h.cacheDir, 'ledger/');
    const out = await h.scan(true);
    assert.equal(sumRows(out.rows).total, 101);
    assert.match(out.report.problems.join('\n'), /rebuilt/);
  }));

test('a corrupt dedup shard is rebuilt rather than risk double counting', () =>
  withHome(async (h) => {
    const file = h.write(`${P}/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0))));
    await h.scan();
    damageParts(h.cacheDir, 'dedup/');
    fs.appendFileSync(file, jsonl(streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0))));
    const out = await h.scan(true);
    assert.equal(sumRows(out.rows).total, 101);
    assert.match(out.report.problems.join('\n'), /rebuilt/);
  }));

test('a cache of another version is rebuilt', () =>
  withHome(async (h) => {
    h.write(`${P}/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0))));
    await h.scan();
    fs.writeFileSync(path.join(h.cacheDir, 'meta.json'), JSON.stringify({ schema: STORE_SCHEMA + 1, parsers: {} }));
    const out = await h.scan(true);
    assert.equal(sumRows(out.rows).total, 101);
    assert.equal(out.report.filesParsed, 1);
  }));

test('a cache of the layout before packs (schema 2) is rebuilt, and its folders go once the new one is written', () =>
  withHome(async (h) => {
    h.write(`${P}/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0))));
    fs.mkdirSync(h.cacheDir, { recursive: true });
    fs.writeFileSync(path.join(h.cacheDir, 'meta.json'), JSON.stringify({ schema: 2, parsers: { 'claude-code': 1 } }));
    for (const [dir, file] of [['ledger', '2026-11-20.json'], ['dedup', '7.json'], ['files', '0.json']]) {
      fs.mkdirSync(path.join(h.cacheDir, dir!));
      fs.writeFileSync(path.join(h.cacheDir, dir!, file!), JSON.stringify({ schema: 2, rows: [[1, 'claude-code', 'm', 5, 5, 5, 5, 0]] }));
    }
    const out = await h.scan();
    assert.equal(sumRows(out.rows).total, 101);
    assert.deepEqual(fs.readdirSync(h.cacheDir).filter((n) => !n.startsWith('pack-')), ['meta.json']);
    assert.equal(sumRows((await h.scan(true)).rows).total, 101);
  }));

test('a line over the limit is skipped and counted; the lines around it count', () =>
  withHome(async (h) => {
    const before = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_1', requestId: 'r1', model: SONNET, usage: usage(1, 2, 3, 4) });
    const after = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_2', requestId: 'r2', model: SONNET, usage: usage(10, 20, 30, 40) });
    const huge = Buffer.alloc(70 * 1024 * 1024, 0x61);
    h.write(`${P}/${SESSION}.jsonl`, Buffer.concat([Buffer.from(before + '\n{"x":"'), huge, Buffer.from('"}\n' + after + '\n')]));
    const out = await h.scan();
    assert.equal(sumRows(out.rows).total, 110);
    assert.equal(out.report.skipped['line-too-long'], 1);
  }));

test('symlink loops, dangling links, FIFOs and missing folders do not stop a scan', () =>
  withHome(async (h) => {
    h.write(`${P}/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0))));
    const projects = path.join(h.home, P);
    fs.symlinkSync(projects, path.join(projects, 'loop'));
    fs.symlinkSync(path.join(h.home, 'nowhere'), path.join(projects, 'dangling.jsonl'));
    execFileSync('mkfifo', [path.join(projects, 'pipe.jsonl')]);
    const out = await h.scan();
    assert.equal(sumRows(out.rows).total, 101);
    assert.equal(out.report.filesSeen, 1);
    const codex = out.report.sources.find((s) => s.agent === 'codex')!;
    assert.deepEqual(codex.folders.map((f) => f.found), [false, false]);
  }));

test('a root that is a file, not a folder, is reported as not found', () =>
  withHome(async (h) => {
    h.write('.codex/sessions', 'not a folder');
    const out = await h.scan();
    assert.equal(out.report.sources.find((s) => s.agent === 'codex')!.folders[0]!.found, false);
  }));

test('a UTF-8 byte-order mark before the first line does not make it invalid', () =>
  withHome(async (h) => {
    const line = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_bom', requestId: 'r', model: SONNET, usage: usage(1, 2, 3, 4) });
    h.write(`${P}/${SESSION}.jsonl`, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line + '\n')]));
    const r = await h.scan();
    assert.equal(sumRows(r.rows).total, 10);
    assert.deepEqual(r.report.skipped, {});
  }));
