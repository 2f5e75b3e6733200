import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDb } from '../src/db/db';

/**
 * Issue #20, defect 10: files holding team data (names, emails, daily tokens) are the owner's
 * alone: the SQLite database and its -wal/-shm files 0600, a folder the server makes 0700.
 */
const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);

test('a new SQLite database, its WAL and shared-memory files are 0600 and its new folder 0700, whatever the umask', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-modes-'));
  const old = process.umask(0o022);
  try {
    const file = path.join(root, 'server-data', 'team.db');
    const db = await openDb({ sqlitePath: file });
    await db.run("INSERT INTO teams (name, created_at) VALUES ('T', '2026-01-01')");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) assert.equal(mode(f), '600', f);
    assert.equal(mode(path.dirname(file)), '700');
    await db.close();
  } finally {
    process.umask(old);
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('an existing database left readable by others (an older server) is made 0600 when opened', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-modes-'));
  try {
    const file = path.join(root, 'team.db');
    await (await openDb({ sqlitePath: file })).close();
    fs.chmodSync(file, 0o644);
    const db = await openDb({ sqlitePath: file });
    await db.run("INSERT INTO teams (name, created_at) VALUES ('T', '2026-01-01')");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) assert.equal(mode(f), '600', f);
    await db.close();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
