import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CacheLease, LEASE_FILE } from '../../../src/engine/cacheLease';

function tempDir(): { dir: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-lease-'));
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('one holder at a time; released, the next window takes it at once', () => {
  const { dir, dispose } = tempDir();
  try {
    const a = new CacheLease(dir, { pid: 101, isAlive: () => true });
    const b = new CacheLease(dir, { pid: 202, isAlive: () => true });
    assert.equal(a.tryAcquire(), true);
    assert.equal(b.tryAcquire(), false);
    assert.equal(b.heldByOther(), true);
    assert.equal(a.tryAcquire(), true, 'the holder keeps it');
    assert.equal(fs.statSync(path.join(dir, LEASE_FILE)).mode & 0o777, 0o600);
    a.release();
    assert.equal(b.heldByOther(), false);
    assert.equal(b.tryAcquire(), true);
    assert.equal(a.holds(), false);
    assert.equal(a.renew(), false, 'a holder that lost it finds out when it renews');
  } finally {
    dispose();
  }
});

test('a holder whose process is gone (same machine) is replaced at once; one on another machine after it stops renewing', () => {
  const { dir, dispose } = tempDir();
  try {
    const now = 1_000_000;
    const clock = () => now;
    const dead = new Set<number>();
    const alive = (pid: number) => !dead.has(pid);
    const crashed = new CacheLease(dir, { pid: 7, isAlive: alive, now: clock });
    assert.equal(crashed.tryAcquire(), true);
    dead.add(7);
    const next = new CacheLease(dir, { pid: 8, isAlive: alive, now: clock });
    assert.equal(next.tryAcquire(), true, 'its process is gone');

    const remote = new CacheLease(dir, { pid: 9, host: 'other-machine', isAlive: () => false, now: clock });
    assert.equal(remote.tryAcquire(), false, 'another machine cannot tell our process is alive: it waits');
    fs.utimesSync(path.join(dir, LEASE_FILE), new Date(now - 61_000), new Date(now - 61_000));
    assert.equal(remote.tryAcquire(), true, 'not renewed for a minute: stale');
    assert.equal(next.renew(), false);
  } finally {
    dispose();
  }
});

test('a lease file left empty by a holder killed while creating it is taken once it is a few seconds old', () => {
  const { dir, dispose } = tempDir();
  try {
    fs.writeFileSync(path.join(dir, LEASE_FILE), '');
    const now = Date.now();
    assert.equal(new CacheLease(dir, { now: () => now }).tryAcquire(), false, 'maybe being written right now');
    assert.equal(new CacheLease(dir, { now: () => now + 6_000 }).tryAcquire(), true);
  } finally {
    dispose();
  }
});

test('two processes breaking the same stale lease: the one that came second puts the fresh lease back', () => {
  const { dir, dispose } = tempDir();
  try {
    const alive = (pid: number) => pid !== 99_999;
    const stale = { id: 'gone', pid: 99_999, host: os.hostname(), since: 0 };
    fs.writeFileSync(path.join(dir, LEASE_FILE), JSON.stringify(stale));
    const a = new CacheLease(dir, { isAlive: alive, pid: 1 });
    const b = new CacheLease(dir, { isAlive: alive, pid: 2 });
    // b judged the old holder stale; before it breaks the lease, a breaks it and takes a fresh one.
    assert.equal(a.tryAcquire(), true);
    (b as unknown as { breakStale(seen: { holder: typeof stale }): void }).breakStale({ holder: stale });
    assert.equal(a.holds(), true, "b moved a's fresh lease aside, saw it was not the stale one, and put it back");
    assert.equal(b.tryAcquire(), false);
    assert.deepEqual(fs.readdirSync(dir), [LEASE_FILE], 'nothing left aside');
  } finally {
    dispose();
  }
});
