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
  /** This file's own session (its first `session_meta`, or its name's id in the older shape). */
  sessionId: string;
  /** The id in the file's name (`rollout-<time>-<id>.jsonl`), '' when the name holds none. */
  fileId: string;
  /** The file's first `session_meta` was read. */
  metaSeen: boolean;
  /** Start of this file's own session; earlier token counts are the parent's replayed history. */
  sessionStart: number;
  /** Forked or spawned from another thread: its first token count is the parent's total. */
  inherited: boolean;
  /**
   * Sessions whose history this file copies before its own (a resume in Codex 0.36), outermost
   * first: their `session_meta` lines follow the file's own. Their counters come one after the
   * other, innermost first, each starting from zero; see `replayOwner`.
   */
  replayOf: string[];
  /** Counters that started from zero in this file after the first: each ends one replayed session. */
  restarts: number;
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

/** Ids longer than this are not Codex's (UUIDs); replays nest at most this deep. */
const MAX_ID = 128;
const MAX_REPLAYS = 16;

const ROLLOUT_ID = /-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

/**
 * Codex CLI rollouts: `sessions/YYYY/MM/DD/rollout-*.jsonl` and `archived_sessions/`.
 * Usage is a per-file cumulative counter (`total_token_usage`), re-emitted unchanged on
 * rate-limit refreshes and replayed from the parent in forks and resumes, so we count per-file
 * deltas and give each delta a global key (session id + cumulative totals) so a replay is counted
 * once, whatever timestamp the copy carries. Version 2: resumes, cache writes, forks' first request;
 * 3: a fork's counts keyed under its parent until its own counter restarts; 4: a 0.36 resume that
 * opens with its own meta and then its parent's (and resumes of resumes); a re-emitted count is not
 * a counter starting again.
 */
export const codexSource: Source = {
  id: 'codex',
  parserVersion: 4,

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
      ? { ...saved, replayOf: [...saved.replayOf] }
      : { model: 'unknown', sessionId: '', fileId: ROLLOUT_ID.exec(relPath)?.[1]?.toLowerCase() ?? '', metaSeen: false, sessionStart: NaN, inherited: false, replayOf: [], restarts: 0, last: null };
    return {
      line: (buf, start, end, emit) => parseCodexLine(state, buf, start, end, emit),
      save: () => ({ ...state }),
    };
  },
};

function isCodexState(v: unknown): v is CodexState {
  return typeof v === 'object' && v !== null && typeof (v as CodexState).model === 'string' && Array.isArray((v as CodexState).replayOf);
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
    readMeta(state, p, obj.timestamp);
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
  // A counter that starts again from zero: lower somewhere, or holding only the request that just
  // happened — but not a count re-emitted unchanged (Codex repeats the last one on rate-limit news).
  const fresh = prev !== null && !sameTotals(totals, prev) && (restarted || (last !== undefined && sameTotals(totals, last)));
  if (fresh && state.restarts < state.replayOf.length) state.restarts++;
  // The innermost replayed session's counts come first: its own file counted them (or, gone, they
  // can't be dated — the copies carry the time they were copied): only a baseline here.
  if (state.replayOf.length > 0 && state.restarts === 0) return undefined;
  const owner = replayOwner(state);
  let delta: Totals;
  if (prev === null) {
    if (state.inherited && (ts < state.sessionStart || !newWorkAfterFork(totals, last))) return undefined;
    // A fork's first count is the parent's total plus its own first request (`last`).
    delta = state.inherited ? last! : totals;
  } else if (state.inherited && ts < state.sessionStart) {
    return undefined;
  } else if (fresh) {
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
    sessionId: owner ?? state.sessionId,
    project: state.cwd,
    // A cumulative total names one moment of one session's counter, whatever time a copy of it
    // carries: keyed by (session, totals), a re-stamped replay or an archived copy counts once.
    // A replayed session's copy is secondary: its own file's count (the right time) replaces it,
    // and it counts only when that file is gone or never counted it (a session that did no work).
    dedup: owner
      ? { group: `x:${owner}|${totals.join(',')}`, variant: 'replay', policy: 'first', sidechain: true }
      : { group: `x:${(state.parentId && !state.ownCounter ? state.parentId : state.sessionId) || state.fileId || obj.timestamp}|${totals.join(',')}`, variant: '', policy: 'first', sidechain: false },
  });
  return undefined;
}

/**
 * Reads a `session_meta`. The file's first is its own (openai/codex `codex-rs/rollout/src/
 * recorder.rs` writes it before any item, and `load_rollout_items` takes the first as the thread's
 * id: "later SessionMeta lines can be copied from fork history"). A later one naming another
 * session, before any count, is copied history: Codex 0.36 resumed a session by starting a new
 * rollout and writing the parent's items into it (`InitialHistory::Forked` → `persist_rollout_items`,
 * each line re-stamped by `write_rollout_item`), without `forked_from_id`; today's `resume` appends
 * to the same file instead (`RolloutRecorderParams::Resume`), and a fork names its parent
 * (`forked_from_id`), which the fork rules below follow.
 */
function readMeta(state: CodexState, p: Record<string, unknown>, lineTime: unknown): void {
  const id = typeof p.id === 'string' && p.id && p.id.length <= MAX_ID ? p.id : undefined;
  if (!id) return;
  if (!state.metaSeen) {
    state.metaSeen = true;
    state.sessionId = id;
    state.sessionStart = Date.parse(String(p.timestamp ?? lineTime));
    state.inherited = Boolean(p.forked_from_id) || JSON.stringify(p.source ?? '').includes('thread_spawn');
    if (typeof p.forked_from_id === 'string' && p.forked_from_id) state.parentId = p.forked_from_id;
    if (typeof p.cwd === 'string' && p.cwd) state.cwd = p.cwd;
    // The shape #10 described: a rollout that opens with the parent's meta (its name says whose it is).
    if (state.fileId !== '' && id.toLowerCase() !== state.fileId) {
      state.sessionId = state.fileId;
      state.replayOf = [id];
    }
    return;
  }
  // A fork's copied history is read by the fork rules; a meta after the first count is not a replay's.
  if (state.inherited || state.last !== null || id === state.sessionId || state.replayOf.includes(id)) return;
  if (state.replayOf.length < MAX_REPLAYS) state.replayOf.push(id);
}

/**
 * Whose counts these are while a replay lasts: a resumed session copies its parent's file whole,
 * and that file may itself be a resume, so the copied counters come innermost session first, each
 * from zero. After the first (a baseline) each restart hands the count to the next session out,
 * until the file's own; undefined once the counts are the file's own. When a replayed session did
 * no work of its own, its slot goes to the next one's counts — keyed as a secondary copy, they
 * still count once, so nothing is lost.
 */
function replayOwner(state: CodexState): string | undefined {
  const n = state.replayOf.length;
  return state.restarts < n ? state.replayOf[n - 1 - state.restarts] : undefined;
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
