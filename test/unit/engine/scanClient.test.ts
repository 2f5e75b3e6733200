import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ScanClient } from '../../../src/engine/scanClient';
import { TempHome, canonical, sumRows } from '../../fixtures/tempHome';
import { jsonl, SESSION, streamedResponse, usage } from '../../fixtures/claudeFixtures';

test('the built worker scans off-thread and agrees with an in-process scan', async () => {
  const h = new TempHome();
  const client = new ScanClient(path.resolve('dist/scanWorker.js'));
  try {
    h.write(`.claude/projects/p/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(4, 412, 40211, 1830))));
    const config = { cacheDir: path.join(h.home, 'worker-cache'), env: { home: h.home, env: {} } };
    const [a, b] = await Promise.all([client.scan(config), client.scan(config)]);
    assert.deepEqual(canonical(a.rows), canonical(h.scan().rows));
    assert.equal(b.report.filesParsed, 0, 'the second queued scan finds nothing new');
    h.append(`.claude/projects/p/${SESSION}.jsonl`, jsonl(streamedResponse('msg_B', 'req_B', usage(1, 1, 1, 1))));
    const c = await client.scan(config);
    assert.equal(sumRows(c.rows).total, 42457 + 4);
    assert.equal(c.changed, true);
  } finally {
    client.dispose();
    h.dispose();
  }
});
