import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeDemoHome } from '../../../src/demo/demoHome';
import { SOURCES } from '../../../src/sources/registry';
import { Store } from '../../../src/engine/store';
import { TempHome, canonical } from '../../fixtures/tempHome';
import { jsonl, streamedResponse, usage } from '../../fixtures/claudeFixtures';

const CLI = path.resolve('dist/cli.js');
const KILL_AT = path.resolve('test/fixtures/killAt.mjs');
const NOW = Date.parse('2026-11-23T12:00:00Z');

/** The CLI on `h`, SIGKILLed before its `killAt`th file write when given. */
function cli(h: TempHome, args: string[], killAt?: number) {
  const env = { PATH: process.env.PATH ?? '', HOME: h.home, TT_KILL_AT: String(killAt ?? 0) };
  return spawnSync(process.execPath, ['--import', pathToFileURL(KILL_AT).href, CLI, 'daily', '--json', '--timezone', 'UTC', '--cache-dir', h.cacheDir, ...args], { env, encoding: 'utf8' });
}

/** What the cache holds, as the next run would open it: the ledger and where each file was read to. */
function cacheState(h: TempHome): string {
  const versions: Record<string, number> = {};
  for (const s of SOURCES) versions[s.id] = s.parserVersion;
  const store = new Store(h.cacheDir, versions);
  try {
    const { cursors, rows } = store.open();
    assert.deepEqual(store.problems, [], 'the cache opens without being rebuilt');
    const offsets = [...cursors].map(([p, c]) => `${p}@${c.offset}`).sort();
    return JSON.stringify({ rows: canonical(rows), offsets });
  } finally {
    store.close();
  }
}

/**
 * Kills the CLI at each of its file writes in turn (until a run completes), each time from the
 * same cache `before`; the cache must then open as the old one or the new one, never a mix, and
 * the next run (with the same arguments) must give the same answer as an uninterrupted one.
 */
function killEverywhere(h: TempHome, change: () => void, args: string[] = []): { kills: number; sawOld: boolean; sawNew: boolean } {
  const saved = `${h.cacheDir}.saved`;
  fs.cpSync(h.cacheDir, saved, { recursive: true });
  const before = cacheState(h);
  change();
  const clean = cli(h, args);
  assert.equal(clean.status, 0, clean.stderr);
  const after = cacheState(h);
  assert.notEqual(after, before);
  let sawOld = false;
  let sawNew = false;
  let kills = 0;
  for (let at = 1; ; at++) {
    fs.rmSync(h.cacheDir, { recursive: true, force: true });
    fs.cpSync(saved, h.cacheDir, { recursive: true });
    const r = cli(h, args, at);
    if (r.signal !== 'SIGKILL') {
      assert.equal(r.status, 0, r.stderr);
      break;
    }
    kills++;
    // Printed before any cache write: the answer is never held up by the cache.
    assert.deepEqual(JSON.parse(r.stdout), JSON.parse(clean.stdout));
    const state = cacheState(h);
    assert.ok(state === before || state === after, `killed at write ${at}: the cache is neither the old one nor the new one`);
    if (state === before) sawOld = true;
    else sawNew = true;
    const next = cli(h, args);
    assert.equal(next.status, 0, next.stderr);
    assert.deepEqual(JSON.parse(next.stdout).days, JSON.parse(clean.stdout).days, `killed at write ${at}: the next run counts differently`);
  }
  fs.rmSync(saved, { recursive: true, force: true });
  return { kills, sawOld, sawNew };
}

test('a kill at any write of a persist leaves the old cache or the new one, and the next run counts right', () => {
  const h = new TempHome();
  try {
    writeDemoHome(h.home, NOW, 6, 3);
    assert.equal(cli(h, []).status, 0);
    const file = path.join(h.claudeProjects, '-home-dev-src-app', 'appended.jsonl');
    const r = killEverywhere(h, () => fs.writeFileSync(file, jsonl(streamedResponse('msg_crash', 'req_crash', usage(1, 2, 3, 4), NOW))));
    assert.ok(r.kills >= 3 && r.sawOld, JSON.stringify(r));
  } finally {
    h.dispose();
  }
});

test('a kill during a rebuild leaves the old cache or the rebuilt one', () => {
  const h = new TempHome();
  try {
    writeDemoHome(h.home, NOW, 4, 5);
    assert.equal(cli(h, []).status, 0);
    // Deleted transcripts: the old cache still holds their days, a rebuild does not.
    const r = killEverywhere(h, () => fs.rmSync(path.join(h.home, '.codex'), { recursive: true, force: true }), ['--rebuild']);
    assert.ok(r.kills >= 3 && r.sawOld && r.sawNew, JSON.stringify(r));
  } finally {
    h.dispose();
  }
});
