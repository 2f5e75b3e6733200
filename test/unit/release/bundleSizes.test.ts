import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUNDLE_BUDGETS, buildAsShipped } from '../../../scripts/bundleBudgets.mjs';
import type { ReportRow } from '../../../src/core/report';
import type * as Otlp from '../../../src/sync/otlp';

/**
 * Every bundle we ship, built as it ships (minified), within its budget (scripts/bundleBudgets.mjs):
 * what a window compiles as the extension activates, and a scan thread or CLI run before it reads a
 * byte, only grows when someone decides it should.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-bundles-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const sizes = buildAsShipped(dir);

test('each shipped bundle is within its minified budget', () => {
  const over = Object.entries(BUNDLE_BUDGETS)
    .filter(([file, budget]) => (sizes[file] ?? Infinity) > budget)
    .map(([file, budget]) => `${file}: ${sizes[file] === undefined ? 'not built' : `${Math.round(sizes[file] / 1000)} kB`} > ${Math.round(budget / 1000)} kB`);
  assert.deepEqual(over, []);
});

test('the OTLP export is a bundle of its own that extension.js requires when it first sends', () => {
  const ext = fs.readFileSync(path.join(dir, 'extension.js'), 'utf8');
  assert.ok(ext.includes('require("./otlp.js")'), 'extension.js loads ./otlp.js beside itself');
  // The SDK's own strings stay out of the extension's bundle.
  assert.ok(!ext.includes('AggregationTemporality') && !ext.includes('JsonMetricsSerializer'), 'no OpenTelemetry SDK in extension.js');
  const otlp = createRequire(import.meta.url)(path.join(dir, 'otlp.js')) as typeof Otlp;
  const row: ReportRow = { date: '2026-11-20', timezone: 'UTC', agent: 'codex', model: 'gpt-5', input: 1, output: 2, cacheRead: 3, cacheWrite: 4, reasoning: 0, hourly: [] };
  const metrics = otlp.dailyMetrics([row], 'device', '0.1.0', Date.parse('2026-11-21T00:00:00Z'));
  assert.equal(metrics.scopeMetrics[0]!.metrics[0]!.dataPoints.length, 4);
  assert.equal(typeof otlp.sendOtlp, 'function');
});
