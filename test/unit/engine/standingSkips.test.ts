import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { copilotInitial, copilotOp, copilotRequest } from '../../../src/demo/agentLogs';
import { withHome } from '../../fixtures/tempHome';
import type { ScanOutcome } from '../../../src/engine/scanner';
import { jsonl, SESSION, streamedResponse, T0, usage } from '../../fixtures/claudeFixtures';

/**
 * What the logs hold that cannot be counted is reported for as long as it is there — not only by
 * the scan that first read it — so the panel and `token-tier sources` keep saying it.
 */
const P = '.claude/projects/-home-dev-src-app';
// Bad lines carry the reader's marker ("usage", "requests"): lines without it are never parsed.
const skipsOf = (o: ScanOutcome, agent: string) => o.report.sources.find((s) => s.agent === agent)!.skipped;

test('a bad line stays reported on later scans, grows with new ones and goes when the file is rewritten without it', () =>
  withHome(async (h) => {
    const good = (id: string, ts = T0) => jsonl(streamedResponse(id, `req_${id}`, usage(1, 10, 0, 0), ts, 1));
    const file = h.write(`${P}/${SESSION}.jsonl`, good('msg_A') + '{"type":"assistant","message":{"usage":{"input_tokens":1,\n');
    const first = await h.scan();
    assert.deepEqual(skipsOf(first, 'claude-code'), { 'invalid-json': 1 });
    assert.deepEqual(first.report.skipped, { 'invalid-json': 1 });
    h.append(`${P}/${SESSION}.jsonl`, good('msg_B', T0 + 60_000));
    // The worker's next scan, and a new process (the CLI) with the same cache, still say it.
    assert.deepEqual(skipsOf(await h.scan(), 'claude-code'), { 'invalid-json': 1 });
    assert.deepEqual(skipsOf(await h.scan(true), 'claude-code'), { 'invalid-json': 1 });
    h.append(`${P}/${SESSION}.jsonl`, 'not json, though it names "usage"\n');
    const grown = await h.scan();
    assert.deepEqual(skipsOf(grown, 'claude-code'), { 'invalid-json': 2 });
    assert.deepEqual(grown.report.skipped, { 'invalid-json': 2 });
    // An agent compacting its transcript drops the bad lines: nothing is reported any more.
    fs.writeFileSync(file, good('msg_A') + good('msg_B', T0 + 60_000));
    const clean = await h.scan();
    assert.deepEqual(skipsOf(clean, 'claude-code'), {});
    assert.deepEqual(clean.report.skipped, {});
  }));

test('a log replayed whole on every read (Copilot Chat) reports its bad request once, not once per read', () =>
  withHome(async (h) => {
    const K0 = Date.parse('2026-11-21T14:04:49.337Z');
    const S = '25360328-3a13-44a3-bf95-989d6618e9aa';
    const LOG = `.config/Code/User/workspaceStorage/9f8e7d6c5b4a39281706f5e4d3c2b1a0/chatSessions/${S}.jsonl`;
    const req = (n: number, prompt: number) => copilotRequest({ requestId: `request_${n}`, timestamp: K0 + n * 60_000, modelId: 'copilot/claude-opus-4.6', promptTokens: prompt, outputTokens: 10 });
    h.write(LOG, jsonl([copilotInitial(S, K0), copilotOp(2, ['requests'], [req(0, 100), req(1, -5)])]));
    assert.deepEqual(skipsOf(await h.scan(), 'copilot-chat'), { 'bad-usage': 1 });
    h.append(LOG, jsonl([copilotOp(2, ['requests'], [req(2, 300)])]));
    assert.deepEqual(skipsOf(await h.scan(), 'copilot-chat'), { 'bad-usage': 1 });
    assert.deepEqual(skipsOf(await h.scan(true), 'copilot-chat'), { 'bad-usage': 1 });
    // A line that is not JSON adds to it; the request's own count stays one.
    h.append(LOG, '{"kind":2,"k":["requests"],\n');
    assert.deepEqual(skipsOf(await h.scan(), 'copilot-chat'), { 'bad-usage': 1, 'invalid-json': 1 });
  }));
