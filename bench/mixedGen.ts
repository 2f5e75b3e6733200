import * as fs from 'node:fs';
import * as path from 'node:path';
import { rng } from '../src/shared/rng';
import { AGENT_IDS } from '../src/shared/tokens';
import type { AgentId } from '../src/shared/tokens';

export const DAY = 86_400_000;
/** The corpus's "now": the same as the Claude + Codex corpus. */
export const MIXED_END = Date.parse('2026-11-22T18:00:00Z');

/** Where each agent's files live, relative to the home (Linux layout, VS Code for the editor extensions). */
export const MIXED_PATHS = {
  claude: '.claude/projects',
  codex: '.codex/sessions',
  gemini: '.gemini/tmp',
  qwen: '.qwen/projects',
  pi: '.pi/agent/sessions',
  amp: '.local/share/amp/threads',
  opencodeDb: '.local/share/opencode/opencode.db',
  cline: '.config/Code/User/globalStorage/saoudrizwan.claude-dev/tasks',
  roo: '.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks',
  kilo: '.config/Code/User/globalStorage/kilocode.kilo-code/tasks',
  copilot: '.config/Code/User/workspaceStorage',
  continueDb: '.continue/dev_data/devdata.sqlite',
} as const;

export interface AgentStats {
  /** Files written for the agent, usage files and the sidecars beside them. */
  files: number;
  bytes: number;
  /** Total tokens (input + output + cache) the agent's logs hold, by its counting rules; unknown for Claude and Codex. */
  expected?: number;
}

export interface MixedCorpus {
  files: number;
  bytes: number;
  agents: Record<AgentId, AgentStats>;
}

export interface MixedCorpusOptions {
  dir: string;
  bytes: number;
  seed?: number;
  end?: number;
}

/**
 * Share of the bytes per agent. Claude Code and Codex stay the bulk (written by `writeCorpus`,
 * 70/30 between them); the SQLite agents are sized by rows, not bytes (see below).
 */
const SHARE: Partial<Record<AgentId, number>> = {
  'gemini-cli': 0.08,
  'qwen-code': 0.04,
  pi: 0.035,
  amp: 0.035,
  cline: 0.08,
  'roo-code': 0.03,
  'kilo-code': 0.02,
  'copilot-chat': 0.06,
  opencode: 0.02,
};
export const CLAUDE_CODEX_SHARE = 0.6;

/** Days (ago) each agent was in use: some were tried for a while, Amp moved its threads to its server. */
const ACTIVE: Partial<Record<AgentId, [from: number, to: number]>> = {
  'gemini-cli': [60, 0],
  'qwen-code': [30, 0],
  pi: [45, 0],
  amp: [60, 20],
  cline: [60, 0],
  'roo-code': [35, 10],
  'kilo-code': [20, 0],
  'copilot-chat': [60, 0],
  opencode: [60, 0],
  continue: [60, 0],
};

const WORDS = (
  'the agent reads src index ts and runs the tests then fixes the flaky retry in fetchUser because ' +
  'timeout handling was wrong so it adds a backoff with jitter and updates the snapshot files while ' +
  'keeping the public api stable const result await client get user id if error throw new Error ' +
  'return value function export interface options map filter reduce promise all settled json parse'
).split(' ');

/** Deterministic text: a pool of prose and code-ish lines (quotes and newlines, so JSON escapes), sliced. */
function textPool(rand: () => number, size: number): string {
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    const len = 4 + Math.floor(rand() * 14);
    const words: string[] = [];
    for (let i = 0; i < len; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)]!);
    const s = rand() < 0.25 ? `  const ${words[0]} = "${words.slice(1).join(' ')}";\n` : `${words.join(' ')}. `;
    parts.push(s);
    n += s.length;
  }
  return parts.join('');
}

export const iso = (ts: number) => new Date(ts).toISOString();
export const fileStamp = (ts: number) => iso(ts).slice(0, 19).replace(/:/g, '-');

/** The generator's state: a seeded random source, a text pool, and what was written per agent. */
export class Gen {
  readonly rand: () => number;
  readonly stats = Object.fromEntries(AGENT_IDS.map((a) => [a, { files: 0, bytes: 0, expected: 0 }])) as Record<AgentId, Required<AgentStats>>;
  private readonly pool: string;

  constructor(
    readonly dir: string,
    readonly total: number,
    seed: number,
    readonly end: number,
  ) {
    this.rand = rng(seed);
    this.pool = textPool(this.rand, 1 << 20);
  }

  budget(agent: AgentId): number {
    return this.total * (SHARE[agent] ?? 0);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }

  /** A skewed count: most sessions short, a few long. */
  skewed(min: number, max: number): number {
    return min + Math.floor(this.rand() ** 2 * (max - min + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)]!;
  }

  text(min: number, max: number): string {
    const n = this.int(min, max);
    if (n >= this.pool.length) return this.pool.repeat(Math.ceil(n / this.pool.length)).slice(0, n);
    const at = Math.floor(this.rand() * (this.pool.length - n));
    return this.pool.slice(at, at + n);
  }

  /** A time of day (06–22 UTC) on a day within the agent's active window, never after the end. */
  when(agent: AgentId): number {
    const [from, to] = ACTIVE[agent] ?? [60, 0];
    const day = Math.floor(this.end / DAY) - to - Math.floor(this.rand() * (from - to));
    return Math.min(this.end - 2 * 3_600_000, day * DAY + 6 * 3_600_000 + Math.floor(this.rand() * 16 * 3_600_000));
  }

  write(agent: AgentId, rel: string, content: string): void {
    const file = path.join(this.dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    this.stats[agent].files++;
    this.stats[agent].bytes += Buffer.byteLength(content);
  }

  count(agent: AgentId, tokens: number): void {
    this.stats[agent].expected += tokens;
  }
}
