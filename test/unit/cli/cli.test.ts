import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TempHome } from '../../fixtures/tempHome';
import { earlierToday, jsonl, SESSION, streamedResponse, usage } from '../../fixtures/claudeFixtures';
import { C0, CODEX_ID, rollout, rolloutPath, totals } from '../../fixtures/codexFixtures';

const CLI = path.resolve('dist/cli.js');

function run(h: TempHome, args: string[]) {
  const env = { PATH: process.env.PATH ?? '', HOME: h.home, XDG_CACHE_HOME: path.join(h.home, '.cache'), NO_COLOR: '1' };
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('daily --json on a fixture home gives exact per-day, per-agent totals', () => {
  const h = new TempHome();
  try {
    // 23:30 UTC on the 19th is the 20th in Berlin (UTC+1).
    h.write(`.claude/projects/p/${SESSION}.jsonl`, jsonl([
      ...streamedResponse('msg_A', 'req_A', usage(4, 412, 40211, 1830), Date.parse('2026-11-19T23:30:00Z')),
      ...streamedResponse('msg_B', 'req_B', usage(1, 100, 0, 0), Date.parse('2026-11-20T10:00:00Z')),
    ]));
    h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'gpt-5.1-codex', [totals(18420, 12288, 960, 640)])));
    const r = run(h, ['daily', '--json', '--timezone', 'Europe/Berlin']);
    assert.equal(r.code, 0, r.err);
    const data = JSON.parse(r.out);
    assert.equal(data.timezone, 'Europe/Berlin');
    assert.deepEqual(data.days, [
      {
        date: '2026-11-20',
        input: 4 + 1 + 6132,
        output: 412 + 100 + 960,
        cacheRead: 40211 + 12288,
        cacheWrite: 1830,
        reasoning: 640,
        total: 42457 + 101 + 19380,
        // Sonnet 4.5: 25,118 µ$ (12 + 6,180 + 12,063.3 + 6,862.5) + 1,503 (3 + 1,500); GPT-5.1: 7,665 + 9,600 + 1,536.
        cost: 0.045422,
        unpricedTokens: 0,
        agents: {
          'claude-code': { input: 5, output: 512, cacheRead: 40211, cacheWrite: 1830, reasoning: 0, total: 42558, cost: 0.026621, unpricedTokens: 0 },
          codex: { input: 6132, output: 960, cacheRead: 12288, cacheWrite: 0, reasoning: 640, total: 19380, cost: 0.018801, unpricedTokens: 0 },
        },
      },
    ]);
    const utc = JSON.parse(run(h, ['daily', '--json', '--timezone', 'UTC', '--since', '2026-11-20']).out);
    assert.deepEqual(utc.days.map((d: { date: string; total: number }) => [d.date, d.total]), [['2026-11-20', 101 + 19380]]);
  } finally {
    h.dispose();
  }
});

test('the default view shows tier, progress, curve, breakdown and sources', () => {
  const h = new TempHome();
  try {
    h.write(`.claude/projects/p/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(4, 412, 40211, 1830), earlierToday())));
    const r = run(h, []);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Token Tier — Beginner/);
    assert.match(r.out, /Intermediate needs [\d.]+M tokens\/day on average/);
    assert.match(r.out, /Today\s+42\.5K/);
    assert.match(r.out, /Last 30 days/);
    assert.match(r.out, /claude-sonnet-4-5-20250929\s+42\.5K/);
    assert.match(r.out, /Claude Code\s+1 file in /);
  } finally {
    h.dispose();
  }
});

test('a machine without logs is told which folders were searched', () => {
  const h = new TempHome();
  try {
    const r = run(h, []);
    assert.equal(r.code, 0);
    assert.match(r.out, /No AI coding agent logs found/);
    // Under the home folder as ~/…, so the list fits the terminal.
    assert.match(r.out, /^Token Tier — Not started$/m);
    assert.ok(r.out.includes(path.join('~', '.claude', 'projects')), r.out);
    assert.ok(r.out.includes(path.join('~', '.codex', 'sessions')), r.out);
    const demo = run(h, ['--demo-if-empty']);
    assert.match(demo.err, /Showing demo data instead/);
    assert.match(demo.out, /Token Tier — \w+.*\(demo data\)/);
  } finally {
    h.dispose();
  }
});

test('bad arguments exit 2 with a reason', () => {
  const h = new TempHome();
  try {
    for (const args of [['--since', '20261120'], ['--timezone', 'Nowhere/City'], ['--dir', 'cursor=/x'], ['frobnicate']]) {
      const r = run(h, args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^token-tier: /);
    }
  } finally {
    h.dispose();
  }
});

test('history outlives the logs: with every transcript deleted, the ledger still shows the days', () => {
  const h = new TempHome();
  try {
    const file = h.write(`.claude/projects/p/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(4, 412, 40211, 1830), earlierToday())));
    assert.equal(run(h, []).code, 0);
    fs.rmSync(file);
    const r = run(h, []);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /No AI coding agent logs found/);
    assert.match(r.out, /Today\s+42\.5K/);
    const daily = JSON.parse(run(h, ['daily', '--json']).out) as { days: Array<{ total: number }> };
    assert.equal(daily.days.reduce((n, d) => n + d.total, 0), 42457);
  } finally {
    h.dispose();
  }
});

test('sources --demo lists the demo home’s agents, not the summary', () => {
  const h = new TempHome();
  try {
    const r = run(h, ['sources', '--demo']);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /Token Tier — /);
    assert.match(r.out, /Claude Code/);
    assert.match(r.out, /Copilot Chat/);
    const json = JSON.parse(run(h, ['sources', '--demo', '--json']).out) as { agents: Array<{ agent: string; found: boolean }> };
    assert.ok(json.agents.find((a) => a.agent === 'claude-code')!.found);
  } finally {
    h.dispose();
  }
});

test('sources names an agent folder that exists but holds no session yet, rather than a folder that does not exist', () => {
  const h = new TempHome();
  try {
    fs.mkdirSync(path.join(h.home, '.claude', 'projects'), { recursive: true });
    const r = run(h, ['sources']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`Claude Code\\s+no sessions yet in ${path.join(h.home, '.claude', 'projects').replace(/[.]/g, '\\.')}`));
  } finally {
    h.dispose();
  }
});
