import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { TempHome } from '../../fixtures/tempHome';
import { DAY_TOTALS, EXPECTED, EXPECTED_COST, writeAllAgentsHome } from '../../fixtures/allAgentsHome';
import { AGENT_IDS, AGENT_LABELS } from '../../../src/shared/tokens';

const CLI = path.resolve('dist/cli.js');

function run(h: TempHome, args: string[]) {
  const env = { PATH: process.env.PATH ?? '', HOME: h.home, XDG_CACHE_HOME: path.join(h.home, '.cache'), NO_COLOR: '1', COLUMNS: '100' };
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('a home with all nineteen agents gives the hand-computed totals in daily --json', () => {
  const h = new TempHome();
  try {
    writeAllAgentsHome(h.home);
    const r = run(h, ['daily', '--json', '--timezone', 'UTC']);
    assert.equal(r.code, 0, r.err);
    const data = JSON.parse(r.out) as { days: Array<{ date: string; total: number; agents: Record<string, Record<string, number>> }> };
    assert.deepEqual(data.days.map((d) => [d.date, d.total]), Object.entries(DAY_TOTALS));
    for (const id of AGENT_IDS) {
      const e = EXPECTED[id];
      const day = data.days.find((d) => d.date === e.date)!;
      const cost = EXPECTED_COST[id];
      assert.deepEqual(day.agents[id], { input: e.input, output: e.output, cacheRead: e.cacheRead, cacheWrite: e.cacheWrite, reasoning: e.reasoning, total: e.total, cost: cost.costMicros / 1e6, unpricedTokens: cost.unpriced }, id);
    }
    // Read again from the cache (a new process), nothing changes.
    assert.deepEqual(JSON.parse(run(h, ['daily', '--json', '--timezone', 'UTC']).out), data);
  } finally {
    h.dispose();
  }
});

test('sources lists every agent as found, with where and what was read', () => {
  const h = new TempHome();
  try {
    writeAllAgentsHome(h.home);
    const json = JSON.parse(run(h, ['sources', '--json']).out) as { agents: Array<{ agent: string; found: boolean; files: number; rowsRead: number; lastActivity: string | null }> };
    assert.deepEqual(json.agents.map((a) => a.agent), [...AGENT_IDS]);
    assert.ok(json.agents.every((a) => a.found && a.lastActivity !== null), JSON.stringify(json.agents));
    assert.equal(json.agents.find((a) => a.agent === 'opencode')!.rowsRead, 1);
    assert.equal(json.agents.find((a) => a.agent === 'copilot-chat')!.files, 1, 'the .json beside its .jsonl is not read');
    const text = run(h, ['sources']).out;
    for (const id of AGENT_IDS) assert.match(text, new RegExp(`✓ ${AGENT_LABELS[id].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`), id);
  } finally {
    h.dispose();
  }
});

test('the terminal view breaks the window down by all nineteen agents', () => {
  const h = new TempHome();
  try {
    writeAllAgentsHome(h.home);
    const r = run(h, ['--timezone', 'UTC', '--window', '90']);
    assert.equal(r.code, 0, r.err);
    for (const id of AGENT_IDS) assert.ok(r.out.includes(AGENT_LABELS[id]), id);
  } finally {
    h.dispose();
  }
});

test('a developer who only uses Copilot Chat in VS Code sees a real tier, not "no logs"', () => {
  const h = new TempHome();
  try {
    const now = Date.now();
    const sessions = path.join(h.home, '.config/Code/User/workspaceStorage/abc/chatSessions');
    const req = (i: number) => ({ requestId: `r${i}`, timestamp: now - i * 3_600_000, modelId: 'copilot/gpt-5.1', result: { metadata: { promptTokens: 400_000, outputTokens: 20_000 } } });
    h.write(path.relative(h.home, path.join(sessions, 's1.jsonl')), JSON.stringify({ kind: 0, v: { sessionId: 's1', requests: [0, 1, 2, 3, 4, 5].map(req) } }) + '\n');
    const r = run(h, []);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /No AI coding agent logs/);
    // 6 × 420,000 = 2.52M in the window's 7 days: 360K/day, a Beginner.
    assert.match(r.out, /Token Tier — Beginner/);
    assert.match(r.out, /Copilot Chat\s+2\.5M/);
    const json = JSON.parse(run(h, ['daily', '--json']).out);
    assert.equal(json.days.reduce((s: number, d: { total: number }) => s + d.total, 0), 2_520_000);
  } finally {
    h.dispose();
  }
});

test('with no logs at all, --json still prints JSON (and says why on stderr)', () => {
  const h = new TempHome();
  try {
    const daily = run(h, ['daily', '--json']);
    assert.equal(daily.code, 0);
    assert.deepEqual(JSON.parse(daily.out).days, []);
    assert.match(daily.err, /No AI coding agent logs found/);
    const summary = run(h, ['--json']);
    assert.equal(JSON.parse(summary.out).standing.tierIndex, 0);
  } finally {
    h.dispose();
  }
});
