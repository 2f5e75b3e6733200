/** Where each agent says a record's project is (for the local-only `--by project`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileReader, UsageEvent } from '../../../src/sources/source';
import { claudeCodeSource } from '../../../src/sources/claudeCode';
import { codexSource } from '../../../src/sources/codex';
import { qwenSource } from '../../../src/sources/qwen';
import { geminiSource } from '../../../src/sources/gemini';
import { piSource } from '../../../src/sources/pi';
import { codexSessionMeta, codexTokenCount, codexTurnContext } from '../../../src/demo/logBuilders';
import { C0, CODEX_ID, totals } from '../../fixtures/codexFixtures';

function events(reader: FileReader | undefined, rel: string, lines: string[]): UsageEvent[] {
  assert.ok(reader && reader.kind === 'lines');
  const parser = reader.newParser(undefined, rel);
  const out: UsageEvent[] = [];
  for (const l of lines) {
    const buf = Buffer.from(l);
    parser.line(buf, 0, buf.length, (e) => out.push(e));
  }
  return out;
}

test('Claude Code: the record’s cwd', () => {
  const line = JSON.stringify({ type: 'assistant', timestamp: new Date(C0).toISOString(), sessionId: 's', cwd: '/home/dev/src/my-app', requestId: 'r', message: { id: 'm', model: 'claude-sonnet-4-5', usage: { input_tokens: 1, output_tokens: 2 } } });
  const rel = '-home-dev-src-my-app/s.jsonl';
  assert.deepEqual(events(claudeCodeSource.readerFor(rel), rel, [line]).map((e) => e.project), ['/home/dev/src/my-app']);
});

test('Codex: session_meta’s cwd', () => {
  const rel = `2026/11/20/rollout-2026-11-20T21-03-00-${CODEX_ID}.jsonl`;
  const lines = [codexSessionMeta(C0, CODEX_ID), codexTurnContext(C0 + 1, 'm'), codexTokenCount(C0 + 2, totals(10, 0, 1), totals(10, 0, 1))];
  assert.deepEqual(events(codexSource.readerFor(rel), rel, lines).map((e) => e.project), ['/home/dev/src/app']);
});

test('Qwen, Gemini and pi: the project folder they file sessions under', () => {
  assert.equal(qwenSource.projectOf?.('-home-dev-app/chats/0b8e4a3c-0000-4000-8000-000000000001.jsonl'), '-home-dev-app');
  assert.equal(geminiSource.projectOf?.('my-app/chats/session-2026-11-20T10-00-abcd1234.jsonl'), 'my-app');
  assert.equal(piSource.projectOf?.('--home-dev-app--/2026-11-20T10-00-00_abc.jsonl'), '--home-dev-app--');
  assert.equal(piSource.projectOf?.('2026-11-20T10-00-00_abc.jsonl'), undefined);
});
