import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonical, sumRows, withHome } from '../../fixtures/tempHome';
import { kimiSource } from '../../../src/sources/kimi';

const S = '.kimi/sessions/5d41402abc4b2a76b9719d911017c592';
const T = Date.parse('2026-11-20T10:00:00Z') / 1000;
const lines = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
const usage = (input: number, output: number, read = 0, write = 0) => ({ input_other: input, output, input_cache_read: read, input_cache_creation: write });
const status = (ts: number, u: unknown, id: string | null) => ({ timestamp: ts, message: { type: 'StatusUpdate', payload: { context_usage: 0.2, context_tokens: 40_000, token_usage: u, message_id: id } } });
const nested = (ts: number, u: unknown, id: string | null, older = false) => ({ timestamp: ts, message: { type: 'SubagentEvent', payload: { [older ? 'task_tool_call_id' : 'parent_tool_call_id']: 'call_1', agent_id: 'a1', subagent_type: 'coder', event: { type: 'StatusUpdate', payload: { token_usage: u, message_id: id } } } } });
const kimi = (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === 'kimi-cli');

test('one StatusUpdate per step, disjoint buckets; updates without token_usage and context sizes count nothing', () =>
  withHome(async (h) => {
    h.write(`${S}/s1/wire.jsonl`, '{"type":"metadata","protocol_version":"1.3"}\n' + lines([
      status(T, usage(1200, 300, 8000, 500), 'chatcmpl-1'),
      { timestamp: T + 1, message: { type: 'StatusUpdate', payload: { plan_mode: true } } },
      { timestamp: T + 2, message: { type: 'TurnBegin', payload: { user_input: 'token_usage' } } },
    ]));
    h.write(`${S}/s1/context.jsonl`, lines([{ role: '_usage', token_count: 40_000 }]));
    const c = kimi((await h.scan()).rows);
    assert.deepEqual([c.input, c.output, c.cacheRead, c.cacheWrite], [1200, 300, 8000, 500]);
  }));

test('subagent steps count once: mirrored SubagentEvents and the subagent’s own wire; an older CLI’s mirrors alone still count', () =>
  withHome(async (h) => {
    // Newer CLI: the parent mirrors the step, the subagent's wire has it too (same message_id).
    h.write(`${S}/s2/wire.jsonl`, lines([status(T, usage(100, 10), 'chatcmpl-p'), nested(T + 5, usage(40, 4), 'chatcmpl-sub')]));
    h.write(`${S}/s2/subagents/a1/wire.jsonl`, lines([status(T + 4.9, usage(40, 4), 'chatcmpl-sub')]));
    // Older CLI: only mirrors (task_tool_call_id), one without a message id.
    h.write(`${S}/s3/wire.jsonl`, lines([nested(T + 9, usage(7, 1), 'chatcmpl-old', true), nested(T + 10, usage(3, 1), null, true)]));
    assert.equal(kimi((await h.scan()).rows).total, 110 + 44 + 8 + 4);
  }));

test('a /fork copies the parent’s lines verbatim into a new session: counted once; incremental equals cold', () =>
  withHome(async (h) => {
    const parent = [status(T, usage(100, 10), 'chatcmpl-a'), status(T + 60, usage(200, 20), 'chatcmpl-b')];
    h.write(`${S}/s4/wire.jsonl`, lines(parent));
    assert.equal(kimi((await h.scan()).rows).total, 330);
    h.write(`${S}/s5/wire.jsonl`, lines([...parent, status(T + 120, usage(5, 5), 'chatcmpl-c')]));
    h.append(`${S}/s4/wire.jsonl`, 'not json "token_usage"\n' + JSON.stringify(status(T + 200, usage(1, 1), 'chatcmpl-d')).slice(0, 30));
    const r = await h.scan();
    assert.equal(kimi(r.rows).total, 340);
    assert.deepEqual(r.report.sources.find((s) => s.agent === 'kimi-cli')!.skipped, { 'invalid-json': 1 });
    assert.deepEqual(canonical(r.rows), canonical((await h.coldScan()).rows));
  }));

test('KIMI_SHARE_DIR moves the folder (empty means unset); context and state files are never read', () => {
  assert.deepEqual(kimiSource.defaultRoots({ home: '/home/ana', env: { KIMI_SHARE_DIR: '/data/kimi' } }), ['/data/kimi/sessions']);
  assert.deepEqual(kimiSource.defaultRoots({ home: '/home/ana', env: { KIMI_SHARE_DIR: '' } }), ['/home/ana/.kimi/sessions']);
  assert.deepEqual(kimiSource.defaultRoots({ home: 'C:\\Users\\ana', env: {}, platform: 'win32' }), ['C:\\Users\\ana\\.kimi\\sessions']);
  assert.equal(kimiSource.readerFor('h/s/context.jsonl'), undefined);
  assert.equal(kimiSource.readerFor('h/s/context_sub_1.jsonl'), undefined);
  assert.ok(kimiSource.readerFor('h/s/subagents/a1/wire.jsonl'));
});
