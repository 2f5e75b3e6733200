import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codexSource } from '../../../src/sources/codex';
import { SOURCES } from '../../../src/sources/registry';
import { Store } from '../../../src/engine/store';
import type { FileCursor } from '../../../src/engine/store';
import { TempHome, sumRows } from '../../fixtures/tempHome';
import { jsonl, SESSION, streamedResponse, usage } from '../../fixtures/claudeFixtures';
import { C0, CODEX_ID, rollout, rolloutPath, totals } from '../../fixtures/codexFixtures';

/** What the cache keeps when one part of it cannot stay as it was (#20: history outlives the logs). */

test("a parser that changes meaning re-reads only its own agent's logs: the others' history stays", async () => {
  const h = new TempHome();
  const version = codexSource.parserVersion;
  try {
    const claude = h.write(`.claude/projects/p/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0))));
    h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'm', [totals(100, 0, 10)])));
    assert.equal(sumRows((await h.scan()).rows).total, 101 + 110);
    // Claude Code deleted the transcript after 30 days; the ledger still holds it.
    fs.rmSync(claude);
    (codexSource as { parserVersion: number }).parserVersion = version + 1;
    const after = await h.scan(true);
    assert.equal(sumRows(after.rows).total, 101 + 110, 'Claude Code kept, Codex counted again exactly once');
    assert.ok(after.report.problems.some((p) => /counting rules changed for codex/.test(p)));
    assert.equal(sumRows((await h.scan(true)).rows).total, 101 + 110, 'and it stays so after the next start');
  } finally {
    (codexSource as { parserVersion: number }).parserVersion = version;
    h.dispose();
  }
});

test('a new agent in a new version costs nothing: no other agent is read again', async () => {
  const h = new TempHome();
  try {
    h.write(`.claude/projects/p/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(1, 100, 0, 0))));
    await h.scan();
    // The cache as an older version wrote it, before it knew Continue.
    const meta = path.join(h.cacheDir, 'meta.json');
    const m = JSON.parse(fs.readFileSync(meta, 'utf8')) as { parsers: Record<string, number> };
    delete m.parsers.continue;
    fs.writeFileSync(meta, JSON.stringify(m));
    const again = await h.scan(true);
    assert.equal(again.report.filesParsed, 0, 'nothing read again');
    assert.deepEqual(again.report.problems, []);
  } finally {
    h.dispose();
  }
});

test("a file whose reading state cannot be saved costs that file alone, never the rest of the cache", () => {
  const h = new TempHome();
  try {
    const versions = Object.fromEntries(SOURCES.map((s) => [s.id, s.parserVersion]));
    const store = new Store(h.cacheDir, versions);
    store.open();
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const cursor = (state: unknown): FileCursor => ({ agent: 'copilot-chat', size: 10, mtimeMs: 1, offset: 10, tail: 'AAAA', state });
    const cursors = new Map([
      ['/a/deep.jsonl', cursor(deep)],
      ['/a/fine.jsonl', cursor({ ok: 1 })],
    ]);
    store.saveCursors(cursors, cursors.keys());
    store.commit();
    assert.match(store.problems.join('\n'), /deep\.jsonl: its reading state could not be saved/);
    const reopened = new Store(h.cacheDir, versions).open();
    assert.deepEqual(reopened.cursors.get('/a/fine.jsonl')?.state, { ok: 1 });
    const dropped = reopened.cursors.get('/a/deep.jsonl')!;
    assert.equal(dropped.state, undefined);
    assert.equal(dropped.offset, 0, 'read again from the start next time');
  } finally {
    h.dispose();
  }
});
