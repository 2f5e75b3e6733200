import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeCorpus } from './corpus';
import { CLAUDE_CODEX_SHARE, fileStamp, Gen, iso, MIXED_END, MIXED_PATHS } from './mixedGen';
import type { AgentStats, MixedCorpus, MixedCorpusOptions } from './mixedGen';
import { continueDev, opencode } from './mixedDatabases';
import { hexId, uuid } from '../src/demo/logBuilders';
import {
  ampAssistant,
  ampLedgerEvent,
  clineSay,
  copilotInitial,
  copilotOp,
  copilotRequest,
  copilotResult,
  geminiHeader,
  geminiMessage,
  geminiSet,
  piAssistant,
  piHeader,
  qwenAssistant,
  qwenTelemetry,
} from '../src/demo/agentLogs';
import type { CopilotRequest } from '../src/demo/agentLogs';
import { AGENT_IDS } from '../src/shared/tokens';
import type { AgentId } from '../src/shared/tokens';

export { MIXED_END, MIXED_PATHS } from './mixedGen';
export type { AgentStats, MixedCorpus } from './mixedGen';

/**
 * A heavy multi-agent user's home: Claude Code and Codex as in `writeCorpus` (60 % of the bytes),
 * and the ten other agents in their real on-disk shapes, each with the copies its counting rules
 * exist for (Gemini's re-appended messages, Qwen's telemetry echoes, pi forks, Amp ledgers, Cline
 * checkpoint restores, Copilot edits, OpenCode's newest rows in the WAL, Continue's ALTERed table).
 * Returns what was written and, for the ten, the total tokens each agent's logs hold.
 */
export function writeMixedCorpus(o: MixedCorpusOptions): MixedCorpus {
  const seed = o.seed ?? 4242;
  const end = o.end ?? MIXED_END;
  const g = new Gen(o.dir, o.bytes, seed, end);
  writeCorpus({ dir: o.dir, bytes: Math.floor(o.bytes * CLAUDE_CODEX_SHARE), seed: seed + 1, end });
  for (const [agent, rel] of [['claude-code', MIXED_PATHS.claude], ['codex', MIXED_PATHS.codex]] as const) {
    const s = treeStats(path.join(o.dir, rel));
    g.stats[agent].files = s.files;
    g.stats[agent].bytes = s.bytes;
  }
  gemini(g);
  qwen(g);
  pi(g);
  amp(g);
  clineFamily(g, 'cline', MIXED_PATHS.cline);
  clineFamily(g, 'roo-code', MIXED_PATHS.roo);
  clineFamily(g, 'kilo-code', MIXED_PATHS.kilo);
  copilot(g);
  opencode(g);
  continueDev(g);
  const agents = {} as Record<AgentId, AgentStats>;
  let files = 0;
  let bytes = 0;
  for (const a of AGENT_IDS) {
    const s = g.stats[a];
    agents[a] = a === 'claude-code' || a === 'codex' ? { files: s.files, bytes: s.bytes } : s;
    files += s.files;
    bytes += s.bytes;
  }
  return { files, bytes, agents };
}

function treeStats(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const ent of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!ent.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(ent.parentPath, ent.name)).size;
  }
  return { files, bytes };
}

// ---- Gemini CLI: re-appended messages, `$set` lines, tool results inline, a few subagents ----
function gemini(g: Gen): void {
  const projects = ['app', 'tiers', hexId(g.rand, 64), hexId(g.rand, 64), 'infra'];
  const models = ['gemini-2.5-pro', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-3-pro-preview'];
  const session = (rel: string, sessionId: string, start: number, turns: number, kind: 'main' | 'subagent') => {
    const lines = [kind === 'main' ? geminiHeader(sessionId, start) : JSON.stringify({ ...JSON.parse(geminiHeader(sessionId, start)), kind })];
    let ts = start;
    for (let t = 0; t < turns && ts < g.end; t++) {
      ts += g.int(20_000, 180_000);
      lines.push(JSON.stringify({ id: uuid(g.rand), timestamp: iso(ts), type: 'user', content: [{ text: g.text(40, 1500) }] }));
      const id = uuid(g.rand);
      const at = ts + g.int(3000, 20_000);
      const input = g.int(8000, 130_000);
      const tokens = { input, cached: Math.floor(input * g.rand() * 0.9), output: g.int(40, 2500), thoughts: g.rand() < 0.7 ? g.int(0, 1500) : 0, tool: g.rand() < 0.1 ? g.int(1, 500) : 0 };
      const model = g.pick(models);
      lines.push(JSON.stringify(geminiMessage(id, at, model, null, { content: '' })), geminiSet(at + 1));
      const extra = { content: g.text(100, 3000), thoughts: [{ subject: 'Planning', description: g.text(80, 600), timestamp: iso(at) }] };
      lines.push(JSON.stringify(geminiMessage(id, at, model, tokens, extra)), geminiSet(at + 2));
      if (g.rand() < 0.6) {
        // The tool call and its result: the whole message again.
        const toolCalls = [{ id: `read_file-${at}`, name: 'read_file', args: { absolute_path: '/home/dev/src/app/src/index.ts' }, status: 'success', timestamp: iso(at + 500), result: [{ functionResponse: { id: `read_file-${at}`, name: 'read_file', response: { output: g.text(300, 20_000) } } }] }];
        lines.push(JSON.stringify(geminiMessage(id, at, model, tokens, { ...extra, toolCalls })), geminiSet(at + 600));
      }
      g.count('gemini-cli', tokens.input + tokens.output + tokens.thoughts + tokens.tool);
    }
    g.write('gemini-cli', rel, lines.join('\n') + '\n');
  };
  while (g.stats['gemini-cli'].bytes < g.budget('gemini-cli')) {
    const dir = `${MIXED_PATHS.gemini}/${g.pick(projects)}/chats`;
    const sessionId = uuid(g.rand);
    const start = g.when('gemini-cli');
    session(`${dir}/session-${fileStamp(start).slice(0, 16)}-${sessionId.slice(0, 8)}.jsonl`, sessionId, start, g.skewed(2, 45), 'main');
    if (g.rand() < 0.1) {
      const sub = uuid(g.rand);
      session(`${dir}/${sessionId}/${sub}.jsonl`, sub, start + 60_000, g.int(2, 10), 'subagent');
    }
  }
}

// ---- Qwen Code: assistant records with telemetry echoes, tool results, a few tool-internal calls ----
function qwen(g: Gen): void {
  const models = ['qwen3-coder-plus', 'qwen3-coder-plus', 'qwen3-coder-flash'];
  while (g.stats['qwen-code'].bytes < g.budget('qwen-code')) {
    const sessionId = uuid(g.rand);
    const rel = `${MIXED_PATHS.qwen}/-home-dev-src-app${g.int(0, 5)}/chats/${sessionId}.jsonl`;
    const lines: string[] = [];
    let ts = g.when('qwen-code');
    const turns = g.skewed(2, 50);
    for (let t = 0; t < turns && ts < g.end; t++) {
      ts += g.int(15_000, 150_000);
      lines.push(JSON.stringify({ uuid: uuid(g.rand), parentUuid: null, sessionId, timestamp: iso(ts), type: 'user', cwd: '/home/dev/src/app', version: '0.22.2', message: { role: 'user', parts: [{ text: g.text(40, 1200) }] } }));
      const prompt = g.int(6000, 120_000);
      const u = { prompt, candidates: g.int(30, 3000), cached: Math.floor(prompt * g.rand() * 0.9) };
      const model = g.pick(models);
      lines.push(qwenAssistant(uuid(g.rand), sessionId, ts + 4000, model, u, { message: { role: 'model', parts: [{ text: g.text(100, 2500) }] } }));
      lines.push(qwenTelemetry(uuid(g.rand), sessionId, ts + 4001, model, u));
      g.count('qwen-code', u.prompt + u.candidates);
      if (g.rand() < 0.5) {
        lines.push(JSON.stringify({ uuid: uuid(g.rand), parentUuid: null, sessionId, timestamp: iso(ts + 5000), type: 'tool_result', cwd: '/home/dev/src/app', version: '0.22.2', message: { role: 'user', parts: [{ functionResponse: { name: 'read_file', response: { output: g.text(300, 15_000) } } }] } }));
      }
      if (g.rand() < 0.05) {
        // An API call made inside a tool (web fetch summarising): only its telemetry record exists.
        const inner = { prompt: g.int(1000, 9000), candidates: g.int(10, 400), cached: 0 };
        lines.push(qwenTelemetry(uuid(g.rand), sessionId, ts + 6000, 'qwen3-coder-flash', inner));
        g.count('qwen-code', inner.prompt + inner.candidates);
      }
    }
    g.write('qwen-code', rel, lines.join('\n') + '\n');
  }
}

// ---- pi: header, user and tool-result entries, assistant usage; forks repeat the parent ----
function pi(g: Gen): void {
  const models: Array<[string, string]> = [['claude-sonnet-4-5', 'anthropic-messages'], ['claude-opus-4-1', 'anthropic-messages'], ['gpt-5.1-codex', 'openai-responses']];
  const parents: string[][] = [];
  while (g.stats.pi.bytes < g.budget('pi')) {
    const id = uuid(g.rand);
    const start = g.when('pi');
    const dir = `${MIXED_PATHS.pi}/--home-dev-src-app${g.int(0, 3)}--`;
    const parent = parents.length > 0 && g.rand() < 0.08 ? g.pick(parents) : undefined;
    const lines = [piHeader(id, start, parent ? { parentSession: `/home/dev/${dir}/parent.jsonl` } : {})];
    if (parent) lines.push(...parent); // counted once, in the parent
    const own: string[] = [];
    let ts = start;
    const turns = g.skewed(2, 45);
    const [model, api] = g.pick(models);
    for (let t = 0; t < turns && ts < g.end; t++) {
      ts += g.int(15_000, 150_000);
      own.push(JSON.stringify({ type: 'message', id: hexId(g.rand, 8), parentId: null, timestamp: iso(ts), message: { role: 'user', content: [{ type: 'text', text: g.text(40, 1200) }], timestamp: ts } }));
      const u = { input: g.int(3, 3000), output: g.int(40, 3000), cacheRead: g.int(0, 140_000), cacheWrite: g.int(0, 8000) };
      own.push(piAssistant(hexId(g.rand, 8), ts + 5000, model, u, api));
      g.count('pi', u.input + u.output + u.cacheRead + u.cacheWrite);
      if (g.rand() < 0.6) {
        own.push(JSON.stringify({ type: 'message', id: hexId(g.rand, 8), parentId: null, timestamp: iso(ts + 6000), message: { role: 'toolResult', toolCallId: `toolu_${hexId(g.rand, 20)}`, toolName: 'read', content: [{ type: 'text', text: g.text(200, 15_000) }], isError: false, timestamp: ts + 6000 } }));
      }
    }
    lines.push(...own);
    g.write('pi', `${dir}/${fileStamp(start)}-${String(start % 1000).padStart(3, '0')}Z_${id}.jsonl`, lines.join('\n') + '\n');
    if (!parent && parents.length < 30) parents.push(own.slice(0, 12));
  }
}

// ---- Amp: one JSON per thread, half with a usage ledger (and a title-generation event) ----
function amp(g: Gen): void {
  const models = ['claude-sonnet-4-5', 'claude-opus-4-1'];
  while (g.stats.amp.bytes < g.budget('amp')) {
    const id = `T-${uuid(g.rand)}`;
    const created = g.when('amp');
    const withLedger = g.rand() < 0.5;
    const messages: Array<Record<string, unknown>> = [];
    const ledger: Array<Record<string, unknown>> = [];
    let ts = created;
    const turns = g.skewed(1, 40);
    for (let t = 0; t < turns && ts < g.end; t++) {
      ts += g.int(15_000, 150_000);
      const userContent = t > 0 && g.rand() < 0.6 ? [{ type: 'tool_result', toolUseID: `toolu_${hexId(g.rand, 20)}`, run: { status: 'done', result: g.text(200, 12_000) } }] : [{ type: 'text', text: g.text(40, 1200) }];
      messages.push({ role: 'user', messageId: 2 * t, content: userContent });
      const model = g.pick(models);
      const u = { input: g.int(3, 2000), output: g.int(40, 3000), cacheWrite: g.int(0, 8000), cacheRead: g.int(0, 140_000) };
      const m = ampAssistant(2 * t + 1, model, u, withLedger ? undefined : ts + 4000);
      m.content = [{ type: 'text', text: g.text(100, 2500) }, { type: 'tool_use', id: `toolu_${hexId(g.rand, 20)}`, name: 'Read', input: { path: 'src/index.ts' } }];
      messages.push(m);
      if (withLedger) ledger.push(ampLedgerEvent(`ev-${hexId(g.rand, 12)}`, ts + 4000, model, u.input, u.output, 2 * t + 1));
      g.count('amp', u.input + u.output + u.cacheWrite + u.cacheRead);
    }
    if (withLedger) {
      ledger.push({ ...ampLedgerEvent(`ev-${hexId(g.rand, 12)}`, created + 2000, 'claude-haiku-4-5', 120, 12, 0), operationType: 'title-generation' });
      g.count('amp', 132);
    }
    const thread: Record<string, unknown> = { v: messages.length + 3, id, created, title: g.text(10, 60), messages, env: { initial: { trees: [{ displayName: 'app', uri: 'file:///home/dev/src/app' }] } } };
    if (withLedger) thread.usageLedger = { events: ledger };
    g.write('amp', `${MIXED_PATHS.amp}/${id}.json`, JSON.stringify(thread));
  }
}

// ---- Cline, Roo Code, Kilo Code: tasks/<id>/ui_messages.json (+ the conversation and metadata beside it) ----
function clineFamily(g: Gen, agent: 'cline' | 'roo-code' | 'kilo-code', root: string): void {
  const models = ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805'];
  const used = new Set<number>();
  while (g.stats[agent].bytes < g.budget(agent)) {
    let taskTs = g.when(agent);
    while (used.has(taskTs)) taskTs++;
    used.add(taskTs);
    const model = g.pick(models);
    const dir = `${root}/${taskTs}`;
    const ui: Array<Record<string, unknown>> = [clineSay(taskTs, 'task', g.text(40, 1500))];
    const history: Array<Record<string, unknown>> = [];
    let ts = taskTs;
    const requests = g.skewed(1, 40);
    for (let r = 0; r < requests && ts < g.end; r++) {
      ts += g.int(8000, 120_000);
      const fresh = g.int(3, 3000);
      const c = { tokensIn: fresh, tokensOut: g.int(40, 3000), cacheWrites: g.int(0, 8000), cacheReads: g.int(0, 140_000) };
      // Roo ≥ 3.29.5 and Kilo ≥ 4.119 store the whole prompt in tokensIn.
      if (agent !== 'cline') c.tokensIn = fresh + c.cacheWrites + c.cacheReads;
      const info: Record<string, unknown> = { request: `<task>\n${g.text(40, 400)}\n</task>\n<environment_details>\n${g.text(100, 1200)}\n</environment_details>`, ...c, cost: 0.0239 };
      if (agent !== 'cline') info.apiProtocol = 'anthropic';
      if (g.rand() < 0.03) info.cancelReason = 'user_cancelled';
      ui.push(clineSay(ts, 'api_req_started', info, agent === 'cline' ? { modelInfo: { modelId: model, providerId: 'anthropic', mode: 'act' } } : {}));
      g.count(agent, fresh + c.tokensOut + c.cacheWrites + c.cacheReads);
      ui.push(clineSay(ts + 3000, 'text', g.text(50, 1200), { partial: false }));
      if (g.rand() < 0.5) ui.push({ ts: ts + 3500, type: 'ask', ask: 'tool', text: JSON.stringify({ tool: 'readFile', path: 'src/index.ts', content: g.text(100, 3000) }), partial: false });
      history.push({ role: 'user', content: [{ type: 'text', text: `${g.text(40, 1500)}\n<environment_details>\n<model>${model}</model>\n</environment_details>` }] });
      history.push({ role: 'assistant', content: [{ type: 'text', text: g.text(50, 1200) }] });
    }
    if (agent === 'cline' && g.rand() < 0.05) {
      // A restored checkpoint: the removed requests are gone from the file and their sum stands in.
      const d = { tokensIn: g.int(100, 5000), tokensOut: g.int(100, 5000), cacheWrites: g.int(0, 20_000), cacheReads: g.int(0, 400_000) };
      ui.push(clineSay(ts + 10_000, 'deleted_api_reqs', { ...d, cost: 0.31 }));
      g.count(agent, d.tokensIn + d.tokensOut + d.cacheWrites + d.cacheReads);
    }
    g.write(agent, `${dir}/ui_messages.json`, JSON.stringify(ui));
    g.write(agent, `${dir}/api_conversation_history.json`, JSON.stringify(history));
    g.write(agent, `${dir}/task_metadata.json`, JSON.stringify({ files_in_context: [{ path: 'src/index.ts', record_state: 'active', record_source: 'read_tool', cline_read_date: ts }] }));
  }
}

// ---- Copilot Chat: workspaceStorage/<hash>/chatSessions/<id>.jsonl operation logs (a few old .json) ----
function copilot(g: Gen): void {
  const models = ['copilot/claude-sonnet-4.5', 'copilot/gpt-5.1-codex', 'copilot/gpt-4.1', 'copilot/claude-opus-4.6'];
  const workspaces = Array.from({ length: 40 }, () => hexId(g.rand, 32));
  for (const ws of workspaces) g.write('copilot-chat', `${MIXED_PATHS.copilot}/${ws}/workspace.json`, JSON.stringify({ folder: `file:///home/dev/src/app${ws.slice(0, 2)}` }));
  const request = (ts: number): CopilotRequest => {
    const prompt = g.int(3000, 90_000);
    const output = g.int(40, 4000);
    const thinking = g.rand() < 0.5 ? [g.int(0, Math.min(output, 800)), 0] : [0];
    return { requestId: `request_${uuid(g.rand)}`, timestamp: ts, modelId: g.pick(models), promptTokens: prompt, outputTokens: output, thinking };
  };
  const response = () => [{ kind: 'markdownContent', content: { value: g.text(100, 2500), isTrusted: false } }];
  while (g.stats['copilot-chat'].bytes < g.budget('copilot-chat')) {
    const sessionId = uuid(g.rand);
    const dir = `${MIXED_PATHS.copilot}/${g.pick(workspaces)}/chatSessions`;
    const created = g.when('copilot-chat');
    const n = g.skewed(1, 25);
    let ts = created;
    if (g.rand() < 0.05) {
      // Before VS Code 1.109: the whole session as one JSON.
      const requests: Array<Record<string, unknown>> = [];
      for (let i = 0; i < n; i++) {
        ts += g.int(20_000, 200_000);
        const r = request(ts);
        requests.push({ ...copilotRequest(r), response: response() });
        g.count('copilot-chat', r.promptTokens! + r.outputTokens!);
      }
      g.write('copilot-chat', `${dir}/${sessionId}.json`, JSON.stringify({ version: 3, sessionId, creationDate: created, requests }));
      continue;
    }
    const lines: string[] = [];
    const totals: number[] = [];
    if (g.rand() < 0.1) {
      // A compacted log: earlier requests folded into the first entry.
      const earlier = [];
      for (let i = g.int(1, 5); i > 0; i--) {
        ts += g.int(20_000, 200_000);
        const r = request(ts);
        earlier.push({ ...copilotRequest(r), response: response() });
        totals.push(r.promptTokens! + r.outputTokens!);
      }
      lines.push(copilotInitial(sessionId, created, earlier));
    } else lines.push(copilotInitial(sessionId, created));
    for (let i = 0; i < n; i++) {
      ts += g.int(20_000, 200_000);
      const r = request(ts);
      // An edited last request: VS Code truncates to it and pushes the new one.
      const edit = totals.length > 0 && g.rand() < 0.05;
      const at = edit ? totals.length - 1 : totals.length;
      lines.push(copilotOp(2, ['requests'], [copilotRequest({ ...r, promptTokens: undefined })], edit ? at : undefined));
      for (let k = g.int(1, 3); k > 0; k--) lines.push(copilotOp(2, ['requests', at, 'response'], response()));
      lines.push(copilotOp(1, ['requests', at, 'result'], copilotResult(r)));
      lines.push(copilotOp(1, ['requests', at, 'modelState'], { value: 1, completedAt: ts + 40_000 }));
      totals.length = at;
      totals.push(r.promptTokens! + r.outputTokens!);
    }
    g.count('copilot-chat', totals.reduce((a, b) => a + b, 0));
    g.write('copilot-chat', `${dir}/${sessionId}.jsonl`, lines.join('\n') + '\n');
  }
}
