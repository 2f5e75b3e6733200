import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claudeAssistantLine, claudeUserLine } from '../../../src/demo/logBuilders';
import { withHome, sumRows } from '../../fixtures/tempHome';
import { jsonl, SESSION, SONNET, streamedResponse, T0, usage } from '../../fixtures/claudeFixtures';

const P = '.claude/projects/-home-dev-src-app';

test('streaming chunks of one response count once, at the most complete copy', () =>
  withHome(async (h) => {
    h.write(`${P}/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(4, 412, 40211, 1830))));
    const t = sumRows((await h.scan()).rows);
    assert.deepEqual([t.input, t.output, t.cacheRead, t.cacheWrite], [4, 412, 40211, 1830]);
  }));

test('the complete copy wins even when it comes first', () =>
  withHome(async (h) => {
    h.write(`${P}/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(4, 412, 100, 10)).reverse()));
    assert.equal(sumRows((await h.scan()).rows).output, 412);
  }));

test('a subagent file repeating parent lines adds only its own responses', () =>
  withHome(async (h) => {
    h.write(`${P}/${SESSION}.jsonl`, jsonl([...streamedResponse('msg_A', 'req_A', usage(10, 100, 1000, 0))]));
    const own = claudeAssistantLine({ ts: T0 + 60_000, sessionId: SESSION, messageId: 'msg_SUB', requestId: 'req_S', model: SONNET, usage: usage(1, 50, 500, 5), sidechain: true });
    h.write(`${P}/${SESSION}/subagents/agent-a3f9.jsonl`, jsonl([...streamedResponse('msg_A', 'req_A', usage(10, 100, 1000, 0)), own]));
    const t = sumRows((await h.scan()).rows);
    assert.equal(t.total, 10 + 100 + 1000 + 1 + 50 + 500 + 5);
  }));

test('a sidechain replay of a known message under a new request id is dropped', () =>
  withHome(async (h) => {
    const main = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_A', requestId: 'req_1', model: SONNET, usage: usage(4, 412, 40211, 0) });
    const replay = claudeAssistantLine({ ts: T0 + 6e5, sessionId: SESSION, messageId: 'msg_A', requestId: 'req_2', model: SONNET, usage: usage(4, 412, 40211, 0), sidechain: true });
    h.write(`${P}/${SESSION}.jsonl`, jsonl([main, replay]));
    assert.equal(sumRows((await h.scan()).rows).total, 4 + 412 + 40211);
  }));

test('a replay seen before the original is replaced by it, not added', () =>
  withHome(async (h) => {
    const replay = claudeAssistantLine({ ts: T0 + 6e5, sessionId: SESSION, messageId: 'msg_A', requestId: 'req_2', model: SONNET, usage: usage(4, 412, 40211, 0), sidechain: true });
    const main = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_A', requestId: 'req_1', model: SONNET, usage: usage(4, 412, 40211, 0) });
    h.write(`${P}/a/subagents/agent-1.jsonl`, jsonl([replay]));
    h.write(`${P}/b.jsonl`, jsonl([main]));
    const rows = (await h.scan()).rows;
    assert.equal(sumRows(rows).total, 4 + 412 + 40211);
    assert.equal(rows.length, 1);
  }));

test('lines without requestId dedupe on message id alone', () =>
  withHome(async (h) => {
    h.write(`${P}/${SESSION}.jsonl`, jsonl(streamedResponse('msg_B', undefined, usage(2, 90, 10, 0))));
    h.write(`${P}/other-session.jsonl`, jsonl(streamedResponse('msg_B', undefined, usage(2, 90, 10, 0))));
    assert.equal(sumRows((await h.scan()).rows).total, 102);
  }));

test('distinct responses all count; user lines, summaries and synthetic messages do not', () =>
  withHome(async (h) => {
    const lines = [
      JSON.stringify({ type: 'summary', summary: 'x', leafUuid: 'u' }),
      claudeUserLine(T0, SESSION, 'tool output with the word "usage" in it'),
      claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_1', requestId: 'r1', model: SONNET, usage: usage(1, 2, 3, 4) }),
      claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_2', requestId: 'r2', model: 'claude-opus-4-1', usage: usage(10, 20, 30, 40) }),
      claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_3', requestId: 'r3', model: '<synthetic>', usage: usage(0, 0, 0, 0) }),
    ];
    h.write(`${P}/${SESSION}.jsonl`, jsonl(lines));
    const rows = (await h.scan()).rows;
    assert.equal(sumRows(rows).total, 110);
    assert.deepEqual(rows.map((r) => r.model).sort(), ['claude-opus-4-1', SONNET]);
  }));

test('workflow journals are not read; both default config folders are', () =>
  withHome(async (h) => {
    const line = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_J', requestId: 'r', model: SONNET, usage: usage(1, 1, 1, 1) });
    h.write(`${P}/${SESSION}/subagents/workflows/w1/journal.jsonl`, jsonl([line]));
    const other = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_X', requestId: 'r', model: SONNET, usage: usage(5, 5, 5, 5) });
    h.write(`.config/claude/projects/p/${SESSION}.jsonl`, jsonl([other]));
    assert.equal(sumRows((await h.scan()).rows).total, 20);
  }));

test('bad lines are skipped and counted by reason, good lines still count', () =>
  withHome(async (h) => {
    const good = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_1', requestId: 'r1', model: SONNET, usage: usage(1, 2, 3, 4) });
    const badTs = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_2', requestId: 'r2', model: SONNET, usage: usage(1, 1, 1, 1) }).replace(/"timestamp":"[^"]+"/, '"timestamp":"yesterday"');
    const badUsage = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_3', requestId: 'r3', model: SONNET, usage: usage(1, 1, 1, 1) }).replace('"output_tokens":1', '"output_tokens":"lots"');
    const notJson = '{"type":"assistant","message":{"usage":{"input_tokens":5';
    const invalidUtf8 = Buffer.concat([Buffer.from(good.replace('msg_1', 'msg_9').replace('"Done."', '"caf')), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    h.write(`${P}/${SESSION}.jsonl`, Buffer.concat([Buffer.from(jsonl([good, badTs, badUsage, notJson])), invalidUtf8, Buffer.from('\n')]));
    const out = await h.scan();
    assert.equal(sumRows(out.rows).total, 10);
    assert.deepEqual(out.report.skipped, { 'bad-timestamp': 1, 'bad-usage': 1, 'invalid-json': 2 });
  }));

test('non-UTF-8 bytes inside a string do not lose the line', () =>
  withHome(async (h) => {
    const line = claudeAssistantLine({ ts: T0, sessionId: SESSION, messageId: 'msg_1', requestId: 'r1', model: SONNET, usage: usage(1, 2, 3, 4), text: 'caf\u00e9' });
    const bytes = Buffer.from(line, 'utf8');
    const at = bytes.indexOf(Buffer.from('caf')) + 3;
    bytes[at] = 0xff; // replaces the first byte of "é" with an invalid one
    h.write(`${P}/${SESSION}.jsonl`, Buffer.concat([bytes, Buffer.from('\n')]));
    assert.equal(sumRows((await h.scan()).rows).total, 10);
  }));

test('CLAUDE_CONFIG_DIR replaces the default folders', async () => {
  const { claudeCodeSource } = await import('../../../src/sources/claudeCode');
  assert.deepEqual(claudeCodeSource.defaultRoots({ home: '/h', env: { CLAUDE_CONFIG_DIR: '/a, /b' } }), ['/a/projects', '/b/projects']);
  assert.deepEqual(claudeCodeSource.defaultRoots({ home: '/h', env: { XDG_CONFIG_HOME: '/x' } }), ['/h/.claude/projects', '/x/claude/projects']);
});
