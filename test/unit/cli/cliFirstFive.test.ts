/** The CLI as a newcomer meets it (issue #9): arguments, tables people can read, weeks and months. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TempHome } from '../../fixtures/tempHome';
import { earlierToday, jsonl, SESSION, SONNET, streamedResponse, usage } from '../../fixtures/claudeFixtures';
import { claudeAssistantLine } from '../../../src/demo/logBuilders';
import { C0, CODEX_ID, rollout, rolloutPath, totals } from '../../fixtures/codexFixtures';

const CLI = path.resolve('dist/cli.js');

function run(h: TempHome, args: string[], extraEnv: Record<string, string> = {}) {
  const env = { PATH: process.env.PATH ?? '', HOME: h.home, XDG_CACHE_HOME: path.join(h.home, '.cache'), NO_COLOR: '1', TMPDIR: h.home, ...extraEnv };
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function withHome(fn: (h: TempHome) => void): void {
  const h = new TempHome();
  try {
    fn(h);
  } finally {
    h.dispose();
  }
}

/** Two agents over two weeks and two months: 2026-10-31 (Sat), 2026-11-02 (Mon), 2026-11-20 (Fri). */
function fixture(h: TempHome): void {
  h.write(`.claude/projects/p/${SESSION}.jsonl`, jsonl([
    ...streamedResponse('msg_A', 'req_A', usage(4, 412, 40211, 1830), Date.parse('2026-10-31T10:00:00Z')),
    ...streamedResponse('msg_B', 'req_B', usage(1000, 1_000_000, 2_500_000, 0), Date.parse('2026-11-02T10:00:00Z')),
  ]));
  h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'gpt-5.1-codex', [totals(18420, 12288, 960, 640)])));
}

const widest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

test('an unknown option exits 2 with one line and a "did you mean"', () =>
  withHome((h) => {
    const r = run(h, ['daily', '--sinse', '2026-11-01']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    const lines = r.err.trim().split('\n');
    assert.ok(lines.length <= 2, r.err);
    assert.match(lines[0]!, /^token-tier: unknown option --sinse \(did you mean --since\?\)$/);
    assert.doesNotMatch(r.err, /positional argument|ERR_PARSE_ARGS/);
  }));

test('an unknown command suggests the nearest one', () =>
  withHome((h) => {
    const r = run(h, ['dayly']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^token-tier: unknown command "dayly" \(did you mean daily\?\)/);
  }));

test('contradictory or incomplete arguments exit 2 with one clear line', () =>
  withHome((h) => {
    const cases: Array<[string[], RegExp]> = [
      [['daily', '--since', '2026-11-20', '--until', '2026-11-10'], /--since 2026-11-20 is after --until 2026-11-10/],
      [['daily', '--since'], /--since needs a value/],
      [['daily', '--since', '2099-01-01'], /--since 2099-01-01 is after today/],
      [['daily', '--json', '--csv'], /--json or --csv, not both/],
      [['--csv'], /--csv works with daily, weekly and monthly/],
      [['--timezone', 'Europe/Berln'], /unknown time zone "Europe\/Berln" \(did you mean Europe\/Berlin\?\)/],
    ];
    for (const [args, want] of cases) {
      const r = run(h, args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, want, args.join(' '));
      assert.ok(r.err.trim().split('\n').length <= 2, r.err);
    }
  }));

test('time-zone names are canonicalised', () =>
  withHome((h) => {
    fixture(h);
    assert.equal(JSON.parse(run(h, ['daily', '--json', '--timezone', 'utc']).out).timezone, 'UTC');
    assert.equal(JSON.parse(run(h, ['daily', '--json', '--timezone', 'europe/berlin']).out).timezone, 'Europe/Berlin');
  }));

test('daily is a table: a column per kind, thousands separators, a total row, within 80 columns', () =>
  withHome((h) => {
    fixture(h);
    const r = run(h, ['daily', '--timezone', 'UTC']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.match(lines[0]!, /^Tokens per day · UTC$/);
    assert.match(lines[1]!, /^Date\s+Input\s+Output\s+Cache read\s+Cache write\s+Total\s+Est\. \$$/);
    // 1,000 in + 1,000,000 out + 2,500,000 cache reads of Sonnet 4.5 in one request (above 200K): 6,000 + 22,500,000 + 1,500,000 µ$.
    assert.match(r.out, /2026-11-02\s+1,000\s+1,000,000\s+2,500,000\s+0\s+3,501,000\s+\$24\.01$/m);
    assert.match(lines.find((l) => l.startsWith('Total'))!, /^Total\s+7,136\s+1,001,372\s+2,552,499\s+1,830\s+3,562,837\s+\$24\.05$/);
    assert.match(r.out, /Est\. \$: list-price estimate; subscriptions differ \(@pydantic\/genai-prices 0\.1\.8\s+\(2026-09-23\)/);
    assert.ok(widest(r.out) <= 80, `widest line ${widest(r.out)}`);
    // Numbers line up on the right.
    const ends = lines.filter((l) => /^\d{4}-/.test(l)).map((l) => l.length);
    assert.equal(new Set(ends).size, 1, r.out);
  }));

test('a narrow terminal gets compact units instead of wrapped lines', () =>
  withHome((h) => {
    fixture(h);
    const r = run(h, ['daily', '--timezone', 'UTC'], { COLUMNS: '60' });
    assert.ok(widest(r.out) <= 60, r.out);
    assert.match(r.out, /3\.5M/);
    // Dates are never cut short to make room.
    assert.match(r.out, /^2026-11-02 /m);
  }));

test('daily --csv is for scripts', () =>
  withHome((h) => {
    fixture(h);
    const r = run(h, ['daily', '--csv', '--timezone', 'UTC']);
    assert.equal(r.code, 0, r.err);
    const [head, ...rows] = r.out.trim().split('\n');
    assert.match(head!, /^date,input,output,cacheRead,cacheWrite,reasoning,total/);
    assert.equal(rows.length, 3);
  }));

test('weekly and monthly group the days, weeks from Monday', () =>
  withHome((h) => {
    fixture(h);
    const weeks = JSON.parse(run(h, ['weekly', '--json', '--timezone', 'UTC']).out) as { weeks: Array<{ week: string; total: number }> };
    assert.deepEqual(weeks.weeks.map((w) => [w.week, w.total]), [['2026-10-26', 42457], ['2026-11-02', 3_501_000], ['2026-11-16', 19380]]);
    const months = JSON.parse(run(h, ['monthly', '--json', '--timezone', 'UTC']).out) as { months: Array<{ month: string; total: number }> };
    assert.deepEqual(months.months.map((m) => [m.month, m.total]), [['2026-10', 42457], ['2026-11', 3_520_380]]);
    const table = run(h, ['monthly', '--timezone', 'UTC']);
    assert.match(table.out, /Month\s+Input/);
    assert.match(table.out, /^2026-11\s/m);
    assert.match(table.out.split('\n').find((l) => l.startsWith('Total'))!, /^Total\s.*3,562,837\s+\$24\.05$/);
  }));

test('the summary fits the terminal', () =>
  withHome((h) => {
    fixture(h);
    const r = run(h, []);
    assert.equal(r.code, 0, r.err);
    assert.ok(widest(r.out) <= 80, `widest line ${widest(r.out)}:\n${r.out}`);
  }));

test('an idle month says so instead of "peak 1/day"', () =>
  withHome((h) => {
    h.write(`.claude/projects/p/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(4, 412, 40211, 1830), Date.now() - 45 * 86_400_000)));
    const r = run(h, []);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /peak 1\/day/);
    assert.match(r.out, /no tokens in the last 30 days/);
  }));

test('a --dir that does not exist is named on stderr', () =>
  withHome((h) => {
    fixture(h);
    const r = run(h, ['daily', '--json', '--dir', `codex=${path.join(h.home, 'nope')}`]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /--dir codex=.*nope: no such folder/);
  }));

test('the demo cleans up after itself and shows no temporary paths', () =>
  withHome((h) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-demo-tmp-'));
    try {
      const r = run(h, ['--demo'], { TMPDIR: tmp });
      assert.equal(r.code, 0, r.err);
      assert.doesNotMatch(r.out, new RegExp(tmp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.match(r.out, /demo home/);
      assert.deepEqual(fs.readdirSync(tmp), []);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }));

test('--help fits 80 columns', () =>
  withHome((h) => {
    const r = run(h, ['--help']);
    assert.equal(r.code, 0);
    assert.ok(widest(r.out) <= 80, r.out);
    assert.match(r.out, /token-tier weekly/);
  }));

test('an empty home shows "Not started" and where it looked, within 80 columns', () =>
  withHome((h) => {
    const r = run(h, []);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Token Tier — Not started$/m);
    assert.ok(widest(r.out) <= 80, r.out);
  }));

/** The fixture's Claude Code lines are in /home/dev/src/app; one more response in /home/dev/src/api. */
function projectFixture(h: TempHome): void {
  fixture(h);
  const api = streamedResponse('msg_C', 'req_C', usage(10, 20, 30, 40), Date.parse('2026-11-02T12:00:00Z')).map((l) => l.replace('"cwd":"/home/dev/src/app"', '"cwd":"/home/dev/src/api"'));
  h.write(`.claude/projects/-home-dev-src-api/${SESSION}.jsonl`, jsonl(api));
}

test('--by project splits each period by the folder the agents worked in (local only)', () =>
  withHome((h) => {
    projectFixture(h);
    const data = JSON.parse(run(h, ['daily', '--by', 'project', '--json', '--timezone', 'UTC']).out) as { days: Array<{ date: string; total: number; projects: Record<string, { total: number }> }> };
    const nov2 = data.days.find((d) => d.date === '2026-11-02')!;
    assert.deepEqual(Object.fromEntries(Object.entries(nov2.projects).map(([p, c]) => [p, c.total])), { '/home/dev/src/app': 3_501_000, '/home/dev/src/api': 100 });
    assert.equal(nov2.total, 3_501_100);
    const nov20 = data.days.find((d) => d.date === '2026-11-20')!;
    assert.deepEqual(Object.keys(nov20.projects), ['/home/dev/src/app'], 'Codex: the session’s cwd');
    const table = run(h, ['monthly', '--by', 'project', '--timezone', 'UTC']);
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /^2026-11\s/m);
    assert.match(table.out, /^ {2}\/home\/dev\/src\/api\s+10\s+20\s+30\s+40\s+100\s+<\$0\.01$/m);
    assert.ok(widest(table.out) <= 80, table.out);
    // The ledger that reports are built from holds no project at all.
    const plain = run(h, ['daily', '--json', '--timezone', 'UTC']).out;
    assert.doesNotMatch(plain, /\/home\/dev\/src/);
    assert.equal((JSON.parse(plain) as { days: Array<{ total: number }> }).days.reduce((n, d) => n + d.total, 0), 3_562_837 + 100);
  }));

test('--by takes only "project"', () =>
  withHome((h) => {
    const r = run(h, ['daily', '--by', 'projct']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--by: unknown grouping "projct" \(did you mean project\?\)/);
  }));

test('"help" as a command is help; a wrong --count names the kinds', () =>
  withHome((h) => {
    const help = run(h, ['help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^token-tier — /);
    const kinds = run(h, ['--count', 'cache']);
    assert.equal(kinds.code, 2);
    assert.match(kinds.err, /the kinds are input, output, cacheRead, cacheWrite/);
  }));

test('compact columns keep one precision ("23.0M" under "36.2M")', () =>
  withHome((h) => {
    const r = run(h, ['--demo']);
    const agents = r.out.slice(r.out.indexOf('By agent'), r.out.indexOf('By model'));
    assert.doesNotMatch(agents, /\s\d{1,2}[KMB]\s/, agents);
  }));

test('a model the price list does not know is shown as "no price", never guessed', () =>
  withHome((h) => {
    h.write(`.claude/projects/p/${SESSION}.jsonl`, jsonl([
      claudeAssistantLine({ ts: earlierToday(), sessionId: SESSION, messageId: 'msg_L', requestId: 'req_L', model: 'my-local-llama', usage: usage(1_000, 500) }),
      claudeAssistantLine({ ts: earlierToday() + 1, sessionId: SESSION, messageId: 'msg_S', requestId: 'req_S', model: SONNET, usage: usage(1_000, 0) }),
    ]));
    const table = run(h, ['daily', '--timezone', 'UTC']).out;
    // Sonnet's 1,000 input tokens are $0.003 — less than a cent — and the llama's 1,500 have no price.
    assert.match(table, /^Total\s.*2,500\s+no price$/m);
    const summary = run(h, ['--timezone', 'UTC']).out;
    assert.match(summary, /no price for my-local-llama \(1\.5K tokens\)/);
    const json = JSON.parse(run(h, ['daily', '--json', '--timezone', 'UTC']).out) as { days: Array<{ cost: number; unpricedTokens: number }> };
    assert.deepEqual(json.days.map((d) => [d.cost, d.unpricedTokens]), [[0.003, 1_500]]);
  }));

test('--by project --csv: a project a log names like a formula opens in a spreadsheet as text', () =>
  withHome((h) => {
    fixture(h);
    const evil = streamedResponse('msg_E', 'req_E', usage(1, 2, 3, 4), Date.parse('2026-11-02T12:00:00Z')).map((l) => l.replace('"cwd":"/home/dev/src/app"', '"cwd":"=HYPERLINK(\\"https://evil.example\\",\\"x\\")"'));
    h.write(`.claude/projects/-evil/${SESSION}.jsonl`, jsonl(evil));
    const csv = run(h, ['daily', '--by', 'project', '--csv', '--timezone', 'UTC']).out;
    const cell = csv.split('\n').find((l) => l.includes('HYPERLINK'))!;
    assert.equal(cell.split(',')[1], `"'=HYPERLINK(""https://evil.example""`, cell);
  }));
