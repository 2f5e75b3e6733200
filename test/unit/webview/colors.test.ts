import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contrast, parseColor, seriesColor, toCss } from '../../../webview/colors';
import { AGENT_HUES } from '../../../src/shared/agentHues';
import { AGENT_IDS } from '../../../src/shared/tokens';

test('theme colours in every notation VS Code uses parse to the same channels', () => {
  assert.deepEqual(parseColor('#ea5c0055'), { r: 234, g: 92, b: 0, a: 0x55 / 255 });
  assert.deepEqual(parseColor('rgba(234, 92, 0, 0.33)'), { r: 234, g: 92, b: 0, a: 0.33 });
  assert.deepEqual(parseColor('rgb(234 92 0 / 33%)'), { r: 234, g: 92, b: 0, a: 0.33 });
  assert.deepEqual(parseColor('#fff'), { r: 255, g: 255, b: 255, a: 1 });
  assert.equal(parseColor('orange'), undefined);
});

test("Dark Modern's translucent charts.orange becomes its opaque hue, not mud", () => {
  const bg = parseColor('#181818')!;
  const fg = parseColor('#cccccc')!;
  const c = seriesColor(parseColor('rgba(234, 92, 0, 0.33)')!, bg, fg);
  assert.equal(toCss(c), '#ea5c00');
  assert.ok(contrast(c, bg) >= 3);
});

test('a series colour too close to the background moves toward the foreground until it reads', () => {
  const bg = parseColor('#ffffff')!;
  const fg = parseColor('#292929')!;
  const pale = seriesColor(parseColor('#ffe0a0')!, bg, fg);
  assert.ok(contrast(pale, bg) >= 3, toCss(pale));
  assert.notEqual(toCss(pale), '#ffe0a0');
});

test('every agent has its own hue-and-shade pair', () => {
  const pairs = AGENT_IDS.map((a) => AGENT_HUES[a].join(':'));
  assert.equal(new Set(pairs).size, AGENT_IDS.length);
});
