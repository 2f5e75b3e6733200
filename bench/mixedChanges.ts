import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { claudeAssistantLine, codexTokenCount } from '../src/demo/logBuilders';
import type { CodexTotals } from '../src/demo/logBuilders';
import { clineSay, copilotOp, copilotRequest, copilotResult, geminiMessage, openCodeAssistant, piAssistant, qwenAssistant, qwenTelemetry } from '../src/demo/agentLogs';
import type { CopilotRequest } from '../src/demo/agentLogs';
import { AGENT_IDS } from '../src/shared/tokens';
import type { AgentId } from '../src/shared/tokens';
import { MIXED_END, MIXED_PATHS } from './mixedGen';
import { continueStamp } from './mixedDatabases';

/** Present while a change set is applied: a corpus left with it (an interrupted run) is generated again. */
export function dirtyMarker(home: string): string {
  return path.join(home, '.dirty');
}

function files(dir: string, test: (rel: string) => boolean): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((rel) => rel.split(path.sep).join('/'))
    .filter(test)
    .sort()
    .map((rel) => path.join(dir, rel));
}

function lastLineWith(file: string, marker: string): string | undefined {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.includes(marker)) return lines[i];
  return undefined;
}

/** How many requests a Copilot operation log holds after replay (enough of the replay to index new ops). */
function copilotRequestCount(file: string): number {
  let n = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line) as { kind: number; k?: unknown[]; v?: unknown; i?: number };
    if (e.kind === 0) n = Array.isArray((e.v as { requests?: unknown[] }).requests) ? (e.v as { requests: unknown[] }).requests.length : 0;
    else if (e.kind === 2 && e.k?.length === 1 && e.k[0] === 'requests') {
      if (typeof e.i === 'number') n = Math.min(n, e.i);
      n += Array.isArray(e.v) ? e.v.length : 0;
    }
  }
  return n;
}

/**
 * A realistic burst of multi-agent activity, applied round after round to the mixed corpus:
 * streamed Claude responses appended to two sessions, a Codex token count, a Gemini message, a
 * Qwen response with its telemetry echo, a pi response; OpenCode finishing its streaming message
 * and starting the next (rows kept in its WAL, the connection open as OpenCode keeps it); one Cline
 * task rewritten with one more request; one Copilot log with a new request's ops; Continue rows.
 * Tracks the tokens each agent gained; `restore()` puts every file back as generated.
 */
export class MixedChanges {
  /** Tokens added per agent (input + output + cache), by each agent's counting rules. */
  readonly added = Object.fromEntries(AGENT_IDS.map((a) => [a, 0])) as Record<AgentId, number>;
  private readonly backupDir: string;
  private readonly sizes = new Map<string, number>();
  private readonly originals = new Map<string, Buffer>();
  private seq = 0;
  private claude: string[] = [];
  private codex!: { file: string; total: CodexTotals };
  private gemini!: { file: string; sessionId: string };
  private qwen!: { file: string; sessionId: string };
  private pi!: string;
  private cline!: { file: string; ui: unknown[] };
  private copilot!: { file: string; count: number };
  private openCode: { db: Database.Database; file: string; session: string; pending: string | undefined } | undefined;
  private cont: { db: Database.Database; file: string } | undefined;

  constructor(private readonly home: string) {
    this.backupDir = `${home}-backup`;
  }

  /** Picks the files to change, backs up the databases and marks the corpus as being changed. */
  begin(): void {
    fs.writeFileSync(dirtyMarker(this.home), '');
    const at = (rel: string) => path.join(this.home, rel);
    this.claude = files(at(MIXED_PATHS.claude), (r) => r.endsWith('.jsonl') && !r.includes('/subagents/'))
      .filter((f) => fs.statSync(f).size < 2 << 20)
      .filter((_, i, all) => i === 0 || i === Math.floor(all.length / 2));
    const rollouts = files(at(MIXED_PATHS.codex), (r) => r.endsWith('.jsonl')).reverse();
    const rollout = rollouts.find((f) => !fs.readFileSync(f, 'utf8').slice(0, 4096).split('\n')[0]!.includes('forked_from_id'))!;
    const last = JSON.parse(lastLineWith(rollout, '"token_count"')!) as { payload: { info: { total_token_usage: Record<string, number> } } };
    const u = last.payload.info.total_token_usage;
    this.codex = { file: rollout, total: { input: u.input_tokens!, cached: u.cached_input_tokens!, output: u.output_tokens!, reasoning: u.reasoning_output_tokens! } };
    const geminiFile = files(at(MIXED_PATHS.gemini), (r) => /\/chats\/session-[^/]+\.jsonl$/.test(r)).at(-1)!;
    this.gemini = { file: geminiFile, sessionId: (JSON.parse(fs.readFileSync(geminiFile, 'utf8').split('\n')[0]!) as { sessionId: string }).sessionId };
    const qwenFile = files(at(MIXED_PATHS.qwen), (r) => r.endsWith('.jsonl')).at(-1)!;
    this.qwen = { file: qwenFile, sessionId: path.basename(qwenFile, '.jsonl') };
    this.pi = files(at(MIXED_PATHS.pi), (r) => r.endsWith('.jsonl')).at(-1)!;
    const clineFile = files(at(MIXED_PATHS.cline), (r) => r.endsWith('/ui_messages.json')).at(-1)!;
    this.cline = { file: clineFile, ui: JSON.parse(fs.readFileSync(clineFile, 'utf8')) as unknown[] };
    const copilotFile = files(at(MIXED_PATHS.copilot), (r) => r.endsWith('.jsonl')).at(-1)!;
    this.copilot = { file: copilotFile, count: copilotRequestCount(copilotFile) };
    for (const f of [...this.claude, rollout, geminiFile, qwenFile, this.pi, copilotFile]) this.sizes.set(f, fs.statSync(f).size);
    this.originals.set(clineFile, fs.readFileSync(clineFile));

    // The databases are opened by SQLite, as the agents do, after a byte copy is put aside.
    fs.rmSync(this.backupDir, { recursive: true, force: true });
    fs.mkdirSync(this.backupDir, { recursive: true });
    const ocFile = at(MIXED_PATHS.opencodeDb);
    const contFile = at(MIXED_PATHS.continueDb);
    for (const f of [ocFile, `${ocFile}-wal`, contFile]) fs.copyFileSync(f, path.join(this.backupDir, path.basename(f)));
    const oc = new Database(ocFile);
    oc.pragma('wal_autocheckpoint = 0');
    const session = (oc.prepare('SELECT session_id FROM message ORDER BY time_created DESC LIMIT 1').get() as { session_id: string }).session_id;
    const pending = oc.prepare("SELECT id FROM message WHERE json_extract(data, '$.role') = 'assistant' AND json_extract(data, '$.time.completed') IS NULL ORDER BY rowid DESC LIMIT 1").get() as { id: string } | undefined;
    this.openCode = { db: oc, file: ocFile, session, pending: pending?.id };
    this.cont = { db: new Database(contFile), file: contFile };
  }

  /** One burst of activity; returns the paths a file watcher would report for it. */
  apply(): string[] {
    const n = this.seq++;
    const now = MIXED_END - 20 * 60_000 + n * 1000;
    const add = (agent: AgentId, tokens: number) => (this.added[agent] += tokens);
    const changed: string[] = [];

    for (const [i, f] of this.claude.entries()) {
      const usage = { input: 5 + i, output: 700 + n, cacheRead: 50_000 + n, cacheWrite: 1200 };
      const common = { sessionId: path.basename(f, '.jsonl'), messageId: `msg_bench_${n}_${i}`, requestId: `req_bench_${n}_${i}`, model: 'claude-sonnet-4-5-20250929', text: 'Done.' };
      // Streamed: three lines of one response, the last with the final output count.
      const lines = [1, 2, 3].map((c) => claudeAssistantLine({ ...common, ts: now + c * 300, usage: { ...usage, output: c === 3 ? usage.output : c } }));
      fs.appendFileSync(f, lines.join('\n') + '\n');
      add('claude-code', usage.input + usage.output + usage.cacheRead + usage.cacheWrite);
      changed.push(f);
    }

    const last: CodexTotals = { input: 20_000 + n, cached: 15_000, output: 500, reasoning: 200 };
    const t = this.codex.total;
    t.input += last.input;
    t.cached += last.cached;
    t.output += last.output;
    t.reasoning += last.reasoning;
    fs.appendFileSync(this.codex.file, codexTokenCount(now, { ...t }, last) + '\n');
    add('codex', last.input + last.output);
    changed.push(this.codex.file);

    const g = { input: 30_000 + n, cached: 20_000, output: 400, thoughts: 300, tool: 0 };
    const gid = `bench-gemini-${n}`;
    fs.appendFileSync(this.gemini.file, [JSON.stringify({ id: `bench-user-${n}`, timestamp: new Date(now).toISOString(), type: 'user', content: [{ text: 'and the tests?' }] }), JSON.stringify(geminiMessage(gid, now + 500, 'gemini-2.5-pro', null)), JSON.stringify(geminiMessage(gid, now + 500, 'gemini-2.5-pro', g))].join('\n') + '\n');
    add('gemini-cli', g.input + g.output + g.thoughts + g.tool);
    changed.push(this.gemini.file);

    const q = { prompt: 25_000 + n, candidates: 321, cached: 18_000 };
    fs.appendFileSync(this.qwen.file, [qwenAssistant(`bench-a${n}`, this.qwen.sessionId, now, 'qwen3-coder-plus', q), qwenTelemetry(`bench-t${n}`, this.qwen.sessionId, now + 1, 'qwen3-coder-plus', q)].join('\n') + '\n');
    add('qwen-code', q.prompt + q.candidates);
    changed.push(this.qwen.file);

    const p = { input: 12 + n, output: 610, cacheRead: 42_000, cacheWrite: 900 };
    fs.appendFileSync(this.pi, piAssistant(`be${String(n).padStart(6, '0')}`, now, 'claude-sonnet-4-5', p) + '\n');
    add('pi', p.input + p.output + p.cacheRead + p.cacheWrite);
    changed.push(this.pi);

    // OpenCode: the streaming message finishes, one more finishes, the next starts (three commits, all in the WAL).
    const oc = this.openCode!;
    const upsert = oc.db.prepare('INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data, time_updated = excluded.time_updated');
    const oTokens = { input: 40 + n, output: 800, reasoning: 120, cacheRead: 60_000, cacheWrite: 2000 };
    const oTotal = oTokens.input + oTokens.output + oTokens.reasoning + oTokens.cacheRead + oTokens.cacheWrite;
    if (oc.pending) {
      const created = (JSON.parse((oc.db.prepare('SELECT data FROM message WHERE id = ?').get(oc.pending) as { data: string }).data) as { time: { created: number } }).time.created;
      upsert.run(oc.pending, oc.session, created, now, JSON.stringify(openCodeAssistant(created, 'claude-sonnet-4-5', oTokens)));
      add('opencode', oTotal);
    }
    upsert.run(`msg_bench_${n}_a`, oc.session, now, now, JSON.stringify(openCodeAssistant(now, 'claude-sonnet-4-5', oTokens)));
    add('opencode', oTotal);
    oc.pending = `msg_bench_${n}_b`;
    upsert.run(oc.pending, oc.session, now + 1, now + 1, JSON.stringify(openCodeAssistant(now + 1, 'claude-sonnet-4-5', { input: 0, output: 0 }, false)));
    changed.push(`${oc.file}-wal`);

    // Cline rewrites its whole ui_messages.json with one more request.
    const c = { tokensIn: 30 + n, tokensOut: 450, cacheWrites: 1500, cacheReads: 70_000 };
    this.cline.ui.push(clineSay(now, 'api_req_started', { request: '<task>\nand the tests?\n</task>', ...c, cost: 0.03 }, { modelInfo: { modelId: 'claude-sonnet-4-5-20250929', providerId: 'anthropic', mode: 'act' } }), clineSay(now + 3000, 'text', 'Added the tests.', { partial: false }));
    fs.writeFileSync(this.cline.file, JSON.stringify(this.cline.ui));
    add('cline', c.tokensIn + c.tokensOut + c.cacheWrites + c.cacheReads);
    changed.push(this.cline.file);

    // Copilot: a new request pushed, its response streamed, its result set.
    const cp = this.copilot;
    const r: CopilotRequest = { requestId: `request_bench_${n}`, timestamp: now, modelId: 'copilot/claude-sonnet-4.5', promptTokens: 31_000 + n, outputTokens: 700, thinking: [150, 0] };
    const ops = [copilotOp(2, ['requests'], [copilotRequest({ ...r, promptTokens: undefined })]), copilotOp(2, ['requests', cp.count, 'response'], [{ kind: 'markdownContent', content: { value: 'Added the tests.' } }]), copilotOp(1, ['requests', cp.count, 'result'], copilotResult(r)), copilotOp(1, ['requests', cp.count, 'modelState'], { value: 1, completedAt: now + 40_000 })];
    fs.appendFileSync(cp.file, ops.join('\n') + '\n');
    cp.count++;
    add('copilot-chat', r.promptTokens! + r.outputTokens!);
    changed.push(cp.file);

    // Continue: a few autocomplete rows and a chat completion (rollback journal: each commit rewrites pages in place).
    const ins = this.cont!.db.prepare('INSERT INTO tokens_generated (model, provider, tokens_prompt, tokens_generated, timestamp) VALUES (?, ?, ?, ?, ?)');
    for (const [model, prompt, generated] of [['qwen2.5-coder:1.5b', 1200 + n, 40], ['qwen2.5-coder:1.5b', 1300, 25], ['gpt-4.1', 9000, 600]] as const) {
      ins.run(model, 'openai', prompt, generated, continueStamp(now));
      add('continue', prompt + generated);
    }
    changed.push(this.cont!.file);
    return changed;
  }

  /** Closes the databases and puts every changed file back as it was generated. */
  restore(): void {
    this.openCode?.db.close();
    this.cont?.db.close();
    for (const [f, size] of this.sizes) fs.truncateSync(f, size);
    for (const [f, bytes] of this.originals) fs.writeFileSync(f, bytes);
    if (this.openCode && this.cont && fs.existsSync(this.backupDir)) {
      for (const f of [this.openCode.file, `${this.openCode.file}-wal`, this.cont.file]) fs.copyFileSync(path.join(this.backupDir, path.basename(f)), f);
      for (const f of [`${this.openCode.file}-shm`, `${this.cont.file}-journal`]) fs.rmSync(f, { force: true });
      fs.rmSync(this.backupDir, { recursive: true, force: true });
    }
    fs.rmSync(dirtyMarker(this.home), { force: true });
  }
}
