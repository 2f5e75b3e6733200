import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveLedger } from '../../../src/engine/liveLedger';
import type { LedgerHost, LedgerScanner } from '../../../src/engine/liveLedger';
import { emptySnapshot } from '../../fixtures/snapshots';

/** A scanner whose scans answer with `scan`; it reports and exports nothing. */
function scannerOf(scan: LedgerScanner['scan']): LedgerScanner {
  return { scan, report: async () => [], daily: async () => ({ timezone: 'UTC', costBasis: '', days: [] }), dispose: () => undefined };
}

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
  const scanner = scannerOf(async (_config, _view, rebuild) => {
    calls.push(rebuild);
    await new Promise((r) => setTimeout(r, 30));
    return { snapshot: emptySnapshot(), changed: true, reportRows: [] };
  });
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

test('a scan that finds a new bad line (or a new agent folder) but no new tokens still updates the panel', async () => {
  const withSkips = (n: number) => {
    const s = emptySnapshot();
    s.scan!.skipped = n ? { 'invalid-json': n } : {};
    s.scan!.sources[0]!.skipped = { ...s.scan!.skipped };
    return s;
  };
  let next = withSkips(0);
  const scanner = scannerOf(async () => ({ snapshot: next, changed: false, reportRows: [] }));
  const ledger = new LiveLedger(host(), scanner);
  const seen: unknown[] = [];
  ledger.onDidChange((s) => seen.push(s.kind === 'ready' ? s.snapshot.scan?.skipped : s.kind));
  try {
    await ledger.refresh();
    await ledger.refresh();
    assert.deepEqual(seen, [{}], 'an identical scan is not resent');
    next = withSkips(1);
    await ledger.refresh();
    assert.deepEqual(seen, [{}, { 'invalid-json': 1 }]);
  } finally {
    ledger.dispose();
  }
});

test('the last session\'s snapshot shows until the first scan answers, and never over an answer', async () => {
  const stored = emptySnapshot();
  stored.today = '2026-11-01';
  const fresh = emptySnapshot();
  let answer: (() => void) | undefined;
  const scanner = scannerOf(() => new Promise((resolve) => (answer = () => resolve({ snapshot: fresh, changed: true, reportRows: [] }))));
  const ledger = new LiveLedger(host(), scanner);
  try {
    // The extension asks for its first scan before it reads the stored snapshot.
    const first = ledger.refresh();
    ledger.restore(stored);
    assert.deepEqual(ledger.state, { kind: 'ready', snapshot: stored, fresh: false });
    answer!();
    await first;
    assert.deepEqual(ledger.state, { kind: 'ready', snapshot: fresh, fresh: true });
    ledger.restore(stored);
    assert.equal(ledger.state.kind === 'ready' && ledger.state.snapshot, fresh, 'a late restore leaves the answer alone');
  } finally {
    ledger.dispose();
  }
});

test('the fallback poll looks every period on a small history, and less often when one look costs more than 0.1 % of the time', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'setTimeout', 'Date'], now: Date.parse('2026-11-23T12:00:00Z') });
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  /** Polls in ten minutes when a look that finds nothing takes `lookMs`. */
  const pollsIn10Minutes = async (lookMs: number) => {
    let looks = 0;
    const scanner = scannerOf(async () => {
      looks++;
      t.mock.timers.setTime(Date.now() + lookMs);
      return { snapshot: emptySnapshot(), changed: false, reportRows: [] };
    });
    const ledger = new LiveLedger({ ...host(), pollSeconds: () => 30 }, scanner);
    try {
      await ledger.refresh();
      looks = 0;
      for (let s = 0; s < 600; s++) {
        t.mock.timers.tick(1000);
        await settle();
      }
      return looks;
    } finally {
      ledger.dispose();
    }
  };
  assert.equal(await pollsIn10Minutes(10), 20, 'every 30 s');
  assert.equal(await pollsIn10Minutes(60), 10, 'a 60 ms look: every minute');
  assert.equal(await pollsIn10Minutes(2000), 2, 'never less often than every ten periods');
});
