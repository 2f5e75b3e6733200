import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Scanner } from '../engine/scanner';
import type { ScanConfig, ScanOutcome } from '../engine/scanner';
import { cliScanner } from './threadScanner';
import type { CliScanner } from './threadScanner';
import { defaultCliCacheDir, sourceEnvFrom } from '../engine/paths';
import { buildSnapshot } from '../core/snapshot';
import { resolveTimeZone } from '../core/time';
import { writeDemoHome } from '../demo/demoHome';
import type { CliArgs } from './args';
import { parseCliArgs, USAGE } from './args';
import { dailyJson } from '../core/daily';
import { renderNoLogs, renderSummary, style } from './render';
import { renderSources, sourcesJson } from './sources';

declare const TOKEN_TIER_VERSION: string;

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  let args: CliArgs;
  let timezone: string;
  try {
    args = parseCliArgs(argv);
    timezone = resolveTimeZone(args.timezone);
  } catch (e) {
    err.write(`token-tier: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.command === 'help') return write(out, USAGE);
  if (args.command === 'version') return write(out, typeof TOKEN_TIER_VERSION === 'string' ? TOKEN_TIER_VERSION : 'dev');

  const scanner = args.demo ? undefined : machineScanner(args);
  try {
    return await answer(args, timezone, scanner, out, err);
  } finally {
    // The answer is out first; the cache is written after it.
    try {
      await scanner?.persist();
    } catch (e) {
      err.write(`token-tier: the cache was not saved (${(e as Error).message}); the next run reads the logs again\n`);
    }
  }
}

async function answer(args: CliArgs, timezone: string, scanner: CliScanner | undefined, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const st = style(args.color);
  let demoDir: string | undefined;
  let outcome = scanner ? await scanner.run(args.rebuild) : undefined;
  if (outcome && args.command === 'sources') return writeSources(out, args, outcome, st);
  // No log files and no history: a ledger whose transcripts the agents deleted still has its days.
  if (outcome && outcome.report.filesSeen === 0 && outcome.rows.length === 0) {
    const note = renderNoLogs(outcome.report, st);
    if (!args.demoIfEmpty) {
      if (!args.json) return write(out, note);
      // Scripts still get JSON (empty), and the reason on stderr.
      err.write(`${note}\n`);
      const empty = args.command === 'daily' ? dailyJson([], timezone) : buildSnapshot([], { timezone, windowDays: args.windowDays, countedKinds: args.kinds, scan: outcome.report });
      return write(out, JSON.stringify(empty, null, 2));
    }
    err.write(`${note}\nShowing demo data instead.\n\n`);
  }
  try {
    if (!outcome || (outcome.report.filesSeen === 0 && outcome.rows.length === 0)) {
      demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-tier-demo-'));
      writeDemoHome(demoDir);
      // The demo home is laid out as on Linux, whatever this machine is.
      outcome = await new Scanner({ cacheDir: path.join(demoDir, 'cache'), env: { home: demoDir, env: {}, platform: 'linux' } }).run();
      if (args.command === 'sources') return writeSources(out, args, outcome, st);
    }
    if (args.command === 'daily') {
      const data = dailyJson(outcome.rows, timezone, args.since, args.until);
      if (args.json) return write(out, JSON.stringify(data, null, 2));
      const lines = data.days.map((d) => `${d.date}  ${String(d.total).padStart(14)}  ${Object.keys(d.agents).join(', ')}`);
      return write(out, [`date        ${'total'.padStart(14)}  agents  (${data.timezone})`, ...lines].join('\n'));
    }
    const snapshot = buildSnapshot(outcome.rows, {
      timezone,
      windowDays: args.windowDays,
      countedKinds: args.kinds,
      scan: outcome.report,
      demo: demoDir !== undefined,
    });
    if (args.json) return write(out, JSON.stringify(snapshot, null, 2));
    return write(out, renderSummary(snapshot, st));
  } finally {
    if (demoDir) fs.rmSync(demoDir, { recursive: true, force: true });
  }
}

function machineScanner(args: CliArgs): CliScanner {
  const config: ScanConfig = {
    cacheDir: args.cacheDir ?? defaultCliCacheDir(),
    env: sourceEnvFrom(),
    extraDirs: args.extraDirs,
    parseWorkerPath: path.join(__dirname, 'parseWorker.js'),
  };
  return cliScanner(config, args.rebuild, path.join(__dirname, 'scanThread.js'));
}

function writeSources(out: NodeJS.WritableStream, args: CliArgs, outcome: ScanOutcome, st: ReturnType<typeof style>): number {
  return write(out, args.json ? JSON.stringify(sourcesJson(outcome.report), null, 2) : renderSources(outcome.report, st));
}

function write(stream: NodeJS.WritableStream, text: string, code = 0): number {
  stream.write(`${text}\n`);
  return code;
}
