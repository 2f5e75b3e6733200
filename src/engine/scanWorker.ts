import * as fs from 'node:fs';
import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { ScanConfig, ScanOutcome } from './scanner';
import type { Snapshot } from '../shared/snapshot';
import { scanDemoHome } from './demoScan';
import type { ViewOptions, WorkerEvent, WorkerRequest, WorkerResponse } from './scanProtocol';
import { RootWatcher } from './rootWatcher';
import { SharedScanner, WAKE_FILE } from './sharedScanner';
import type { CacheRole } from './sharedScanner';
import { CacheWatcher } from './cacheWatcher';
import type { CacheEvent } from './cacheWatcher';
import { buildSnapshot } from '../core/snapshot';
import { tiersWithOverrides } from '../core/tiers';
import { dailyJson } from '../core/daily';
import { reportRows } from '../core/report';

/**
 * The scan worker of one window: owns one SharedScanner for the extension's lifetime. Of all the
 * windows on this machine one is the writer — it watches the agents' logs, scans and commits — and
 * the others are readers that watch only the cache folder and show what the writer committed.
 */
let shared: SharedScanner | undefined;
const event = (e: WorkerEvent) => parentPort?.postMessage(e);
/** Files the watcher reported since the last scan; a scan soon after a full one reads only these.
 * `undefined`: something the watcher could not name changed, so the next scan is a full one. */
let watched: Set<string> | undefined = new Set<string>();
let lastFullAt = 0;
const FULL_EVERY_MS = 60_000;
/** The writer touches its lease this often; a reader checks this often whether the writer is gone. */
const LEASE_EVERY_MS = 15_000;
/** A reader does not ask the writer for a scan in answer to the writer's own commit. */
const ECHO_MS = 1_500;
let lastCacheEventAt = 0;
/** A reader asked for a rebuild: the writer's next scan is one. */
let rebuildAsked = false;

const logWatcher = new RootWatcher(
  (paths) => {
    if (!paths) watched = undefined;
    else for (const p of paths) watched?.add(p);
    event({ type: 'changed' });
  },
  (message) => event({ type: 'watchError', message }),
);

const cacheWatcher = new CacheWatcher((events) => onCacheEvents(events));

function onCacheEvents(events: ReadonlySet<CacheEvent>): void {
  lastCacheEventAt = Date.now();
  if (shared?.role === 'writer') {
    if (!events.has('wake')) return;
    rebuildAsked ||= readRebuildAsked();
    event({ type: 'changed' });
    return;
  }
  // A reader: a new commit to show, or the lease given up to take over.
  if (events.has('committed') || events.has('lease')) event({ type: 'changed' });
}

function readRebuildAsked(): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(shared!.cacheDir, WAKE_FILE), 'utf8')) as { rebuild?: unknown }).rebuild === true;
  } catch {
    return false;
  }
}

const leaseTimer = setInterval(() => {
  if (!shared) return;
  if (shared.role === 'writer') shared.renew();
  else if (shared.writerGone()) event({ type: 'changed' });
}, LEASE_EVERY_MS);
leaseTimer.unref();

function sharedFor(config: ScanConfig): SharedScanner {
  if (!shared) shared = new SharedScanner(config);
  else shared.reconfigure(config);
  cacheWatcher.watch(config.cacheDir);
  return shared;
}

async function handle(msg: WorkerRequest): Promise<WorkerResponse> {
  if (msg.type === 'demo') {
    const demo = await scanDemoHome();
    return { type: 'scan', id: msg.id, snapshot: snapshotOf(demo, msg.view, true), changed: false };
  }
  if (msg.type === 'close') {
    shared?.close();
    logWatcher.watch([]);
    cacheWatcher.close();
    return { type: 'closed', id: msg.id };
  }
  if (msg.type === 'report') {
    return { type: 'report', id: msg.id, rows: reportRows(sharedFor(msg.config).rows(), msg.timezone, msg.since) };
  }
  if (msg.type === 'daily') {
    return { type: 'daily', id: msg.id, data: dailyJson(sharedFor(msg.config).rows(), msg.timezone) };
  }
  const s = sharedFor(msg.config);
  const rebuild = msg.rebuild || (s.role === 'writer' && rebuildAsked);
  // A folder event without file names (or an old full scan) means: look at everything.
  const partial = !rebuild && watched !== undefined && watched.size > 0 && Date.now() - lastFullAt < FULL_EVERY_MS;
  const paths = partial ? watched : undefined;
  const nudge = Date.now() - lastCacheEventAt > ECHO_MS;
  const outcome = await s.run({ rebuild, paths, nudge });
  if (outcome.role === 'writer') {
    watched = new Set();
    rebuildAsked &&= !rebuild;
    if (!partial) lastFullAt = Date.now();
  }
  watchFor(outcome.role, outcome);
  const snapshot = snapshotOf(outcome, msg.view, false);
  const rows = msg.reportSince ? reportRows(outcome.rows, msg.view.timezone, msg.reportSince) : undefined;
  return { type: 'scan', id: msg.id, snapshot, changed: outcome.changed, reportRows: rows, role: outcome.role };
}

/** Only the writer watches the logs; a reader's snapshot names no folders for its host to watch. */
function watchFor(role: CacheRole, outcome: ScanOutcome): void {
  if (role === 'writer') {
    logWatcher.watch(outcome.report.watch);
    return;
  }
  logWatcher.watch([]);
  watched = undefined;
  outcome.report = { ...outcome.report, watch: [] };
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
