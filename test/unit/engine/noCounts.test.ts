import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TempHome, withHome } from '../../fixtures/tempHome';
import { jsonl, SESSION, streamedResponse, usage } from '../../fixtures/claudeFixtures';

// Issue #23 item 2: no silent zeros. An editor or agent whose folder is here but whose files hold no
// counts Token Tier can read is named in the scan report, with why and where — and the CLI says so.

const CLI = path.resolve('dist/cli.js');

function run(h: TempHome, args: string[]) {
  const env = { PATH: process.env.PATH ?? '', HOME: h.home, XDG_CACHE_HOME: path.join(h.home, '.cache'), NO_COLOR: '1' };
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A home where each of these editors and agents has left its folder, and nothing Token Tier reads. */
function unreadableHome(h: TempHome): Record<string, string> {
  const at = (rel: string, file = false) => {
    const p = path.join(h.home, rel);
    if (file) h.write(rel, 'x');
    else fs.mkdirSync(p, { recursive: true });
    return p;
  };
  // Cursor's state.vscdb as a FIFO: anything that opened it instead of a stat would hang here.
  fs.mkdirSync(path.join(h.home, '.config/Cursor/User/globalStorage'), { recursive: true });
  const vscdb = path.join(h.home, '.config/Cursor/User/globalStorage/state.vscdb');
  assert.equal(spawnSync('mkfifo', [vscdb]).status, 0);
  return {
    cursor: vscdb,
    windsurf: at('.codeium/windsurf/cascade'),
    kiro: at('.config/Kiro/User/globalStorage/kiro.kiroagent'),
    'grok-build': at('.grok/sessions'),
    openclaw: at('.openclaw'),
    codebuff: at('.config/manicode'),
    crush: at('.local/share/crush'),
    aider: at('.aider.conf.yml', true),
  };
}

test('every editor and agent found with no readable counts is in the report, once, with where it was found and why', () =>
  withHome(async (h) => {
    const where = unreadableHome(h);
    const r = await h.scan();
    const notes = r.report.noCounts ?? [];
    assert.deepEqual(notes.map((n) => n.id).sort(), Object.keys(where).sort());
    for (const n of notes) {
      assert.deepEqual(n.paths, [where[n.id]], n.id);
      assert.ok(n.why.length > 10 && n.why.length < 240, `${n.id}: ${n.why}`);
    }
    assert.equal(notes.find((n) => n.id === 'windsurf')!.kind, 'editor');
    assert.equal(notes.find((n) => n.id === 'grok-build')!.kind, 'agent');
  }));

test('a home without them reports none', () =>
  withHome(async (h) => {
    h.write(`.claude/projects/p/${SESSION}.jsonl`, jsonl(streamedResponse('msg_A', 'req_A', usage(4, 412, 0, 0))));
    assert.deepEqual((await h.scan()).report.noCounts, []);
  }));

test("VS Code Server with Copilot Chat but no sessions here: the counts are on the machine VS Code runs on, and the report says so", () =>
  withHome(async (h) => {
    fs.mkdirSync(path.join(h.home, '.vscode-server/extensions/github.copilot-chat-0.41.2'), { recursive: true });
    h.write('.vscode-server/data/User/workspaceStorage/5d0c7e2b/GitHub.copilot-chat/transcripts/s.jsonl', '{"type":"session.start"}\n');
    const notes = (await h.scan()).report.noCounts ?? [];
    const remote = notes.find((n) => n.id === 'copilot-chat-server');
    assert.ok(remote, JSON.stringify(notes));
    assert.deepEqual(remote.paths, [path.join(h.home, '.vscode-server/extensions')]);
    // With a session of its own here, Copilot Chat is read, and nothing is said.
    h.write('.vscode-server/data/User/workspaceStorage/5d0c7e2b/chatSessions/s.jsonl', '{"kind":0,"v":{"sessionId":"s","requests":[]}}\n');
    assert.equal(((await h.scan()).report.noCounts ?? []).some((n) => n.id === 'copilot-chat-server'), false);
  }));

test('the CLI: sources prints one line each, --json carries them, and a home with only these is not "no logs found"', () => {
  const h = new TempHome();
  try {
    const where = unreadableHome(h);
    const text = run(h, ['sources']);
    assert.equal(text.code, 0, text.err);
    const lines = text.out.split('\n');
    for (const label of ['Cursor', 'Windsurf', 'Kiro', 'Grok Build', 'OpenClaw', 'Codebuff', 'Crush', 'Aider']) {
      const line = lines.find((l) => l.includes(label) && l.includes('found; its local files hold no exact token counts ('));
      assert.ok(line, `${label} in:\n${text.out}`);
    }
    assert.ok(text.out.includes(where.windsurf!), 'where it was found');
    const json = JSON.parse(run(h, ['sources', '--json']).out) as { noCounts: Array<{ id: string; paths: string[] }> };
    assert.deepEqual(json.noCounts.map((n) => n.id).sort(), Object.keys(where).sort());
    const summary = run(h, []);
    assert.equal(summary.code, 0, summary.err);
    assert.match(summary.out, /Found, but no exact token counts on this machine: .*Cursor/s);
    assert.doesNotMatch(summary.out, /No AI coding agent logs found on this machine/);
  } finally {
    h.dispose();
  }
});
