import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScanConfig, ScanOutcome } from '../engine/scanner';
import { cliScanner } from './threadScanner';
import type { CliScanner } from './threadScanner';
import { defaultCliCacheDir, sourceEnvFrom } from '../engine/paths';
import { buildSnapshot } from '../core/snapshot';
import { resolveTimeZone, Zone } from '../core/time';
import { scanDemoHome } from '../engine/demoScan';
import type { CliArgs } from './args';
import { parseCliArgs, USAGE } from './args';
import { dailyJson, periodCsv, periodRows, projectPeriods, sumCounts } from '../core/daily';
import type { DailyJson, Period, PeriodRow, ProjectRow } from '../core/daily';
import type { LedgerRow } from '../core/ledger';
import { countsTable, periodTable } from './table';
import { renderNoLogs, renderSummary, style, tildify } from './render';
import { renderSources, sourcesJson } from './sources';
import { wrapAt } from './wrap';
import { COST_LABEL } from '../shared/format';
import { PRICE_LIST } from '../core/prices/priceList';
import { csvCell } from '../shared/csv';

declare const TOKEN_TIER_VERSION: string;

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  let args: CliArgs;
  let timezone: string;
  try {
    args = parseCliArgs(argv);
    timezone = resolveTimeZone(args.timezone);
    // A range that starts after today shows nothing and would look like a bug of ours.
    const today = Zone.of(timezone).date(Date.now());
    if (args.since && args.since > today) throw new Error(`--since ${args.since} is after today (${today} in ${timezone})`);
  } catch (e) {
    err.write(`token-tier: ${(e as Error).message}\nRun token-tier --help for usage.\n`);
    return 2;
  }
  if (args.command === 'help') return write(out, USAGE);
  if (args.command === 'version') return write(out, typeof TOKEN_TIER_VERSION === 'string' ? TOKEN_TIER_VERSION : 'dev');
  const width = terminalWidth(out);
  for (const [agent, dirs] of Object.entries(args.extraDirs)) {
    for (const dir of dirs) if (!fs.existsSync(dir)) err.write(`token-tier: --dir ${agent}=${dir}: no such folder (still looked in the default folders)\n`);
  }
  const scanner = args.demo ? undefined : machineScanner(args);
  try {
    return await answer(args, timezone, width, scanner, out, err);
  } finally {
    // The answer is out first; the cache is written after it.
    try {
      await scanner?.persist();
    } catch (e) {
      err.write(`token-tier: the cache was not saved (${(e as Error).message}); the next run reads the logs again\n`);
    }
  }
}

async function answer(args: CliArgs, timezone: string, width: number, scanner: CliScanner | undefined, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const st = style(args.color);
  let demo = false;
  let outcome = scanner ? await scanner.run(args.rebuild) : undefined;
  if (outcome && args.command === 'sources') return writeSources(out, args, outcome, st);
  // No log files and no history: a ledger whose transcripts the agents deleted still has its days.
  if (outcome && outcome.report.filesSeen === 0 && outcome.rows.length === 0) {
    const note = renderNoLogs(outcome.report, st, width);
    if (!args.demoIfEmpty) {
      if (!args.json) return write(out, note);
      // Scripts still get JSON (empty), and the reason on stderr.
      err.write(`${note}\n`);
      const empty = isTable(args.command) ? periodJson(args, [], timezone) : buildSnapshot([], { timezone, windowDays: args.windowDays, countedKinds: args.kinds, scan: outcome.report });
      return write(out, JSON.stringify(empty, null, 2));
    }
    err.write(`${note}\nShowing demo data instead.\n\n`);
  }
  if (!outcome || (outcome.report.filesSeen === 0 && outcome.rows.length === 0)) {
    outcome = await scanDemoHome(Date.now(), args.byProject);
    demo = true;
    if (args.command === 'sources') return writeSources(out, args, outcome, st);
  }
  if (isTable(args.command) && args.byProject) return write(out, projectOutput(args, outcome.rows, timezone, demo, width, st));
  if (isTable(args.command)) {
    const data = periodJson(args, outcome.rows, timezone);
    if (args.json) return write(out, JSON.stringify(data, null, 2));
    const rows = 'days' in data ? periodRows(data.days, 'day') : 'weeks' in data ? data.weeks.map(asRow) : data.months.map(asRow);
    if (args.csv) return write(out, periodCsv(rows, PERIOD[args.command].csv).trimEnd());
    return write(out, renderPeriods(rows, args, timezone, demo, width, st));
  }
  const snapshot = buildSnapshot(outcome.rows, {
    timezone,
    windowDays: args.windowDays,
    countedKinds: args.kinds,
    scan: outcome.report,
    demo,
  });
  if (args.json) return write(out, JSON.stringify(snapshot, null, 2));
  return write(out, renderSummary(snapshot, st, width));
}

type TableCommand = 'daily' | 'weekly' | 'monthly';
const PERIOD: Record<TableCommand, { period: Period; head: string; csv: string; title: string }> = {
  daily: { period: 'day', head: 'Date', csv: 'date', title: 'Tokens per day' },
  weekly: { period: 'week', head: 'Week of', csv: 'week', title: 'Tokens per week (from Monday)' },
  monthly: { period: 'month', head: 'Month', csv: 'month', title: 'Tokens per month' },
};

function isTable(c: CliArgs['command']): c is TableCommand {
  return c in PERIOD;
}

type PeriodJson = DailyJson | { timezone: string; costBasis: string; weeks: PeriodOut[] } | { timezone: string; costBasis: string; months: PeriodOut[] };
type PeriodOut = Omit<PeriodRow, 'period'> & { week?: string; month?: string };

/** `daily --json` keeps its shape (`days[].date`); weeks and months name their own key. */
function periodJson(args: CliArgs, rows: readonly LedgerRow[], timezone: string): PeriodJson {
  const daily = dailyJson(rows, timezone, args.since, args.until);
  if (args.command === 'daily') return daily;
  const key = args.command === 'weekly' ? 'week' : 'month';
  const grouped = periodRows(daily.days, PERIOD[args.command as TableCommand].period).map(({ period, ...rest }) => ({ [key]: period, ...rest }));
  return key === 'week' ? { timezone, costBasis: daily.costBasis, weeks: grouped } : { timezone, costBasis: daily.costBasis, months: grouped };
}

function asRow(r: PeriodOut): PeriodRow {
  const { week, month, ...rest } = r;
  return { period: week ?? month ?? '', ...rest };
}

function renderPeriods(rows: PeriodRow[], args: CliArgs, timezone: string, demo: boolean, width: number, st: ReturnType<typeof style>): string {
  const p = PERIOD[args.command as TableCommand];
  const range = args.since || args.until ? ` from ${args.since ?? 'the first day'} to ${args.until ?? 'today'}` : '';
  const title = st.bold(`${p.title}${range}`) + st.dim(` · ${timezone}${demo ? ' · demo data' : ''}`);
  if (rows.length === 0) return `${title}\nNo tokens${range || ' yet'}.`;
  return [title, ...periodTable(rows, p.head, width), ...costNote(width, st)].join('\n');
}

/** The terminal's width; pipes get COLUMNS or 80. */
function terminalWidth(out: NodeJS.WritableStream): number {
  const cols = (out as { columns?: number }).columns ?? Number(process.env.COLUMNS);
  return Number.isFinite(cols) && cols >= 40 ? cols : 80;
}

/**
 * `--by project`: the periods, each split by project. Its ledger is a cache of its own (rows by
 * project instead of model), so the one that reports are built from never holds a folder name.
 */
function projectOutput(args: CliArgs, rows: readonly LedgerRow[], timezone: string, demo: boolean, width: number, st: ReturnType<typeof style>): string {
  const p = PERIOD[args.command as TableCommand];
  const periods = projectPeriods(rows, timezone, p.period, args.since, args.until);
  if (args.json) {
    const key = p.csv;
    const counts = ({ project: _p, ...c }: ProjectRow) => c;
    return JSON.stringify({ timezone, [key === 'date' ? 'days' : `${key}s`]: periods.map((x) => ({ [key]: x.period, total: sumCounts(x.projects).total, projects: Object.fromEntries(x.projects.map((r) => [r.project, counts(r)])) })) }, null, 2);
  }
  if (args.csv) {
    const head = [p.csv, 'project', 'input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'total', 'cost_usd_estimate', 'unpriced_tokens'];
    return [head.join(','), ...periods.flatMap((x) => x.projects.map((r) => [x.period, csvCell(r.project), r.input, r.output, r.cacheRead, r.cacheWrite, r.reasoning, r.total, r.cost.toFixed(6), r.unpricedTokens].join(',')))].join('\n');
  }
  const title = st.bold(`${p.title} by project`) + st.dim(` · ${timezone}${demo ? ' · demo data' : ''} · kept on this machine`);
  if (periods.length === 0) return `${title}\nNo tokens.`;
  const lines = periods.flatMap((x) => [{ label: x.period, counts: sumCounts(x.projects) }, ...x.projects.map((r) => ({ label: `  ${tildify(r.project)}`, counts: r }))]);
  return [title, ...countsTable(`${p.head} / project`, lines, sumCounts(periods.flatMap((x) => x.projects)), width), ...costNote(width, st)].join('\n');
}

/** Under every table with an "Est. $" column: what the figure is and is not. */
function costNote(width: number, st: ReturnType<typeof style>): string[] {
  return wrapAt(`Est. $: ${COST_LABEL} (${PRICE_LIST}, or the agent's own logged cost).`, width, '').map(st.dim);
}

function machineScanner(args: CliArgs): CliScanner {
  const base = args.cacheDir ?? defaultCliCacheDir();
  const config: ScanConfig = {
    cacheDir: args.byProject ? path.join(base, 'by-project') : base,
    byProject: args.byProject,
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
