import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveLedger } from '../../../src/engine/liveLedger';
import type { LedgerHost, LedgerScanner } from '../../../src/engine/liveLedger';
import { emptySnapshot } from '../../fixtures/snapshots';

function host(): LedgerHost {
  return {
    scanConfig: () => ({ cacheDir: '/nowhere', env: { home: '/nowhere', env: {} } }),
    view: () => ({ timezone: 'UTC', windowDays: 7, countedKinds: ['input', 'output', 'cacheRead', 'cacheWrite'], tierOverrides: {} }),
    reportSince: () => undefined,
    watch: () => ({ dispose: () => undefined }),
    isFocused: () => true,
    pollSeconds: () => 3600,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined, trace: () => undefined },
  };
}

test('a rebuild asked for during a scan runs right after it, as a rebuild', async () => {
  const calls: boolean[] = [];
  const scanner: LedgerScanner = {
    scan: async (_config, _view, rebuild) => {
      calls.push(rebuild);
      await new Promise((r) => setTimeout(r, 30));
      return { snapshot: emptySnapshot(), changed: true, reportRows: [] };
    },
    report: async () => [],
    daily: async () => ({ timezone: 'UTC', days: [] }),
    dispose: () => undefined,
  };
  const ledger = new LiveLedger(host(), scanner);
  try {
    const first = ledger.refresh();
    const rebuild = ledger.refresh(true);
    const plain = ledger.refresh();
    await Promise.all([first, rebuild, plain]);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(calls, [false, true]);
  } finally {
    ledger.dispose();
  }
});
