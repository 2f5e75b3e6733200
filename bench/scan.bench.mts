/**
 * `npm run bench [-- --size-mb N]`: generates a heavy user's corpus (default 1 GiB), then times
 * Token Tier (cold, warm, incremental; as a CLI process and as the extension's long-lived worker
 * scanner) against `ccusage daily --json` on the same files, and compares their daily totals.
 * Prints figures and targets; asserts nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { writeCorpus } from './corpus.ts';
import { Scanner } from '../src/engine/scanner.ts';
import { claudeAssistantLine } from '../src/demo/logBuilders.ts';
import { formatBytes } from '../src/shared/format.ts';

const { values } = parseArgs({ options: { 'size-mb': { type: 'string', default: '1024' }, keep: { type: 'boolean', default: true } } });
const sizeMb = Number(values['size-mb']);
const root = path.resolve('.bench');
const home = path.join(root, `corpus-${sizeMb}mb`);
const marker = path.join(home, '.complete');

if (!fs.existsSync(marker)) {
  fs.rmSync(home, { recursive: true, force: true });
  const t = Date.now();
  const r = writeCorpus({ dir: home, bytes: sizeMb * 1024 * 1024 });
  fs.writeFileSync(marker, JSON.stringify(r));
  console.log(`generated ${r.files} files, ${formatBytes(r.bytes)} in ${((Date.now() - t) / 1000).toFixed(1)} s → ${home}`);
}
const corpus = JSON.parse(fs.readFileSync(marker, 'utf8')) as { files: number; bytes: number };
console.log(`corpus: ${corpus.files} files, ${formatBytes(corpus.bytes)}; node ${process.version}, ${os.cpus().length} cores\n`);

const hasTime = fs.existsSync('/usr/bin/time');
const env = { PATH: process.env.PATH ?? '', HOME: home, LANG: 'C.UTF-8' };

/** Runs a command, returning wall seconds, peak RSS (MiB, via /usr/bin/time) and stdout. */
function timed(cmd: string, args: string[]): { s: number; rssMb: number | undefined; out: string } {
  const t = process.hrtime.bigint();
  const full = hasTime ? ['/usr/bin/time', ['-f', '%M', cmd, ...args]] as const : [cmd, args] as const;
  const r = spawnSync(full[0], [...full[1]], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  const rss = hasTime ? Number(r.stderr.trim().split('\n').at(-1)) / 1024 : undefined;
  return { s, rssMb: rss, out: r.stdout };
}

const ccusageBin = path.resolve('node_modules/.bin/ccusage');
const cli = path.resolve('dist/cli.js');
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-bench-cache-'));
const tt = (extra: string[] = []) => timed(process.execPath, [cli, 'daily', '--json', '--timezone', 'UTC', '--cache-dir', cache, ...extra]);
const cc = () => timed(ccusageBin, ['daily', '--json', '--offline', '--timezone', 'UTC']);

type DayTotals = Map<string, number>;
function ttDays(out: string): DayTotals {
  return new Map((JSON.parse(out).days as Array<{ date: string; total: number }>).map((d) => [d.date, d.total]));
}
function ccDays(out: string): DayTotals {
  return new Map((JSON.parse(out).daily as Array<{ period: string; totalTokens: number }>).map((d) => [d.period, d.totalTokens]));
}
function compare(a: DayTotals, b: DayTotals): string {
  const dates = new Set([...a.keys(), ...b.keys()]);
  let diff = 0;
  let sumA = 0;
  let sumB = 0;
  for (const d of dates) {
    sumA += a.get(d) ?? 0;
    sumB += b.get(d) ?? 0;
    if ((a.get(d) ?? 0) !== (b.get(d) ?? 0)) diff++;
  }
  return `${dates.size - diff}/${dates.size} days equal; total ${sumA.toLocaleString('en-US')} vs ccusage ${sumB.toLocaleString('en-US')}${sumA === sumB ? ' (identical)' : ` (${(((sumA - sumB) / sumB) * 100).toFixed(2)} %)`}`;
}

cc(); // warms the page cache for both tools
const ccCold = cc();
const ttCold = tt();
const ttWarm = tt();
const totalsA = compare(ttDays(ttCold.out), ccDays(ccCold.out));

// Append new responses to a few files, as agents do while you work.
const appended: Array<[string, number]> = [];
const claudeFiles = spawnSync('find', [path.join(home, '.claude'), '-name', '*.jsonl', '-size', '-2M'], { encoding: 'utf8' }).stdout.trim().split('\n').slice(0, 5);
for (const [i, f] of claudeFiles.entries()) {
  appended.push([f, fs.statSync(f).size]);
  const usage = { input: 5, output: 700 + i, cacheRead: 50_000, cacheWrite: 1200 };
  fs.appendFileSync(f, claudeAssistantLine({ ts: Date.parse('2026-11-22T17:00:00Z') + i, sessionId: 's', messageId: `msg_bench_${i}_${Date.now()}`, requestId: 'r', model: 'claude-sonnet-4-5-20250929', usage }) + '\n');
}
const ttIncr = tt();
const ccAfter = cc();
const totalsB = compare(ttDays(ttIncr.out), ccDays(ccAfter.out));

// The extension's worker keeps its Scanner alive: warm and incremental then cost only stats plus
// the new lines. Five rounds each; the median is printed.
const scanner = new Scanner({ cacheDir: cache, env: { home, env: {} } });
await scanner.run();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async (paths?: string[]) => {
  const t = process.hrtime.bigint();
  await scanner.run({ paths });
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const appendRound = (round: number) => {
  for (const [f] of appended) {
    const line = claudeAssistantLine({ ts: Date.parse('2026-11-22T17:30:00Z'), sessionId: 's', messageId: `msg_bench_${round}_${f.length}_${Date.now()}`, requestId: 'r', model: 'claude-sonnet-4-5-20250929', usage: { input: 1, output: 1, cacheRead: 1, cacheWrite: 1 } });
    fs.appendFileSync(f, line + '\n');
  }
};
const warmRuns: number[] = [];
const incrRuns: number[] = [];
const watchedRuns: number[] = [];
for (let round = 0; round < 5; round++) {
  warmRuns.push(await time());
  appendRound(round);
  incrRuns.push(await time());
  appendRound(round + 100);
  watchedRuns.push(await time(appended.map(([f]) => f)));
}
const workerWarmMs = median(warmRuns);
const workerIncrMs = median(incrRuns);
const workerWatchedMs = median(watchedRuns);
for (const [f, size] of appended) fs.truncateSync(f, size); // keep the corpus reusable
fs.rmSync(cache, { recursive: true, force: true });

const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
const rss = (r: number | undefined) => (r === undefined ? 'n/a' : `${r.toFixed(0)} MiB`);
const rows: Array<[string, string, string]> = [
  ['ccusage daily --json (native), cold', `${ms(ccCold.s)}, peak RSS ${rss(ccCold.rssMb)}`, ''],
  ['Token Tier CLI, cold (empty cache)', `${ms(ttCold.s)}, peak RSS ${rss(ttCold.rssMb)}`, `target ≤ 1.5× ccusage: ${(ttCold.s / ccCold.s).toFixed(2)}×; RSS target ≤ 200 MiB`],
  ['Token Tier CLI, warm (new process, nothing changed)', ms(ttWarm.s), `${(ccCold.s / ttWarm.s).toFixed(0)}× faster than ccusage; includes Node start`],
  ['Token Tier CLI, incremental (5 files appended)', ms(ttIncr.s), 'includes Node start'],
  ['Token Tier worker scanner, warm (median of 5)', `${workerWarmMs.toFixed(1)} ms`, 'target ≤ 100 ms'],
  ['Token Tier worker scanner, incremental, full stat (median of 5)', `${workerIncrMs.toFixed(1)} ms`, 'target ≤ 50 ms (5 files appended)'],
  ['Token Tier worker scanner, incremental, watched paths (median)', `${workerWatchedMs.toFixed(1)} ms`, 'what a live update costs: the watcher names the 5 files'],
];
for (const [a, b, c] of rows) console.log(`${a.padEnd(64)} ${b.padEnd(28)} ${c}`);
console.log(`\ntotals, cold:        ${totalsA}`);
console.log(`totals, after append: ${totalsB}`);
