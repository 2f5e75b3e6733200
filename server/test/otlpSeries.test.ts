import { test } from 'node:test';
import assert from 'node:assert/strict';
import { increase } from '../src/otlp/series';

/** What each point adds to its series, rule by rule (metrics.proto's AggregationTemporality). */
const pt = (start: number, time: number) => ({ attrs: {}, startNs: BigInt(start), timeNs: BigInt(time), value: undefined });
const last = { startNs: 100n, timeNs: 200n, value: 50 };

test('cumulative: the increase; a resend or an older export nothing; a restart or an unmarked reset its whole value', () => {
  assert.equal(increase(undefined, pt(100, 200), 50, true), 50); // a new series: all of it
  assert.equal(increase(last, pt(100, 300), 80, true), 30); // the increase
  assert.equal(increase(last, pt(100, 200), 50, true), undefined); // the same point again
  assert.equal(increase(last, pt(100, 150), 40, true), undefined); // an older export arriving late
  assert.equal(increase(last, pt(250, 300), 7, true), 7); // restarted: a later start time
  assert.equal(increase(last, pt(100, 300), 5, true), 5); // fell below with the same start: a reset
  assert.equal(increase(last, pt(50, 300), 500, true), undefined); // a point of the series before its restart
});

test('delta: each point once; one no later than the last counted is a resend', () => {
  assert.equal(increase(undefined, pt(100, 200), 9, false), 9);
  assert.equal(increase(last, pt(200, 300), 9, false), 9);
  assert.equal(increase(last, pt(100, 200), 9, false), undefined);
  assert.equal(increase(last, pt(0, 150), 9, false), undefined);
});
