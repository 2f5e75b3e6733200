import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ScanReport } from '../shared/snapshot';
import { writeDemoHome } from '../demo/demoHome';
import { Scanner } from './scanner';
import type { ScanOutcome } from './scanner';

/**
 * A month of generated logs in a temporary home, read by the real discovery and parsers into a
 * throwaway ledger, then deleted: the demo never touches the user's ledger, cache or reports.
 */
export async function scanDemoHome(now = Date.now(), byProject = false): Promise<ScanOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-tier-demo-'));
  try {
    writeDemoHome(dir, now);
    // Laid out as on Linux, whatever this machine is.
    const outcome = await new Scanner({ cacheDir: path.join(dir, 'cache'), env: { home: dir, env: {}, platform: 'linux' }, byProject }).run();
    // The folder is gone once this returns: say where the logs were as what they were.
    return { ...outcome, report: relabelPaths(outcome.report, dir, 'demo home') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function relabelPaths(report: ScanReport, from: string, to: string): ScanReport {
  const swap = (p: string) => p.split(from).join(to);
  return {
    ...report,
    sources: report.sources.map((src) => ({ ...src, folders: src.folders.map((f) => ({ ...f, path: swap(f.path) })), problems: src.problems.map(swap) })),
    problems: report.problems.map(swap),
    watch: [],
  };
}
