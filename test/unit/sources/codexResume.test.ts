import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codexSessionMeta, codexTokenCount, codexTurnContext } from '../../../src/demo/logBuilders';
import type { CodexTotals } from '../../../src/demo/logBuilders';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { jsonl } from '../../fixtures/claudeFixtures';
import { C0, CODEX_ID, rollout, rolloutPath, totals } from '../../fixtures/codexFixtures';

// Issue #23 item 4: a session resumed with Codex 0.36 starts a new rollout that opens with its OWN
// `session_meta`, then the parent's (another id, no `forked_from_id`), then every line of the
// parent's file again — its cumulative token counts included — stamped with the time they were
// copied (openai/codex `codex-rs/rollout/src/recorder.rs`: `write_rollout_item` stamps each line
// with `now_utc()`), before its own counter starts again from zero.

const HOUR = 3600_000;
const SLOT = 15 * 60_000;
const slotOf = (ms: number) => Math.floor(ms / SLOT);

/** The new rollout of a session resumed from `parentLines` at `at`, with its own counter's `steps`. */
function resumed(ownId: string, at: number, parentLines: string[], steps: CodexTotals[]): string[] {
  const copied = parentLines.map((line) => {
    const o = JSON.parse(line) as { timestamp: string };
    o.timestamp = new Date(at).toISOString();
    return JSON.stringify(o);
  });
  const own = rollout(ownId, at + 1000, 'gpt-5-codex', steps).slice(2);
  return [codexSessionMeta(at, ownId, { cli_version: '0.36.0' }), ...copied, codexTurnContext(at + 500, 'gpt-5-codex'), ...own];
}

const A_STEPS = [totals(1000, 500, 100), totals(2000, 1000, 200)];
const A_LINES = rollout(CODEX_ID, C0, 'gpt-5-codex', A_STEPS, { cli_version: '0.36.0' });
const B_ID = '019a7c2e-0000-7000-8000-0000000b0b0b';
const C_ID = '019a7c2e-0000-7000-8000-0000000c0c0c';
const B_AT = C0 + 3 * HOUR;
const C_AT = C0 + 6 * HOUR;
const B_STEPS = [totals(300, 0, 30), totals(500, 0, 50)];
const C_STEPS = [totals(40, 0, 4), totals(70, 0, 7)];

for (const [order, bDay] of [['after', '2026/11/20'], ['before', '2026/11/19']] as const) {
  test(`a 0.36 resume (own meta, then the parent's, then the parent's counts re-stamped) counts the parent once, read ${order} it`, () =>
    withHome(async (h) => {
      h.write(rolloutPath(CODEX_ID), jsonl(A_LINES));
      h.write(rolloutPath(B_ID, bDay), jsonl(resumed(B_ID, B_AT, A_LINES, B_STEPS)));
      const rows = (await h.scan()).rows;
      assert.equal(sumRows(rows).total, 2200 + 550);
      assert.equal(sumRows(rows, (r) => r.slot < slotOf(B_AT)).total, 2200, "the parent's counts stay at its own time");
      assert.equal(sumRows(rows, (r) => r.slot >= slotOf(B_AT)).total, 550, 'the re-stamped copies add nothing at the resume time');
      assert.equal(sumRows((await h.coldScan()).rows).total, 2750, 'a cold scan agrees');
    }));
}

test('a 0.36 resume whose parent is gone counts only its own work', () =>
  withHome(async (h) => {
    h.write(rolloutPath(B_ID), jsonl(resumed(B_ID, B_AT, A_LINES, B_STEPS)));
    assert.equal(sumRows((await h.scan()).rows).total, 550);
  }));

test('a resume of a resumed session: each session counts once, at its own time', () =>
  withHome(async (h) => {
    const bLines = resumed(B_ID, B_AT, A_LINES, B_STEPS);
    h.write(rolloutPath(CODEX_ID), jsonl(A_LINES));
    h.write(rolloutPath(B_ID), jsonl(bLines));
    h.write(rolloutPath(C_ID), jsonl(resumed(C_ID, C_AT, bLines, C_STEPS)));
    const rows = (await h.scan()).rows;
    assert.equal(sumRows(rows).total, 2200 + 550 + 77);
    assert.equal(sumRows(rows, (r) => r.slot >= slotOf(C_AT)).total, 77);
  }));

test('a resume of a resumed session that did no work of its own loses nothing', () =>
  withHome(async (h) => {
    const bLines = resumed(B_ID, B_AT, A_LINES, []);
    h.write(rolloutPath(CODEX_ID), jsonl(A_LINES));
    h.write(rolloutPath(B_ID), jsonl(bLines));
    h.write(rolloutPath(C_ID), jsonl(resumed(C_ID, C_AT, bLines, C_STEPS)));
    const rows = (await h.scan()).rows;
    assert.equal(sumRows(rows).total, 2200 + 77);
    assert.equal(sumRows(rows, (r) => r.slot >= slotOf(C_AT)).total, 77);
  }));

test("a re-emitted count in the parent's copy (a rate-limit refresh) is not the resumed session's counter starting", () =>
  withHome(async (h) => {
    const one = totals(1000, 0, 100);
    const parent = [...rollout(CODEX_ID, C0, 'gpt-5-codex', [one]), codexTokenCount(C0 + 5000, one, one)];
    h.write(rolloutPath(CODEX_ID), jsonl(parent));
    // Its own first request is bigger than the parent's whole total in every field.
    h.write(rolloutPath(B_ID), jsonl(resumed(B_ID, B_AT, parent, [totals(2000, 0, 200), totals(2500, 0, 250)])));
    assert.equal(sumRows((await h.scan()).rows).total, 1100 + 2750);
  }));

test('a fork (own meta with forked_from_id, then the parent’s meta and history) is still read as a fork', () =>
  withHome(async (h) => {
    h.write(rolloutPath(CODEX_ID), jsonl(A_LINES));
    const forkId = '019a7c2e-0000-7000-8000-00000000f3f3';
    const fork = [codexSessionMeta(B_AT, forkId, { forked_from_id: CODEX_ID }), ...A_LINES, codexTurnContext(B_AT + 100, 'gpt-5-codex'), codexTokenCount(B_AT + 2000, totals(2500, 1200, 260), totals(500, 200, 60))];
    h.write(rolloutPath(forkId), jsonl(fork));
    assert.equal(sumRows((await h.scan()).rows).total, 2200 + 560);
  }));

test('a resumed rollout read while it grows counts as it does read whole', () =>
  withHome(async (h) => {
    const bLines = resumed(B_ID, B_AT, A_LINES, B_STEPS);
    const cLines = resumed(C_ID, C_AT, bLines, C_STEPS);
    h.write(rolloutPath(CODEX_ID), jsonl(A_LINES));
    h.write(rolloutPath(B_ID), jsonl(bLines));
    for (let cut = 1; cut < cLines.length; cut += 3) {
      h.write(rolloutPath(C_ID), jsonl(cLines.slice(0, cut)));
      await h.scan();
    }
    h.write(rolloutPath(C_ID), jsonl(cLines));
    const grown = sumRows((await h.scan()).rows).total;
    assert.equal(grown, 2200 + 550 + 77);
    assert.equal(sumRows((await h.coldScan()).rows).total, grown);
  }));
