import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLE_BUDGETS, minifiedSizes } from '../../../scripts/bundleBudgets.mjs';

/**
 * Every bundle we ship, built as it ships (minified), within its budget (scripts/bundleBudgets.mjs):
 * what a window compiles as the extension activates, and a scan thread or CLI run before it reads a
 * byte, only grows when someone decides it should.
 */
test('each shipped bundle is within its minified budget', () => {
  const sizes = minifiedSizes();
  const over = Object.entries(BUNDLE_BUDGETS)
    .filter(([file, budget]) => (sizes[file] ?? Infinity) > budget)
    .map(([file, budget]) => `${file}: ${sizes[file] === undefined ? 'not built' : `${Math.round(sizes[file] / 1000)} kB`} > ${Math.round(budget / 1000)} kB`);
  assert.deepEqual(over, []);
});
