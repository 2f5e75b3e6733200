import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  claudeAssistantLine,
  codexSessionMeta,
  codexTokenCount,
  codexTurnContext,
  hexId,
  uuid,
} from './logBuilders';
import { rng } from '../shared/rng';
import type { CodexTotals } from './logBuilders';
import { writeDemoEditorAgents } from './demoAgents';
import { writeDemoCliAgents } from './demoCliAgents';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Writes a plausible month of agent logs into `home` (in the agents' real layouts, Linux paths),
 * so `--demo` exercises the same discovery, parsers and ledger as real data: a developer who ramps
 * up over the month with Claude Code, lately leaves Codex running overnight, and also uses Copilot
 * Chat, Gemini CLI, Cline, Copilot CLI, Kimi CLI and Factory Droid.
 */
export function writeDemoHome(home: string, now = Date.now(), days = 30, seed = 7): void {
  const rand = rng(seed);
  const projects = path.join(home, '.claude', 'projects', '-home-dev-src-app');
  fs.mkdirSync(projects, { recursive: true });
  const startOfToday = Math.floor(now / DAY) * DAY;
  for (let d = days - 1; d >= 0; d--) {
    const dayStart = startOfToday - d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const ramp = (days - d) / days;
    const weekend = weekday === 0 || weekday === 6;
    const requests = Math.round((weekend ? 8 : 25) + ramp * (weekend ? 20 : 45) * (0.7 + rand() * 0.6));
    const sessionId = uuid(rand);
    const lines: string[] = [];
    for (let r = 0; r < requests; r++) {
      const ts = dayStart + 8 * HOUR + Math.floor((r / requests) * 10 * HOUR) + Math.floor(rand() * 600_000);
      if (ts > now) break;
      const messageId = `msg_${hexId(rand, 24)}`;
      const requestId = `req_${hexId(rand, 24)}`;
      const usage = {
        input: 3 + Math.floor(rand() * 40),
        output: 300 + Math.floor(rand() * 2500),
        cacheRead: 30_000 + Math.floor(rand() * 120_000),
        cacheWrite: 500 + Math.floor(rand() * 5000),
      };
      const model = rand() < 0.8 ? 'claude-sonnet-4-5-20250929' : 'claude-opus-4-1-20250805';
      // Streaming: the first chunk repeats the ids with a partial output count.
      lines.push(claudeAssistantLine({ ts, sessionId, messageId, requestId, model, usage: { ...usage, output: 3 } }));
      lines.push(claudeAssistantLine({ ts: ts + 2000, sessionId, messageId, requestId, model, usage }));
    }
    if (lines.length) fs.writeFileSync(path.join(projects, `${sessionId}.jsonl`), lines.join('\n') + '\n');

    if (d < 14) writeNightlyCodex(home, dayStart, now, rand);
  }
  writeDemoEditorAgents(home, now, days, rand);
  writeDemoCliAgents(home, now, days, rand);
}

function writeNightlyCodex(home: string, dayStart: number, now: number, rand: () => number): void {
  const start = dayStart + 20 * HOUR;
  if (start > now) return;
  const date = new Date(start);
  const dir = path.join(home, '.codex', 'sessions', String(date.getUTCFullYear()), pad(date.getUTCMonth() + 1), pad(date.getUTCDate()));
  fs.mkdirSync(dir, { recursive: true });
  const id = uuid(rand);
  const lines = [codexSessionMeta(start, id), codexTurnContext(start + 1000, 'gpt-5.1-codex')];
  const total: CodexTotals = { input: 0, cached: 0, output: 0, reasoning: 0 };
  for (let t = 0; t < 40; t++) {
    const ts = start + t * 15 * 60_000 + Math.floor(rand() * 60_000);
    if (ts > now) break;
    const last = { input: 40_000 + Math.floor(rand() * 80_000), cached: 0, output: 800 + Math.floor(rand() * 3000), reasoning: 0 };
    last.cached = Math.floor(last.input * 0.8);
    last.reasoning = Math.floor(last.output * 0.5);
    total.input += last.input;
    total.cached += last.cached;
    total.output += last.output;
    total.reasoning += last.reasoning;
    lines.push(codexTokenCount(ts, { ...total }, last));
    if (rand() < 0.3) lines.push(codexTokenCount(ts + 150, { ...total }, last)); // rate-limit re-emit
  }
  const stamp = date.toISOString().slice(0, 19).replace(/:/g, '-');
  fs.writeFileSync(path.join(dir, `rollout-${stamp}-${id}.jsonl`), lines.join('\n') + '\n');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
