import * as path from 'node:path';
import type { FileReader, Source, SourceEnv, UsageEvent, SkipReason } from './source';
import { tokenCount } from './source';

/**
 * Cumulative counters as Codex writes them (`TokenUsage` in `codex-rs/protocol/src/protocol.rs`):
 * input includes cached and cache-write tokens, output includes reasoning.
 */
type Totals = [input: number, cached: number, output: number, reasoning: number, cacheWrite: number];

interface CodexState {
  model: string;
  sessionId: string;
  /** The id in the file's name (`rollout-<time>-<id>.jsonl`), '' when the name holds none. */
  fileId: string;
  /** Start of this file's own session; earlier token counts are the parent's replayed history. */
  sessionStart: number;
  /** Forked or spawned from another thread: its first token count is the parent's total. */
  inherited: boolean;
  /**
   * A resumed rollout still replaying its parent's counts (see `resumeReplay`): they are the
   * parent's, keyed under the parent's id, and only a baseline here.
   */
  replaying: boolean;
  /**
   * A fork's parent (`forked_from_id`): until the fork's own counter starts again from zero, its
   * counts are keyed under the parent's id, so parent history copied into it counts once with the
   * parent's file whatever time the copy carries (ccusage's key includes the timestamp instead).
   */
  parentId?: string;
  /** The fork's counter restarted: what follows is this file's own. */
  ownCounter?: boolean;
  /** The session's working folder (`session_meta.cwd`, then `turn_context.cwd`). */
  cwd?: string;
  last: Totals | null;
}

const ROLLOUT_ID = /-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

/**
 * Codex CLI rollouts: `sessions/YYYY/MM/DD/rollout-*.jsonl` and `archived_sessions/`.
 * Usage is a per-file cumulative counter (`total_token_usage`), re-emitted unchanged on
 * rate-limit refreshes and replayed from the parent in forks and resumes, so we count per-file
 * deltas and give each delta a global key (session id + cumulative totals) so a replay is counted
 * once, whatever timestamp the copy carries. Version 2: resumes, cache writes, forks' first request;
 * 3: a fork's counts keyed under its parent until its own counter restarts.
 */
export const codexSource: Source = {
  id: 'codex',
  parserVersion: 3,

  defaultRoots({ home, env }: SourceEnv): string[] {
    const base = env.CODEX_HOME?.trim() || path.join(home, '.codex');
    return [path.join(base, 'sessions'), path.join(base, 'archived_sessions')];
  },

  readerFor(relPath: string): FileReader | undefined {
    return relPath.endsWith('.jsonl') ? LINES : undefined;
  },
};

const LINES: FileReader = {
  kind: 'lines',
  markers: ['"token_count"', '"turn_context"', '"session_meta"'].map((m) => Buffer.from(m)),
  newParser(saved: unknown, relPath: string) {
    const state: CodexState = isCodexState(saved)
      ? { ...saved }
      : { model: 'unknown', sessionId: '', fileId: ROLLOUT_ID.exec(relPath)?.[1]?.toLowerCase() ?? '', sessionStart: NaN, inherited: false, replaying: false, last: null };
    return {
      line: (buf, start, end, emit) => parseCodexLine(state, buf, start, end, emit),
      save: () => ({ ...state }),
    };
  },
};

function isCodexState(v: unknown): v is CodexState {
  return typeof v === 'object' && v !== null && typeof (v as CodexState).model === 'string';
}

interface RolloutLine {
  timestamp?: unknown;
  type?: unknown;
  payload?: Record<string, unknown>;
}

function parseCodexLine(
  state: CodexState,
  buf: Buffer,
  start: number,
  end: number,
  emit: (e: UsageEvent) => void,
): SkipReason | undefined {
  let obj: RolloutLine;
  try {
    obj = JSON.parse(buf.toString('utf8', start, end)) as RolloutLine;
  } catch {
    return 'invalid-json';
  }
  const p = obj?.payload;
  if (!p || typeof p !== 'object') return undefined;
  if (obj.type === 'session_meta') {
    // Only the file's own (first) meta counts; a fork replays its parent's meta after it.
    if (state.sessionId === '' && typeof p.id === 'string') {
      state.sessionId = p.id;
      state.sessionStart = Date.parse(String(p.timestamp ?? obj.timestamp));
      state.inherited = Boolean(p.forked_from_id) || JSON.stringify(p.source ?? '').includes('thread_spawn');
      if (typeof p.forked_from_id === 'string' && p.forked_from_id) state.parentId = p.forked_from_id;
      if (typeof p.cwd === 'string' && p.cwd) state.cwd = p.cwd;
      // Codex 0.36 `resume` starts a new rollout with the parent's meta, no `forked_from_id`.
      state.replaying = state.fileId !== '' && p.id.toLowerCase() !== state.fileId;
    }
    return undefined;
  }
  if (obj.type === 'turn_context') {
    if (typeof p.model === 'string' && p.model) state.model = p.model;
    if (typeof p.cwd === 'string' && p.cwd) state.cwd = p.cwd;
    return undefined;
  }
  if (p.type !== 'token_count') return undefined;
  const info = p.info as Record<string, unknown> | null | undefined;
  if (!info || typeof info !== 'object' || !info.total_token_usage) return undefined;
  const totals = readTotals(info.total_token_usage);
  if (!totals) return 'bad-usage';
  const ts = typeof obj.timestamp === 'string' ? Date.parse(obj.timestamp) : NaN;
  if (!Number.isFinite(ts)) return 'bad-timestamp';
  const model = state.model !== 'unknown' ? state.model : modelFromInfo(info) ?? state.model;

  const prev = state.last;
  state.last = totals;
  const last = readTotals(info.last_token_usage);
  const restarted = prev !== null && totals.some((v, i) => v < prev[i]!);
  if (state.replaying) {
    // The parent's counts come again, re-stamped with the resume time, until this session's own
    // counter restarts from zero: the parent's file counted them (or, gone, it can't be dated).
    if (!restarted && !(prev !== null && last !== undefined && sameTotals(totals, last))) return undefined;
    state.replaying = false;
    state.sessionId = state.fileId;
  }
  let delta: Totals;
  if (prev === null) {
    if (state.inherited && (ts < state.sessionStart || !newWorkAfterFork(totals, last))) return undefined;
    // A fork's first count is the parent's total plus its own first request (`last`).
    delta = state.inherited ? last! : totals;
  } else if (state.inherited && ts < state.sessionStart) {
    return undefined;
  } else if (restarted) {
    // The counter restarted: only the request that just happened is known to be new.
    delta = last ?? [0, 0, 0, 0, 0];
    state.ownCounter = true;
  } else {
    delta = totals.map((v, i) => v - prev[i]!) as Totals;
  }
  if (delta.every((v) => v === 0)) return undefined;
  const [dIn, dCached, dOut, dReasoning, dWrite] = delta;
  const cacheRead = Math.min(dCached, dIn);
  const cacheWrite = Math.min(dWrite, dIn - cacheRead);
  emit({
    ts,
    agent: 'codex',
    model,
    counts: { input: dIn - cacheRead - cacheWrite, output: dOut, cacheRead, cacheWrite, reasoning: Math.min(dReasoning, dOut) },
    sessionId: state.sessionId,
    project: state.cwd,
    // A cumulative total names one moment of one session's counter, whatever time a copy of it
    // carries: keyed by (session, totals), a re-stamped replay or an archived copy counts once.
    dedup: { group: `x:${(state.parentId && !state.ownCounter ? state.parentId : state.sessionId) || state.fileId || obj.timestamp}|${totals.join(',')}`, variant: '', policy: 'first', sidechain: false },
  });
  return undefined;
}

/**
 * Whether a fork's first count holds work of its own: not when it is only the parent's total
 * (zero `last_token_usage`, steipete/CodexBar#3524) or the parent's first request replayed
 * (total equal to last, as spawned subagent threads start).
 */
function newWorkAfterFork(totals: Totals, last: Totals | undefined): boolean {
  return last !== undefined && last.some((v) => v > 0) && !sameTotals(totals, last);
}

function sameTotals(a: Totals, b: Totals): boolean {
  return a.every((v, i) => v === b[i]);
}

function readTotals(u: unknown): Totals | undefined {
  if (!u || typeof u !== 'object') return undefined;
  const r = u as Record<string, unknown>;
  const input = tokenCount(r.input_tokens ?? 0);
  const cached = tokenCount(r.cached_input_tokens ?? 0);
  const output = tokenCount(r.output_tokens ?? 0);
  const reasoning = tokenCount(r.reasoning_output_tokens ?? 0);
  // Codex ≥ 0.145 (openai/codex#32479); ccusage#1663 also reads the Anthropic-style name.
  const cacheWrite = tokenCount(r.cache_write_input_tokens ?? r.cache_creation_input_tokens ?? 0);
  if (input === undefined || cached === undefined || output === undefined || reasoning === undefined || cacheWrite === undefined) return undefined;
  return [input, cached, output, reasoning, cacheWrite];
}

function modelFromInfo(info: Record<string, unknown>): string | undefined {
  for (const k of ['model', 'model_name']) if (typeof info[k] === 'string' && info[k]) return info[k] as string;
  return undefined;
}
