import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claudeAssistantLine } from '../../../src/demo/logBuilders';
import { AGENT_IDS } from '../../../src/shared/tokens';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { jsonl, SESSION, SONNET, streamedResponse, T0, usage } from '../../fixtures/claudeFixtures';
import { EXPECTED_COST, writeAllAgentsHome } from '../../fixtures/allAgentsHome';

const P = '.claude/projects/-home-dev-src-app';

test('each agent is priced by hand: its own logged cost where it logs one, else the list price; unknown models unpriced', async () => {
  await withHome(async (h) => {
    writeAllAgentsHome(h.home);
    for (const fresh of [false, true]) {
      // The second scan is a new process reading the cache: the stored ledger keeps the cost.
      const { rows } = await h.scan(fresh);
      for (const agent of AGENT_IDS) {
        const s = sumRows(rows, (r) => r.agent === agent);
        assert.deepEqual({ costMicros: s.costMicros ?? 0, unpriced: s.unpriced ?? 0 }, EXPECTED_COST[agent], `${agent} (${fresh ? 'from the cache' : 'cold'})`);
      }
    }
  });
});

test('a streamed response is priced once, by its final copy; a long-context request at its tier; a replay adds nothing', async () => {
  await withHome(async (h) => {
    const long = claudeAssistantLine({ ts: T0 + 60_000, sessionId: SESSION, messageId: 'msg_long', requestId: 'req_long', model: SONNET, usage: usage(10_000, 1_000, 190_000, 5_000) });
    const replay = claudeAssistantLine({ ts: T0 + 90_000, sessionId: SESSION, messageId: 'msg_long', requestId: 'req_other', model: SONNET, usage: usage(10_000, 1_000, 190_000, 5_000), sidechain: true });
    h.write(`${P}/${SESSION}.jsonl`, jsonl([...streamedResponse('msg_1', 'req_1', usage(1_000, 2_000, 150_000, 20_000)), long, replay]));
    const { rows } = await h.scan();
    // 153,000 (the final chunk: 3,000 + 45,000 + 75,000 + 30,000) + 234,000 (above 200K: 60,000 + 114,000 + 37,500 + 22,500)
    assert.equal(sumRows(rows).costMicros, 387_000);
    // The partial chunks were taken back with their cost: appending a bigger final copy replaces, never adds.
    h.append(`${P}/${SESSION}.jsonl`, jsonl([claudeAssistantLine({ ts: T0 + 5_000, sessionId: SESSION, messageId: 'msg_1', requestId: 'req_1', model: SONNET, usage: usage(1_000, 4_000, 150_000, 20_000) })]));
    const after = await h.scan();
    assert.equal(sumRows(after.rows).costMicros, 387_000 + 30_000);
  });
});
