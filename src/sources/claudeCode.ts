import * as path from 'node:path';
import type { FileReader, Source, SourceEnv, UsageEvent, SkipReason } from './source';
import { loggedCost, tokenCount } from './source';

const LINES: FileReader = {
  kind: 'lines',
  markers: [Buffer.from('"usage"')],
  newParser: () => ({ line: parseClaudeLine, save: () => null }),
};

/**
 * Claude Code: `projects/<encoded-cwd>/<session>.jsonl`, subagents under `<session>/subagents/`.
 * One response is written as one line per content block, each repeating the usage, and subagent
 * and resumed-session files repeat earlier lines, so every event carries a global dedup key.
 */
export const claudeCodeSource: Source = {
  id: 'claude-code',
  parserVersion: 1,

  defaultRoots({ home, env }: SourceEnv): string[] {
    const configured = env.CLAUDE_CONFIG_DIR?.split(',').map((d) => d.trim()).filter(Boolean);
    if (configured && configured.length > 0) return configured.map((d) => path.join(d, 'projects'));
    const xdg = env.XDG_CONFIG_HOME || path.join(home, '.config');
    return [path.join(home, '.claude', 'projects'), path.join(xdg, 'claude', 'projects')];
  },

  readerFor(relPath: string): FileReader | undefined {
    if (!relPath.endsWith('.jsonl')) return undefined;
    // Workflow journals under subagents/ record steps, not API usage.
    return relPath.endsWith('/journal.jsonl') && relPath.includes('/subagents/') ? undefined : LINES;
  },
};

interface ClaudeLine {
  timestamp?: unknown;
  sessionId?: unknown;
  requestId?: unknown;
  isSidechain?: unknown;
  cwd?: unknown;
  message?: { id?: unknown; model?: unknown; usage?: Record<string, unknown> };
}

function parseClaudeLine(buf: Buffer, start: number, end: number, emit: (e: UsageEvent) => void): SkipReason | undefined {
  let obj: ClaudeLine;
  try {
    obj = JSON.parse(buf.toString('utf8', start, end)) as ClaudeLine;
  } catch {
    return 'invalid-json';
  }
  const usage = obj?.message?.usage;
  if (!usage || typeof usage !== 'object') return undefined;
  const model = typeof obj.message?.model === 'string' ? obj.message.model : 'unknown';
  // Synthetic messages are written locally by Claude Code and never reach the API.
  if (model === '<synthetic>') return undefined;
  const input = tokenCount(usage.input_tokens ?? 0);
  const output = tokenCount(usage.output_tokens ?? 0);
  const cacheWrite = tokenCount(usage.cache_creation_input_tokens ?? 0);
  const cacheRead = tokenCount(usage.cache_read_input_tokens ?? 0);
  if (input === undefined || output === undefined || cacheWrite === undefined || cacheRead === undefined) return 'bad-usage';
  const ts = typeof obj.timestamp === 'string' ? Date.parse(obj.timestamp) : NaN;
  if (!Number.isFinite(ts)) return 'bad-timestamp';
  const messageId = typeof obj.message?.id === 'string' && obj.message.id ? obj.message.id : undefined;
  emit({
    ts,
    agent: 'claude-code',
    model,
    counts: { input, output, cacheRead, cacheWrite, reasoning: 0 },
    // Older Claude Code versions logged the request's cost (`costUSD`); ccusage's `auto` mode prefers it too.
    cost: loggedCost((obj as { costUSD?: unknown }).costUSD),
    sessionId: typeof obj.sessionId === 'string' ? obj.sessionId : '',
    project: typeof obj.cwd === 'string' && obj.cwd ? obj.cwd : undefined,
    dedup: messageId
      ? {
          group: `c:${messageId}`,
          variant: typeof obj.requestId === 'string' ? obj.requestId : '',
          policy: 'max',
          sidechain: obj.isSidechain === true,
        }
      : undefined,
  });
  return undefined;
}
