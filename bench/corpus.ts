import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  claudeAssistantLine,
  claudeUserLine,
  codexResponseItem,
  codexSessionMeta,
  codexTokenCount,
  codexTurnContext,
  hexId,
  uuid,
} from '../src/demo/logBuilders';
import { rng } from '../src/shared/rng';
import type { CodexTotals } from '../src/demo/logBuilders';

const DAY = 86_400_000;
const FILLER = 'The quick brown fox jumps over the lazy dog while the agent reads src/index.ts and runs the tests. '.repeat(2000);

export interface CorpusOptions {
  dir: string;
  bytes: number;
  seed?: number;
  end?: number;
}

/** Buffered line writer: corpora of gigabytes are written without building big strings. */
class Out {
  private parts: string[] = [];
  private size = 0;
  private readonly fd: number;
  written = 0;
  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'w');
  }
  line(s: string): void {
    this.parts.push(s, '\n');
    this.size += s.length + 1;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    const buf = Buffer.from(this.parts.join(''));
    fs.writeSync(this.fd, buf);
    this.written += buf.length;
    this.parts = [];
    this.size = 0;
  }
  close(): number {
    this.flush();
    fs.closeSync(this.fd);
    return this.written;
  }
}

/**
 * A realistic heavy user's home: Claude Code sessions with streamed responses (3 lines per
 * response), subagent files that repeat parent lines, resumed sessions that copy history, large
 * tool outputs and a few huge ones; Codex rollouts with rate-limit re-emits and forks.
 * About 70 % of the bytes are Claude's, 30 % Codex's.
 */
export function writeCorpus(o: CorpusOptions): { files: number; bytes: number } {
  const rand = rng(o.seed ?? 42);
  const end = o.end ?? Date.parse('2026-11-22T18:00:00Z');
  const start = end - 60 * DAY;
  let bytes = 0;
  let files = 0;
  const claudeBudget = o.bytes * 0.7;
  const projects = path.join(o.dir, '.claude', 'projects');
  const history: string[] = [];
  let huge = 0;
  while (bytes < claudeBudget) {
    const project = path.join(projects, `-home-dev-src-app${Math.floor(rand() * 20)}`);
    const sessionId = uuid(rand);
    const out = new Out(path.join(project, `${sessionId}.jsonl`));
    const sub = rand() < 0.3 ? new Out(path.join(project, sessionId, 'subagents', `agent-${hexId(rand, 8)}.jsonl`)) : undefined;
    // A resumed session starts with a copy of an earlier one's lines.
    if (rand() < 0.1) for (const l of history.slice(-40)) out.line(l);
    let ts = start + Math.floor(rand() * 60 * DAY);
    const turns = 8 + Math.floor(rand() * 40);
    for (let t = 0; t < turns && ts < end; t++) {
      ts += 20_000 + Math.floor(rand() * 120_000);
      const outputSize = Math.floor(rand() * (huge < 3 && rand() < 0.002 ? 30_000_000 : 12_000));
      if (outputSize > 1_000_000) huge++;
      out.line(claudeUserLine(ts, sessionId, FILLER.slice(0, outputSize % FILLER.length).repeat(Math.max(1, Math.floor(outputSize / FILLER.length)))));
      const messageId = `msg_01${hexId(rand, 22)}`;
      const requestId = `req_011${hexId(rand, 21)}`;
      const usage = { input: 3 + Math.floor(rand() * 50), output: 50 + Math.floor(rand() * 3000), cacheRead: Math.floor(rand() * 150_000), cacheWrite: Math.floor(rand() * 8000) };
      const model = rand() < 0.75 ? 'claude-sonnet-4-5-20250929' : 'claude-opus-4-1-20250805';
      const text = FILLER.slice(0, 300 + Math.floor(rand() * 2500));
      for (let c = 1; c <= 3; c++) {
        const line = claudeAssistantLine({ ts: ts + c * 900, sessionId, messageId, requestId, model, text, usage: { ...usage, output: c === 3 ? usage.output : c } });
        out.line(line);
        if (c === 3) history.push(line);
        if (sub && rand() < 0.3) sub.line(line);
      }
      if (sub && rand() < 0.4) {
        sub.line(claudeAssistantLine({ ts: ts + 5000, sessionId, messageId: `msg_01${hexId(rand, 22)}`, requestId: `req_011${hexId(rand, 21)}`, model: 'claude-haiku-4-5', text, usage: { input: 10, output: 200, cacheRead: 5000, cacheWrite: 100 }, sidechain: true }));
      }
    }
    bytes += out.close();
    files++;
    if (sub) {
      bytes += sub.close();
      files++;
    }
    if (history.length > 400) history.splice(0, 200);
  }
  const parents: Array<{ id: string; lines: string[] }> = [];
  while (bytes < o.bytes) {
    const id = uuid(rand);
    const t0 = start + Math.floor(rand() * 60 * DAY);
    const day = new Date(t0).toISOString().slice(0, 10).split('-');
    const file = path.join(o.dir, '.codex', 'sessions', day[0]!, day[1]!, day[2]!, `rollout-${new Date(t0).toISOString().slice(0, 19).replace(/:/g, '-')}-${id}.jsonl`);
    const out = new Out(file);
    const parent = parents.length > 0 && rand() < 0.1 ? parents[Math.floor(rand() * parents.length)]! : undefined;
    out.line(codexSessionMeta(t0, id, parent ? { forked_from_id: parent.id } : {}));
    if (parent) for (const l of parent.lines) out.line(l);
    const own: string[] = [];
    const push = (l: string) => {
      out.line(l);
      own.push(l);
    };
    push(codexTurnContext(t0 + 10, rand() < 0.7 ? 'gpt-5.1-codex' : 'gpt-5.1-codex-max'));
    const total: CodexTotals = { input: 0, cached: 0, output: 0, reasoning: 0 };
    let ts = t0 + 1000;
    const turns = 15 + Math.floor(rand() * 50);
    for (let t = 0; t < turns && ts < end; t++) {
      ts += 10_000 + Math.floor(rand() * 60_000);
      push(codexResponseItem(ts, FILLER.slice(0, 1000 + Math.floor(rand() * 9000))));
      const last = { input: 5000 + Math.floor(rand() * 100_000), cached: 0, output: 100 + Math.floor(rand() * 4000), reasoning: 0 };
      last.cached = Math.floor(last.input * rand());
      last.reasoning = Math.floor(last.output * rand());
      total.input += last.input;
      total.cached += last.cached;
      total.output += last.output;
      total.reasoning += last.reasoning;
      push(codexTokenCount(ts + 500, { ...total }, last));
      if (rand() < 0.3) push(codexTokenCount(ts + 700, { ...total }, last));
    }
    bytes += out.close();
    files++;
    if (!parent && parents.length < 50) parents.push({ id, lines: own.slice(0, 40) });
  }
  return { files, bytes };
}
