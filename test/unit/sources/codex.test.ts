import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codexSessionMeta, codexTokenCount, codexTurnContext } from '../../../src/demo/logBuilders';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { jsonl } from '../../fixtures/claudeFixtures';
import { C0, CODEX_ID, rollout, rolloutPath, totals } from '../../fixtures/codexFixtures';

test('cumulative totals become per-request deltas; input is split into fresh and cached', () =>
  withHome(async (h) => {
    h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'gpt-5.1-codex', [totals(18420, 12288, 960, 640), totals(30000, 20000, 1500, 1000)])));
    const t = sumRows((await h.scan()).rows);
    assert.deepEqual([t.input, t.cacheRead, t.output, t.reasoning, t.cacheWrite], [10000, 20000, 1500, 1000, 0]);
    assert.equal(t.total, 31500);
  }));

test('a re-emitted token count with unchanged totals adds nothing', () =>
  withHome(async (h) => {
    const lines = rollout(CODEX_ID, C0, 'gpt-5.1-codex', [totals(100, 50, 10)]);
    lines.push(codexTokenCount(C0 + 5000, totals(100, 50, 10), totals(100, 50, 10)));
    lines.push(codexTokenCount(C0 + 6000, totals(100, 50, 10), null));
    h.write(rolloutPath(CODEX_ID), jsonl(lines));
    assert.equal(sumRows((await h.scan()).rows).total, 110);
  }));

test('the model comes from the latest turn_context', () =>
  withHome(async (h) => {
    const lines = rollout(CODEX_ID, C0, 'gpt-5.1-codex', [totals(100, 0, 10)]);
    lines.push(codexTurnContext(C0 + 5000, 'gpt-5.1-codex-max'));
    lines.push(codexTokenCount(C0 + 6000, totals(300, 0, 30), totals(200, 0, 20)));
    h.write(rolloutPath(CODEX_ID), jsonl(lines));
    const rows = (await h.scan()).rows;
    assert.equal(sumRows(rows, (r) => r.model === 'gpt-5.1-codex').total, 110);
    assert.equal(sumRows(rows, (r) => r.model === 'gpt-5.1-codex-max').total, 220);
  }));

test('a counter reset counts the last request, not a negative delta', () =>
  withHome(async (h) => {
    const lines = rollout(CODEX_ID, C0, 'm', [totals(1000, 0, 100)]);
    lines.push(codexTokenCount(C0 + 5000, totals(300, 0, 30), totals(300, 0, 30)));
    lines.push(codexTokenCount(C0 + 6000, totals(400, 0, 40), totals(100, 0, 10)));
    h.write(rolloutPath(CODEX_ID), jsonl(lines));
    assert.equal(sumRows((await h.scan()).rows).total, 1100 + 330 + 110);
  }));

test("a fork's replayed parent history is only a baseline", () =>
  withHome(async (h) => {
    const parentSteps = [totals(1000, 500, 100), totals(2000, 1000, 200)];
    h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'm', parentSteps)));
    const forkId = '019a7c2e-0000-7000-8000-00000000f0f0';
    const forkStart = C0 + 60_000;
    const fork = [
      codexSessionMeta(forkStart, forkId, { forked_from_id: CODEX_ID }),
      // the parent's history, copied with its original timestamps
      ...rollout(CODEX_ID, C0, 'm', parentSteps),
      codexTurnContext(forkStart + 100, 'm'),
      codexTokenCount(forkStart + 2000, totals(2500, 1200, 260), totals(500, 200, 60)),
    ];
    h.write(rolloutPath(forkId), jsonl(fork));
    assert.equal(sumRows((await h.scan()).rows).total, 2200 + 560);
  }));

test('a fork whose first event holds the parent total with zero last usage adds only new work', () =>
  withHome(async (h) => {
    h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'm', [totals(5000, 0, 500)])));
    const forkId = 'fork-2';
    const fork = [
      codexSessionMeta(C0 + 60_000, forkId, { forked_from_id: CODEX_ID }),
      codexTurnContext(C0 + 60_100, 'm'),
      codexTokenCount(C0 + 61_000, totals(5000, 0, 500), totals(0, 0, 0)),
      codexTokenCount(C0 + 62_000, totals(6000, 0, 600), totals(1000, 0, 100)),
    ];
    h.write(rolloutPath(forkId), jsonl(fork));
    assert.equal(sumRows((await h.scan()).rows).total, 5500 + 1100);
  }));

test('a spawned subagent thread replaying the parent in its first events is a baseline', () =>
  withHome(async (h) => {
    h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'm', [totals(700, 0, 70)])));
    const sub = rollout('sub-1', C0 + 10_000, 'm', [totals(700, 0, 70), totals(900, 0, 90)], {
      source: { subagent: { thread_spawn: { parent_thread_id: CODEX_ID, depth: 1 } } },
    });
    h.write(rolloutPath('sub-1'), jsonl(sub));
    assert.equal(sumRows((await h.scan()).rows).total, 770 + 220);
  }));

test('the same rollout in sessions/ and archived_sessions/ counts once', () =>
  withHome(async (h) => {
    const lines = jsonl(rollout(CODEX_ID, C0, 'm', [totals(100, 0, 10), totals(200, 0, 20)]));
    h.write(rolloutPath(CODEX_ID), lines);
    h.write(`.codex/archived_sessions/rollout-2026-11-20T21-03-00-${CODEX_ID}.jsonl`, lines);
    assert.equal(sumRows((await h.scan()).rows).total, 220);
  }));

test('CODEX_HOME moves the folders', async () => {
  const { codexSource } = await import('../../../src/sources/codex');
  assert.deepEqual(codexSource.defaultRoots({ home: '/h', env: { CODEX_HOME: '/c' } }), ['/c/sessions', '/c/archived_sessions']);
});
