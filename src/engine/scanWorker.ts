import { parentPort } from 'node:worker_threads';
import { Scanner } from './scanner';
import type { ScanConfig, ScanOutcome } from './scanner';
import type { Snapshot } from '../shared/snapshot';
import { scanDemoHome } from './demoScan';
import type { ViewOptions, WorkerEvent, WorkerRequest, WorkerResponse } from './scanProtocol';
import { RootWatcher } from './rootWatcher';
import { buildSnapshot } from '../core/snapshot';
import { tiersWithOverrides } from '../core/tiers';
import { dailyJson } from '../core/daily';
import { reportRows } from '../core/report';

/** The scan worker: owns one Scanner (and its in-memory state) for the extension's lifetime. */
let scanner: Scanner | undefined;
const event = (e: WorkerEvent) => parentPort?.postMessage(e);
/** Files the watcher reported since the last scan; a scan soon after a full one reads only these.
 * `undefined`: something the watcher could not name changed, so the next scan is a full one. */
let watched: Set<string> | undefined = new Set<string>();
let lastFullAt = 0;
const FULL_EVERY_MS = 60_000;
const watcher = new RootWatcher(
  (paths) => {
    if (!paths) watched = undefined;
    else for (const p of paths) watched?.add(p);
    event({ type: 'changed' });
  },
  (message) => event({ type: 'watchError', message }),
);

function scannerFor(config: ScanConfig): Scanner {
  if (!scanner) scanner = new Scanner(config);
  else scanner.reconfigure(config);
  return scanner;
}

async function handle(msg: WorkerRequest): Promise<WorkerResponse> {
  if (msg.type === 'demo') {
    const demo = await scanDemoHome();
    return { type: 'scan', id: msg.id, snapshot: snapshotOf(demo, msg.view, true), changed: false };
  }
  if (msg.type === 'report') {
    return { type: 'report', id: msg.id, rows: reportRows(scannerFor(msg.config).rows(), msg.timezone, msg.since) };
  }
  if (msg.type === 'daily') {
    const s = scannerFor(msg.config);
    return { type: 'daily', id: msg.id, data: dailyJson(s.rows(), msg.timezone) };
  }
  // A folder event without file names (or an old full scan) means: look at everything.
  const partial = !msg.rebuild && watched !== undefined && watched.size > 0 && Date.now() - lastFullAt < FULL_EVERY_MS;
  const paths = partial ? watched : undefined;
  watched = new Set();
  const outcome = await scannerFor(msg.config).run({ rebuild: msg.rebuild, paths });
  if (!partial) lastFullAt = Date.now();
  watcher.watch(outcome.report.watch);
  const snapshot = snapshotOf(outcome, msg.view, false);
  const rows = msg.reportSince ? reportRows(outcome.rows, msg.view.timezone, msg.reportSince) : undefined;
  return { type: 'scan', id: msg.id, snapshot, changed: outcome.changed, reportRows: rows };
}

function snapshotOf(outcome: ScanOutcome, view: ViewOptions, demo: boolean): Snapshot {
  return buildSnapshot(outcome.rows, {
    timezone: view.timezone,
    windowDays: view.windowDays,
    countedKinds: view.countedKinds,
    tiers: tiersWithOverrides(view.tierOverrides),
    scan: outcome.report,
    demo,
  });
}

// One request at a time, in arrival order: scans share the Scanner's state.
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (msg: WorkerRequest) => {
  queue = queue.then(async () => {
    let reply: WorkerResponse;
    try {
      reply = await handle(msg);
    } catch (e) {
      reply = { type: 'error', id: msg.id, message: (e as Error).message };
    }
    parentPort?.postMessage(reply);
  });
});
