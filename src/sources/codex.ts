import * as path from 'node:path';
import type { FileReader, Source, SourceEnv, UsageEvent, SkipReason } from './source';
import { tokenCount } from './source';

/** Cumulative counters as Codex writes them: input includes cached, output includes reasoning. */
type Totals = [input: number, cached: number, output: number, reasoning: number];

interface CodexState {
  model: string;
  sessionId: string;
  /** Start of this file's own session; earlier token counts are the parent's replayed history. */
  sessionStart: number;
  /** Forked or spawned from another thread: its first token count is the parent's total. */
  inherited: boolean;
  last: Totals | null;
}

/**
 * Codex CLI rollouts: `sessions/YYYY/MM/DD/rollout-*.jsonl` and `archived_sessions/`.
 * Usage is a per-file cumulative counter (`total_token_usage`), re-emitted unchanged on
 * rate-limit refreshes and replayed from the parent in forks, so we count per-file deltas and
 * give each delta a global key (timestamp + cumulative totals) so a replay is counted once.
 */
export const codexSource: Source = {
  id: 'codex',
  parserVersion: 1,

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
  newParser(saved?: unknown) {
    const state: CodexState = isCodexState(saved)
      ? { ...saved }
      : { model: 'unknown', sessionId: '', sessionStart: NaN, inherited: false, last: null };
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
    }
    return undefined;
  }
  if (obj.type === 'turn_context') {
    if (typeof p.model === 'string' && p.model) state.model = p.model;
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
  const replayed = state.inherited && (prev === null || ts < state.sessionStart);
  if (replayed) return undefined;

  let delta: Totals;
  if (prev === null) {
    delta = totals;
  } else if (totals.some((v, i) => v < prev[i]!)) {
    // The counter restarted: only the request that just happened is known to be new.
    delta = readTotals(info.last_token_usage) ?? [0, 0, 0, 0];
  } else {
    delta = totals.map((v, i) => v - prev[i]!) as Totals;
  }
  if (delta.every((v) => v === 0)) return undefined;
  const [dIn, dCached, dOut, dReasoning] = delta;
  const cacheRead = Math.min(dCached, dIn);
  emit({
    ts,
    agent: 'codex',
    model,
    counts: { input: dIn - cacheRead, output: dOut, cacheRead, cacheWrite: 0, reasoning: Math.min(dReasoning, dOut) },
    sessionId: state.sessionId,
    dedup: { group: `x:${obj.timestamp}|${totals.join(',')}`, variant: '', policy: 'first', sidechain: false },
  });
  return undefined;
}

function readTotals(u: unknown): Totals | undefined {
  if (!u || typeof u !== 'object') return undefined;
  const r = u as Record<string, unknown>;
  const input = tokenCount(r.input_tokens ?? 0);
  const cached = tokenCount(r.cached_input_tokens ?? 0);
  const output = tokenCount(r.output_tokens ?? 0);
  const reasoning = tokenCount(r.reasoning_output_tokens ?? 0);
  if (input === undefined || cached === undefined || output === undefined || reasoning === undefined) return undefined;
  return [input, cached, output, reasoning];
}

function modelFromInfo(info: Record<string, unknown>): string | undefined {
  for (const k of ['model', 'model_name']) if (typeof info[k] === 'string' && info[k]) return info[k] as string;
  return undefined;
}
