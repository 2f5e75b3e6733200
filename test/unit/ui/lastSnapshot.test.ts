import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Storage } from '../../../src/platform/storage';
import { memento } from '../../fixtures/memento';
import { expertSnapshot } from '../../fixtures/snapshots';

const KEY = 'tokenTier.lastSnapshot';

test('the badge at startup: a snapshot this build saved comes back as it was saved, without a schema pass', async () => {
  const state = memento();
  const saved = expertSnapshot();
  await new Storage(state as never, 'shape-a').saveSnapshot(saved);
  const restored = new Storage(state as never, 'shape-a').lastSnapshot();
  // The very object: not a parsed copy (a month's snapshot costs a cold extension host ~50–130 ms to validate).
  assert.equal(restored, (state.get(KEY) as { snapshot: unknown }).snapshot);
  assert.deepEqual(restored, saved);
});

test("a snapshot saved by another build is checked against today's schema: kept when it fits, dropped when not", async () => {
  const state = memento();
  await new Storage(state as never, 'shape-old').saveSnapshot(expertSnapshot());
  assert.deepEqual(new Storage(state as never, 'shape-new').lastSnapshot(), expertSnapshot());

  // Older versions kept the bare snapshot under the key.
  await state.update(KEY, expertSnapshot());
  assert.deepEqual(new Storage(state as never, 'shape-new').lastSnapshot(), expertSnapshot());

  // A shape that changed (a field renamed, say): no badge from it rather than a crash.
  const { standing: _gone, ...changed } = expertSnapshot();
  await state.update(KEY, { shape: 'shape-old', snapshot: changed });
  assert.equal(new Storage(state as never, 'shape-new').lastSnapshot(), undefined);
  for (const junk of [null, 42, 'x', { shape: 'shape-new' }, { shape: 'shape-new', snapshot: 'x' }, { shape: 'shape-new', snapshot: [] }]) {
    await state.update(KEY, junk);
    assert.equal(new Storage(state as never, 'shape-new').lastSnapshot(), undefined, JSON.stringify(junk));
  }
});

test('a build that does not know its shape (tests, tsx) checks every stored snapshot', async () => {
  const state = memento();
  // Saved and read back through JSON, as VS Code keeps globalState (the undefined stamp is dropped).
  await new Storage(state as never, undefined).saveSnapshot(expertSnapshot());
  await state.update(KEY, JSON.parse(JSON.stringify(state.get(KEY))));
  assert.deepEqual(new Storage(state as never, undefined).lastSnapshot(), expertSnapshot());
  const { standing: _gone, ...changed } = expertSnapshot();
  await state.update(KEY, { shape: undefined, snapshot: changed });
  assert.equal(new Storage(state as never, undefined).lastSnapshot(), undefined);
});
