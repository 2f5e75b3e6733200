import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ScanClient } from '../../../src/engine/scanClient';
import type { ViewOptions } from '../../../src/engine/scanProtocol';
import { TempHome } from '../../fixtures/tempHome';
import { earlierToday, jsonl, SESSION, streamedResponse, usage } from '../../fixtures/claudeFixtures';

const view: ViewOptions = { timezone: 'UTC', windowDays: 7, countedKinds: ['input', 'output', 'cacheRead', 'cacheWrite'], tierOverrides: {} };

test('the built worker scans off-thread and answers with snapshots, in order', async () => {
  const h = new TempHome();
  const client = new ScanClient(path.resolve('dist/scanWorker.js'));
  try {
    const now = earlierToday();
    h.write(`.claude/projects/p/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(4, 412, 40211, 1830), now)));
    const config = { cacheDir: path.join(h.home, 'worker-cache'), env: { home: h.home, env: {} } };
    const [a, b] = await Promise.all([client.scan(config, view), client.scan(config, view)]);
    assert.equal(a.snapshot.todayCounted, 42457);
    assert.equal(a.changed, true);
    assert.equal(b.changed, false, 'the second queued scan finds nothing new');
    assert.equal(b.snapshot.scan!.filesParsed, 0);
    h.append(`.claude/projects/p/${SESSION}.jsonl`, jsonl(streamedResponse('msg_B', 'req_B', usage(1, 1, 1, 1), now)));
    const c = await client.scan(config, { ...view, tierOverrides: { Beginner: 50_000 } });
    assert.equal(c.snapshot.todayCounted, 42461);
    assert.equal(c.snapshot.tiers[1]!.min, 50_000);
    const daily = await client.daily(config, 'UTC');
    assert.equal(daily.days.reduce((s, d) => s + d.total, 0), 42461);
    await assert.rejects(client.scan(config, { ...view, tierOverrides: { Expert: 1 } }), /must increase/);
    // The worker watches the log folders itself: a new file in a new sub-folder is reported.
    const changed = new Promise<string>((resolve) => (client.onEvent = (e) => resolve(e.type)));
    h.write('.claude/projects/new-project/s.jsonl', jsonl(streamedResponse('msg_C', 'req_C', usage(1, 1, 1, 1), now)));
    assert.equal(await Promise.race([changed, new Promise((r) => setTimeout(() => r('timeout'), 3000))]), 'changed');
    assert.equal((await client.scan(config, view)).snapshot.todayCounted, 42461 + 4, 'a new folder makes the next scan a full one');
    const again = new Promise<string>((resolve) => (client.onEvent = (e) => resolve(e.type)));
    h.append('.claude/projects/new-project/s.jsonl', jsonl(streamedResponse('msg_D', 'req_D', usage(1, 1, 1, 1), now)));
    await again;
    const watchedScan = await client.scan(config, view);
    assert.equal(watchedScan.snapshot.todayCounted, 42461 + 8);
    assert.equal(watchedScan.snapshot.scan!.filesParsed, 1);
  } finally {
    client.dispose();
    h.dispose();
  }
});
