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

test("a fork whose replayed parent history is stamped at or after the fork's start still counts it once (with the parent's file)", () =>
  withHome(async (h) => {
    // The bench corpus's forks copy the parent's lines after the fork began; a writer that
    // re-stamps the copies (as Codex 0.36's resume does) would too. ccusage counts these once by
    // its (timestamp, model, counters) key; keyed under the parent's id, so do we.
    const parentSteps = [totals(1000, 500, 100), totals(2000, 1000, 200)];
    h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'm', parentSteps)));
    const forkId = '019a7c2e-0000-7000-8000-00000000f2f2';
    const forkStart = C0 - 60_000;
    const fork = [
      codexSessionMeta(forkStart, forkId, { forked_from_id: CODEX_ID }),
      ...rollout(CODEX_ID, C0, 'm', parentSteps).slice(1),
      codexTurnContext(C0 + 5_000, 'm'),
      // The fork's own counter starts again from zero.
      codexTokenCount(C0 + 6_000, totals(500, 200, 60), totals(500, 200, 60)),
    ];
    h.write(rolloutPath(forkId, '2026/11/20'), jsonl(fork));
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

/**
 * The real shape of a session resumed with Codex 0.36 (seen in public repositories' committed
 * rollouts): the new rollout starts with the *parent's* `session_meta` (no `forked_from_id`), then
 * the parent's cumulative token counts again, re-stamped with the resume time, then its own
 * counter restarts from zero.
 */
const RESUMED_ID = '019a7c2e-0000-7000-8000-0000000e5e5e';
const RESUME_AT = C0 + 3 * 3600_000;
function resumedRollout(parentSteps: ReturnType<typeof totals>[], ownSteps: ReturnType<typeof totals>[]): string[] {
  const replay = rollout(CODEX_ID, C0, 'm', parentSteps).map((line) => {
    const o = JSON.parse(line) as { timestamp: string };
    o.timestamp = new Date(RESUME_AT).toISOString();
    return JSON.stringify(o);
  });
  const own = rollout(RESUMED_ID, RESUME_AT + 1000, 'm', ownSteps).slice(2);
  return [...replay, codexTurnContext(RESUME_AT + 500, 'm'), ...own];
}
const PARENT = [totals(1000, 500, 100), totals(2000, 1000, 200)];
const OWN = [totals(300, 0, 30), totals(500, 0, 50)];
const atResume = (r: { slot: number }) => r.slot >= Math.floor(RESUME_AT / (15 * 60_000));

for (const [name, resumedDay] of [['after', '2026/11/20'], ['before', '2026/11/19']] as const) {
  test(`a resumed session's replay of its parent counts once, read ${name} the parent`, () =>
    withHome(async (h) => {
      h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'm', PARENT)));
      h.write(rolloutPath(RESUMED_ID, resumedDay), jsonl(resumedRollout(PARENT, OWN)));
      const rows = (await h.scan()).rows;
      assert.equal(sumRows(rows).total, 2200 + 550);
      assert.equal(sumRows(rows, atResume).total, 550, 'the re-stamped copies never land at the resume time');
    }));
}

test('a resumed session without its parent on disk counts only its own work', () =>
  withHome(async (h) => {
    h.write(rolloutPath(RESUMED_ID), jsonl(resumedRollout(PARENT, OWN)));
    assert.equal(sumRows((await h.scan()).rows).total, 550);
  }));

test('a copy of a resumed rollout under a name without its id is still counted once', () =>
  withHome(async (h) => {
    h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'm', PARENT)));
    h.write('.codex/sessions/2026/11/20/rollout-resumed-copy.jsonl', jsonl(resumedRollout(PARENT, OWN)));
    assert.equal(sumRows((await h.scan()).rows).total, 2200 + 550);
  }));

test("a fork's genuine first request, with no replayed history before it, counts", () =>
  withHome(async (h) => {
    h.write(rolloutPath(CODEX_ID), jsonl(rollout(CODEX_ID, C0, 'm', [totals(5000, 0, 500)])));
    const forkId = '019a7c2e-0000-7000-8000-00000000f1f1';
    h.write(rolloutPath(forkId), jsonl([
      codexSessionMeta(C0 + 60_000, forkId, { forked_from_id: CODEX_ID }),
      codexTurnContext(C0 + 60_100, 'm'),
      codexTokenCount(C0 + 61_000, totals(6000, 0, 600), totals(1000, 0, 100)),
    ]));
    assert.equal(sumRows((await h.scan()).rows).total, 5500 + 1100);
  }));

test('a byte-order mark before the session_meta line is tolerated', () =>
  withHome(async (h) => {
    const text = jsonl(rollout(CODEX_ID, C0, 'm', [totals(100, 0, 10)]));
    h.write(rolloutPath(CODEX_ID), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    const out = await h.scan();
    assert.equal(sumRows(out.rows).total, 110);
    assert.deepEqual(out.report.skipped, {});
  }));

for (const field of ['cache_write_input_tokens', 'cache_creation_input_tokens']) {
  test(`${field} is a cache write, taken out of input (which includes it)`, () =>
    withHome(async (h) => {
      // The event from ccusage#1617 (Codex SDK 0.148, gpt-5.6-terra), the file's only token count.
      const usage = { input_tokens: 935040, cached_input_tokens: 875306, [field]: 57610, output_tokens: 11150, reasoning_output_tokens: 1141, total_tokens: 946190 };
      const event = { timestamp: new Date(C0 + 2000).toISOString(), type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: usage, last_token_usage: usage, model_context_window: 258400 }, rate_limits: null } };
      h.write(rolloutPath(CODEX_ID), jsonl([codexSessionMeta(C0, CODEX_ID), codexTurnContext(C0 + 100, 'gpt-5.6-terra'), JSON.stringify(event)]));
      const t = sumRows((await h.scan()).rows);
      assert.deepEqual([t.input, t.cacheRead, t.cacheWrite, t.output, t.reasoning], [935040 - 875306 - 57610, 875306, 57610, 11150, 1141]);
      assert.equal(t.total, 946190);
    }));
}
