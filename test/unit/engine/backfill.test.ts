import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { TempHome } from '../../fixtures/tempHome';
import { jsonl, streamedResponse, usage } from '../../fixtures/claudeFixtures';
import { Store } from '../../../src/engine/store';
import { SOURCES } from '../../../src/sources/registry';

/** The backfill flag of the report the last commit published, as another window reads it. */
function published(h: TempHome): boolean | undefined {
  const store = new Store(h.cacheDir, Object.fromEntries(SOURCES.map((s) => [s.id, s.parserVersion])));
  return store.openPublished()?.report?.backfill;
}

/**
 * A tier reached because old logs were found — a folder added, a first scan, a rebuild — is not
 * progress (#21): the scan says when what it counted is older than the scan before it.
 */
test('a scan says whether it counted tokens older than the scan before it (found, not made)', async () => {
  const h = new TempHome();
  try {
    const now = Date.now();
    h.write('.claude/projects/p/a.jsonl', jsonl(streamedResponse('msg_A', 'req_A', usage(1, 100), now - 3 * 86_400_000)));
    assert.equal((await h.scan()).report.backfill, true, 'a first scan finds history');
    h.append('.claude/projects/p/a.jsonl', jsonl(streamedResponse('msg_B', 'req_B', usage(1, 100), Date.now())));
    assert.equal((await h.scan()).report.backfill, false, 'an agent working now is progress');
    assert.equal(published(h), false, "the other windows read the flag of the scan that changed the ledger");
    assert.equal((await h.scan()).report.backfill, false, 'nothing new is not a find');
    // A folder of last week's logs turns up (a new file, old timestamps).
    h.write(path.join('.claude/projects/old', 'b.jsonl'), jsonl(streamedResponse('msg_C', 'req_C', usage(1, 5_000_000), now - 4 * 86_400_000)));
    assert.equal((await h.scan()).report.backfill, true);
    assert.equal(published(h), true);
    // A new session file written now is progress, though the file is new.
    h.write(path.join('.claude/projects/p', 'c.jsonl'), jsonl(streamedResponse('msg_D', 'req_D', usage(1, 100), Date.now())));
    assert.equal((await h.scan()).report.backfill, false);
    // The next process knows when the last scan was (from the cache): an agent's work meanwhile is progress.
    h.append('.claude/projects/p/c.jsonl', jsonl(streamedResponse('msg_E', 'req_E', usage(1, 100), Date.now())));
    assert.equal((await h.scan(true)).report.backfill, false);
  } finally {
    h.dispose();
  }
});
