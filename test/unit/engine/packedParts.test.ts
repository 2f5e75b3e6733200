import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommitRefusedError, MANIFEST, PackedParts, RETIRE_MS } from '../../../src/engine/packedParts';
import type { Manifest } from '../../../src/engine/packedParts';

function tempDir(): { dir: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-packs-'));
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function fresh(dir: string, mayCommit?: () => boolean): PackedParts {
  const p = new PackedParts(dir, mayCommit);
  if (!p.load()) p.clear(1, {});
  return p;
}

const packs = (dir: string) => fs.readdirSync(dir).filter((n) => n.startsWith('pack-')).sort();

test("a reader's manifest stays readable while the writer commits, folds and retires packs", () => {
  const { dir, dispose } = tempDir();
  try {
    const writer = fresh(dir);
    for (let i = 0; i < 4; i++) writer.commit(new Map([[`ledger/${i}`, `day ${i}`]]));
    const reader = new PackedParts(dir);
    reader.load();
    // Enough commits to fold every small pack into one: the reader's packs are let go.
    for (let i = 0; i < 20; i++) writer.commit(new Map([[`ledger/${i % 4}`, `day ${i % 4} v${i}`]]));
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    assert.ok(Object.keys(m.retired ?? {}).length > 0, 'packs were let go');
    for (let i = 0; i < 4; i++) assert.equal(reader.read(`ledger/${i}`)?.toString(), `day ${i}`);
    assert.equal(reader.current(), false, 'the reader can tell a newer commit exists');
  } finally {
    dispose();
  }
});

test('retired packs go once they are older than RETIRE_MS; a young pack no manifest knows stays', () => {
  const { dir, dispose } = tempDir();
  try {
    const writer = fresh(dir);
    for (let i = 0; i < 12; i++) writer.commit(new Map([[`p/${i % 3}`, `v${i}`]]));
    const file = path.join(dir, MANIFEST);
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    const retired = Object.keys(m.retired ?? {});
    assert.ok(retired.length > 0);
    for (const name of retired) assert.ok(fs.existsSync(path.join(dir, name)), 'a retired pack is still on disk');
    // Another process' pack, written but not yet committed.
    fs.writeFileSync(path.join(dir, 'pack-zzz-1-other'), 'not committed yet');
    m.retired = Object.fromEntries(retired.map((n) => [n, Date.now() - RETIRE_MS - 1]));
    fs.writeFileSync(file, JSON.stringify(m));
    const again = new PackedParts(dir);
    again.load();
    again.commit(new Map([['p/0', 'last']]));
    for (const name of retired) assert.equal(fs.existsSync(path.join(dir, name)), false, `${name} removed`);
    assert.ok(fs.existsSync(path.join(dir, 'pack-zzz-1-other')), "another process' young pack is left alone");
  } finally {
    dispose();
  }
});

test('a commit over another process\' commit is refused and leaves nothing behind', () => {
  const { dir, dispose } = tempDir();
  try {
    const a = fresh(dir);
    a.commit(new Map([['x', 'a1']]));
    const b = new PackedParts(dir);
    b.load();
    b.commit(new Map([['x', 'b1']]));
    const before = packs(dir);
    assert.throws(() => a.commit(new Map([['x', 'a2']])), CommitRefusedError);
    assert.deepEqual(packs(dir), before, "the refused commit's pack is gone");
    const check = new PackedParts(dir);
    check.load();
    assert.equal(check.read('x')?.toString(), 'b1');
    a.load();
    a.commit(new Map([['x', 'a2']]));
    check.load();
    assert.equal(check.read('x')?.toString(), 'a2', 'after loading again it commits');
  } finally {
    dispose();
  }
});

test('a process that lost the right to write cannot commit', () => {
  const { dir, dispose } = tempDir();
  try {
    let mine = true;
    const p = fresh(dir, () => mine);
    p.commit(new Map([['x', '1']]));
    mine = false;
    assert.throws(() => p.commit(new Map([['x', '2']])), CommitRefusedError);
    const check = new PackedParts(dir);
    check.load();
    assert.equal(check.read('x')?.toString(), '1');
  } finally {
    dispose();
  }
});

test("a rebuild retires the old manifest's packs and keeps what it does not know", () => {
  const { dir, dispose } = tempDir();
  try {
    const p = fresh(dir);
    p.commit(new Map([['x', 'old']]));
    const old = packs(dir);
    fs.writeFileSync(path.join(dir, 'pack-zzz-2-other'), 'another writer, mid-commit');
    p.clear(1, {});
    p.commit(new Map([['x', 'rebuilt']]));
    for (const name of old) assert.ok(fs.existsSync(path.join(dir, name)), 'retired, not deleted');
    assert.ok(fs.existsSync(path.join(dir, 'pack-zzz-2-other')));
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    assert.deepEqual(Object.keys(m.retired ?? {}).sort(), old);
  } finally {
    dispose();
  }
});
