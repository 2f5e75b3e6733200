import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { TempHome } from '../../fixtures/tempHome';
import { jsonl, usage } from '../../fixtures/claudeFixtures';
import { claudeAssistantLine } from '../../../src/demo/logBuilders';

/**
 * Several VS Code windows are the everyday case, and each has its own extension host and scan
 * worker on the same global storage (#20). Two long-lived "windows" (processes running the real
 * scan worker) share one cache for over a minute while an agent writes and old transcripts are
 * deleted, as Claude Code does after 30 days: both must end with every token ever written —
 * deleted files included — and neither may have had to rebuild its ledger from the logs.
 */
const RUN_MS = 62_000;

interface WindowResult {
  scans: number;
  roles: { writer: number; reader: number };
  lastRole: string;
  problems: string[];
  total: number;
}

function runWindow(home: string, cacheDir: string, runMs: number): Promise<WindowResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/fixtures/windowProcess.ts'), path.resolve('dist/scanWorker.js'), home, cacheDir, String(runMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`window exited with ${code}`))));
  });
}

test('two windows share one ledger through a minute of churn: nothing lost, nothing rebuilt', { timeout: 180_000 }, async () => {
  const h = new TempHome();
  try {
    const dir = path.join(h.claudeProjects, 'churn');
    fs.mkdirSync(dir, { recursive: true });
    const windows = [runWindow(h.home, h.cacheDir, RUN_MS), runWindow(h.home, h.cacheDir, RUN_MS + 4_000)];
    let expected = 0;
    let n = 0;
    const live: string[] = [];
    const base = Date.parse('2026-11-20T09:00:00Z');
    const end = Date.now() + RUN_MS - 4_000;
    while (Date.now() < end) {
      // A new transcript every 20 responses; the oldest goes once five are on disk.
      if (n % 20 === 0) {
        live.push(path.join(dir, `session-${n}.jsonl`));
        if (live.length > 5) fs.rmSync(live.shift()!);
      }
      const out = 1000 + (n % 97);
      fs.appendFileSync(live.at(-1)!, jsonl([claudeAssistantLine({ ts: base + n * 60_000, sessionId: `s${Math.floor(n / 20)}`, messageId: `msg_${n}`, requestId: `req_${n}`, model: 'claude-sonnet-4-5', usage: usage(3, out, 500, 20) })]));
      expected += 3 + out + 500 + 20;
      n++;
      await new Promise((r) => setTimeout(r, 120));
    }
    const done = await Promise.all(windows);
    assert.ok(n > 300, `the agent wrote ${n} responses`);
    for (const w of done) {
      assert.deepEqual(w.problems.filter((p) => /rebuilt|damaged|corrupt|unreadable|failed/.test(p)), [], 'no window had to rebuild the ledger');
      assert.equal(w.total, expected, 'every token is there, deleted transcripts included');
    }
    // One window scans at a time: the other follows (most of its scans), and the one that stays
    // open takes over when the first closes.
    const [first, last] = done as [WindowResult, WindowResult];
    assert.ok(first.roles.reader + last.roles.reader > (first.scans + last.scans) / 4, `readers: ${JSON.stringify([first.roles, last.roles])}`);
    assert.equal(last.lastRole, 'writer', 'the window left open took over');
  } finally {
    h.dispose();
  }
});
