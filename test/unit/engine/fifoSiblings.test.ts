import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';

/**
 * Readers that look at the files beside their own — a database reader's FolderFiles (Copilot CLI's
 * events beside its session store), a document's sibling — must not block on a FIFO named like one
 * (#20: discovery checks only the file it found). Run in a child process: a blocked read blocks its
 * whole thread, so only another process can tell it never returns.
 */
function inChild(script: string): { stdout: string; timedOut: boolean } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  return { stdout: r.stdout, timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' };
}

test('a FIFO beside a database or a document reads as absent, without blocking', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-fifo-sib-'));
  try {
    execFileSync('mkfifo', [path.join(dir, 'events.jsonl')]);
    const folder = path.resolve('src/engine/folderFiles.ts');
    const r = inChild(`
      const { folderFiles } = require(${JSON.stringify(folder)});
      const f = folderFiles(${JSON.stringify(dir)});
      console.log(String(f.read('events.jsonl', 0, 100)));`);
    assert.equal(r.timedOut, false, 'the read returned');
    assert.equal(r.stdout.trim(), 'undefined');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
