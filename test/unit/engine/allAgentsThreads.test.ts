import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Scanner } from '../../../src/engine/scanner';
import { canonical, withHome } from '../../fixtures/tempHome';
import { writeAllAgentsHome } from '../../fixtures/allAgentsHome';
import { writeRecord } from '../../fixtures/oneRecord';
import { AGENT_IDS } from '../../../src/shared/tokens';

/** A cold scan of `home` in a throwaway cache, on worker threads when `worker` is given. */
async function cold(home: string, worker?: string) {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-cold-'));
  try {
    return await new Scanner({ cacheDir: cache, env: { home, env: {} }, parseWorkerPath: worker, parallelMinBytes: 0, callerFiles: 0, chunkBytes: 1 }).run();
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}

test('all nineteen agents: worker threads give the same ledger and report as one thread', () =>
  withHome(async (h) => {
    writeAllAgentsHome(h.home);
    const one = await cold(h.home);
    const many = await cold(h.home, path.resolve('dist/parseWorker.js'));
    assert.deepEqual(canonical(many.rows), canonical(one.rows));
    assert.deepEqual(many.report.sources, one.report.sources);
  }));

test('all nineteen agents: records added between scans give the same ledger as one cold scan', () =>
  withHome(async (h) => {
    writeAllAgentsHome(h.home);
    await h.scan();
    for (const [i, agent] of AGENT_IDS.entries()) writeRecord(agent, h.home, Date.parse('2026-11-23T10:00:00Z') + i * 60_000, 7);
    await h.scan();
    for (const [i, agent] of AGENT_IDS.entries()) writeRecord(agent, h.home, Date.parse('2026-11-23T12:00:00Z') + i * 60_000, 8);
    const warm = await h.scan();
    assert.deepEqual(canonical(warm.rows), canonical((await cold(h.home)).rows));
  }));
