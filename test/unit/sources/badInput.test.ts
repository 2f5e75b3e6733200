import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { claudeAssistantLine } from '../../../src/demo/logBuilders';
import { ampAssistant, ampThread, clineApiReq, copilotRequest, geminiHeader, geminiMessage, piAssistant, piHeader, qwenAssistant } from '../../../src/demo/agentLogs';
import type { AgentId } from '../../../src/shared/tokens';
import { withHome, sumRows, TempHome } from '../../fixtures/tempHome';
import { rollout, rolloutPath, totals } from '../../fixtures/codexFixtures';
import { ContinueDb, OpenCodeDb } from '../../fixtures/sqliteFixtures';

const B0 = Date.parse('2026-11-21T10:00:00Z');
const of = (agent: AgentId) => (rows: Parameters<typeof sumRows>[0]) => sumRows(rows, (r) => r.agent === agent).total;

/** For each JSONL agent: where a file goes, a header (if any), and a usage line worth `total` tokens. */
const JSONL: Array<{ agent: AgentId; rel: string; head: string[]; usage: (n: number) => string; total: number }> = [
  { agent: 'claude-code', rel: '.claude/projects/p/s.jsonl', head: [], usage: (n) => claudeAssistantLine({ ts: B0 + n, sessionId: 's', messageId: `m${n}`, requestId: `r${n}`, model: 'claude', usage: { input: 1, output: 9, cacheRead: 0, cacheWrite: 0 } }), total: 10 },
  { agent: 'gemini-cli', rel: '.gemini/tmp/p/chats/session-x.jsonl', head: [geminiHeader('gs', B0)], usage: (n) => JSON.stringify(geminiMessage(`g${n}`, B0 + n, 'gemini-2.5-pro', { input: 10, output: 5, cached: 0 })), total: 15 },
  { agent: 'qwen-code', rel: '.qwen/projects/p/chats/a1b2c3d4-0000-4000-8000-000000000001.jsonl', head: [], usage: (n) => qwenAssistant(`q${n}`, 'qs', B0 + n, 'qwen', { prompt: 20 + n, candidates: 2, cached: 0 }), total: 0 },
  { agent: 'pi', rel: '.pi/agent/sessions/--p--/x_s.jsonl', head: [piHeader('ps', B0)], usage: (n) => piAssistant(`p000000${n}`, B0 + n, 'haiku', { input: 3, output: 4, cacheRead: 0, cacheWrite: 0 }), total: 7 },
];

for (const a of JSONL) {
  test(`${a.agent}: corrupt lines and non-UTF-8 bytes are skipped and counted; a truncated last line waits; the rest counts`, () =>
    withHome(async (h) => {
      const per = a.total || 22; // qwen's lines grow by one prompt token each
      const good1 = a.usage(1);
      // Bytes that are not UTF-8 inside a string the parser does not need.
      const latin1 = Buffer.concat([Buffer.from(a.usage(2).replace(/"(Done\.|fix it)"/, '"XX"')), Buffer.from('\n')]);
      const binary = Buffer.from(latin1.toString('latin1').replace('XX', '\xff\xfe'), 'latin1');
      // Holds every agent's marker, so each parser really tries it.
      const corrupt = '{"tokens":{"input": 5, "usageMetadata": {"usage": {"broken" ';
      const last = a.usage(3);
      h.write(a.rel, Buffer.concat([Buffer.from([...a.head, good1, corrupt].join('\n') + '\n'), binary, Buffer.from(last.slice(0, 25))]));
      const first = await h.scan();
      const counted = of(a.agent)(first.rows);
      assert.equal(counted, a.agent === 'qwen-code' ? 23 + 24 : per * 2, 'two good lines');
      assert.equal(first.report.skipped['invalid-json'], 1);
      h.append(a.rel, last.slice(25) + '\n');
      assert.equal(of(a.agent)((await h.scan()).rows), a.agent === 'qwen-code' ? 23 + 24 + 25 : per * 3);
    }));
}

test('empty files of every kind are read as nothing, without an error', () =>
  withHome(async (h) => {
    for (const rel of [
      '.gemini/tmp/p/chats/session-x.jsonl', '.gemini/tmp/p/chats/session-y.json', '.local/share/amp/threads/T-1.json',
      '.config/Code/User/globalStorage/saoudrizwan.claude-dev/tasks/1/ui_messages.json', '.config/Code/User/workspaceStorage/w/chatSessions/s.jsonl',
      '.config/Code/User/workspaceStorage/w/chatSessions/t.json', '.local/share/opencode/storage/message/s/m.json', '.pi/agent/sessions/x.jsonl',
    ]) h.write(rel, '');
    const r = await h.scan();
    assert.equal(r.rows.length, 0);
    assert.deepEqual(r.report.skipped, {});
    assert.equal(r.report.filesSeen, 8);
  }));

test('whole JSON files caught mid-rewrite keep what they counted; the finished file is read again', () =>
  withHome(async (h) => {
    const files = {
      amp: ['.local/share/amp/threads/T-1.json', ampThread('T-1', B0, [ampAssistant(1, 'm', { input: 1, output: 2, cacheWrite: 0, cacheRead: 0 }, B0)]), 3],
      'copilot-chat': ['.config/Code/User/workspaceStorage/w/chatSessions/s.json', JSON.stringify({ sessionId: 's', requests: [copilotRequest({ requestId: 'r', timestamp: B0, modelId: 'copilot/x', promptTokens: 40, outputTokens: 4 })] }), 44],
      'gemini-cli': ['.gemini/tmp/p/chats/session-y.json', JSON.stringify({ sessionId: 'g', messages: [geminiMessage('m', B0, 'gemini', { input: 7, output: 1, cached: 0 })] }, null, 2), 8],
      'roo-code': ['.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks/9/ui_messages.json', JSON.stringify([clineApiReq(B0, { tokensIn: 50, tokensOut: 5 })]), 55],
    } as const;
    for (const [rel, text] of Object.values(files)) h.write(rel, text);
    const before = await h.scan();
    for (const [agent, [, , total]] of Object.entries(files)) assert.equal(of(agent as AgentId)(before.rows), total, agent);
    for (const [rel, text] of Object.values(files)) h.write(rel, text.slice(0, Math.floor(text.length / 2)));
    const torn = await h.scan();
    assert.equal(torn.report.skipped['invalid-json'], 4);
    for (const [agent, [, , total]] of Object.entries(files)) assert.equal(of(agent as AgentId)(torn.rows), total, `${agent} kept`);
    for (const [rel, text] of Object.values(files)) h.write(rel, text + ' ');
    const again = await h.scan();
    for (const [agent, [, , total]] of Object.entries(files)) assert.equal(of(agent as AgentId)(again.rows), total, `${agent} once`);
  }));

test('a Continue database of an unknown schema is skipped with a reason naming what it found', () =>
  withHome(async (h) => {
    fs.mkdirSync(path.join(h.home, '.continue/dev_data'), { recursive: true });
    const db = new Database(path.join(h.home, '.continue/dev_data/devdata.sqlite'));
    db.exec('CREATE TABLE usage_v2 (id INTEGER PRIMARY KEY, tokens INTEGER)');
    db.close();
    const r = await h.scan();
    const src = r.report.sources.find((s) => s.agent === 'continue')!;
    assert.deepEqual(src.skipped, { 'unknown-schema': 1 });
    assert.match(src.problems[0]!, /unknown Continue database schema: expected table tokens_generated\(model, tokens_generated, timestamp\), found tables usage_v2/);
  }));

test('files and databases the user may not read are skipped and named; everything else still counts', () => {
  const h = new TempHome();
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-cache-'));
  try {
    h.write('.config/Code/User/globalStorage/saoudrizwan.claude-dev/tasks/1/ui_messages.json', JSON.stringify([clineApiReq(B0, { tokensIn: 10, tokensOut: 1 })]));
    h.write('.config/Code/User/globalStorage/saoudrizwan.claude-dev/tasks/2/ui_messages.json', JSON.stringify([clineApiReq(B0, { tokensIn: 20, tokensOut: 2 })]));
    new OpenCodeDb(path.join(h.home, '.local/share/opencode/opencode.db')).close();
    const cont = new ContinueDb(path.join(h.home, '.continue/dev_data/devdata.sqlite'));
    cont.row('gpt', 5, 5, '2026-11-21 10:00:00');
    cont.close();
    h.write(rolloutPath('c1'), rollout('c1', B0, 'gpt', [totals(100, 0, 10)]).join('\n') + '\n');
    fs.chmodSync(path.join(h.home, '.config/Code/User/globalStorage/saoudrizwan.claude-dev/tasks/2/ui_messages.json'), 0o000);
    fs.chmodSync(path.join(h.home, '.local/share/opencode/opencode.db'), 0o000);
    fs.chmodSync(cache, 0o777);
    for (const d of execDirs(h.home)) fs.chmodSync(d, 0o755);
    // As root every file is readable: run the CLI as "nobody" so the permissions bite, as they do for a user.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), 'sources', '--json'], { env: { PATH: process.env.PATH ?? '', HOME: h.home, XDG_CACHE_HOME: cache }, encoding: 'utf8', ...asNobody });
    assert.equal(r.status, 0, r.stderr);
    const agents = (JSON.parse(r.stdout) as { agents: Array<{ agent: string; skipped: Record<string, number>; problems: string[] }> }).agents;
    const cline = agents.find((a) => a.agent === 'cline')!;
    assert.deepEqual(cline.skipped, { unreadable: 1 });
    assert.match(cline.problems[0]!, /tasks\/2\/ui_messages\.json: EACCES/);
    assert.deepEqual(agents.find((a) => a.agent === 'opencode')!.skipped, { unreadable: 1 });
    const daily = spawnSync(process.execPath, [path.resolve('dist/cli.js'), 'daily', '--json', '--timezone', 'UTC'], { env: { PATH: process.env.PATH ?? '', HOME: h.home, XDG_CACHE_HOME: cache }, encoding: 'utf8', ...asNobody });
    const totalsByAgent = JSON.parse(daily.stdout).days[0].agents;
    assert.deepEqual([totalsByAgent.cline.total, totalsByAgent.codex.total, totalsByAgent.continue.total], [11, 110, 10]);
  } finally {
    h.dispose();
    fs.rmSync(cache, { recursive: true, force: true });
  }
});

/** Every folder under `home`, so "nobody" can walk them. */
function execDirs(home: string): string[] {
  const out = [home];
  for (const e of fs.readdirSync(home, { withFileTypes: true, recursive: true })) if (e.isDirectory()) out.push(path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
  return out;
}
