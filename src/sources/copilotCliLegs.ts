import type { SkipReason, UsageEvent } from './source';
import { isRecord, optionalCount, timeOf, tryJson } from './source';

/**
 * GitHub Copilot CLI's `session-state/<id>/events.jsonl` (the CLI is closed source; its event
 * schema is github/copilot-sdk `nodejs/src/generated/session-events.ts`: `ShutdownData`,
 * `ShutdownModelMetricUsage`, `UsageCheckpointEvent`). The only usage the file keeps is one
 * `session.shutdown` per process run ("leg"): `data.modelMetrics.<model>.usage` (`assistant.usage`
 * is ephemeral, never written).
 * - Older CLIs report each leg on its own (seen in real logs of 1.0.14/1.0.18: every shutdown is
 *   its own leg's sum; PanAchy/copilot-arewecooked#45, Piebald-AI/splitrail#157): counted whole.
 * - Newer CLIs restore the session's running totals on resume, so each shutdown is cumulative
 *   (codeburn on 1.0.80; ccusage/ccusage#1721; junhoyeo/tokscale#1032). The marker is a
 *   `session.usage_checkpoint` earlier in the file (added with 1.0.66): then a model's leg is its
 *   shutdown minus that model's last earlier shutdown, unless its input fell (an in-session
 *   compaction reset the counters: codeburn on 1.0.78), when it is counted whole. Never guessed
 *   from the numbers: per-leg legs of a growing conversation rise too.
 * - `inputTokens` includes both cache buckets (every 1.0.59/1.0.60 shutdown; changelog 1.0.51),
 *   so input = inputTokens − cache read − cache write; output includes reasoning
 *   (github/copilot-sdk#1160). A figure too small to hold the cache (before 1.0.51) is taken as
 *   it is.
 * - Not counted: `assistant.message.outputTokens`, the checkpoint's nano-AIU, compaction figures,
 *   context sizes, `agentMetrics`, `tokenDetails`.
 */

interface RawUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

/** What the legs so far left behind, enough to read the next line. JSON-serialisable. */
export interface LegState {
  /** The previous shutdown's time (ms), or null before the first. */
  prev: number | null;
  /** A usage checkpoint was seen: shutdowns are cumulative. */
  checkpoint: boolean;
  /** Each model's usage in the last shutdown that listed it. */
  last: Record<string, RawUsage>;
}

/** One leg's usage: counted from the shutdown unless the store has the leg's own requests. */
export interface Leg {
  session: string;
  /** After this time (ms; null: any time) … */
  start: number | null;
  /** … up to and including this one: the shutdown's time, the leg's date. */
  end: number;
  models: Array<{ model: string; usage: RawUsage }>;
}

export function newLegState(): LegState {
  return { prev: null, checkpoint: false, last: {} };
}

export function isLegState(v: unknown): v is LegState {
  return isRecord(v) && (v.prev === null || typeof v.prev === 'number') && typeof v.checkpoint === 'boolean' && isRecord(v.last);
}

/** Markers of the lines that matter (the rest of a session's events are never parsed). */
export const LEG_MARKERS = ['"session.shutdown"', '"session.usage_checkpoint"'];

/** Reads one events line into `state`; a shutdown yields its leg. */
export function legLine(state: LegState, session: string, text: string, onLeg: (leg: Leg) => void): SkipReason | undefined {
  const rec = tryJson(text);
  if (!isRecord(rec)) return 'invalid-json';
  if (rec.type === 'session.usage_checkpoint') {
    state.checkpoint = true;
    return undefined;
  }
  if (rec.type !== 'session.shutdown') return undefined;
  const end = timeOf(rec.timestamp);
  if (!Number.isFinite(end)) return 'bad-timestamp';
  const metrics = isRecord(rec.data) ? rec.data.modelMetrics : undefined;
  if (metrics !== undefined && !isRecord(metrics)) return 'bad-usage';
  const models: Leg['models'] = [];
  let bad = false;
  for (const [model, m] of Object.entries(metrics ?? {})) {
    const u = isRecord(m) && isRecord(m.usage) ? readUsage(m.usage) : undefined;
    if (!u) {
      bad = true;
      continue;
    }
    const before = state.last[model];
    const whole = !state.checkpoint || !before || u.input < before.input;
    models.push({ model, usage: whole ? u : minus(u, before) });
    state.last[model] = u;
  }
  const start = state.prev;
  state.prev = end;
  if (models.length) onLeg({ session, start, end, models });
  return bad ? 'bad-usage' : undefined;
}

function readUsage(u: Record<string, unknown>): RawUsage | undefined {
  const r = { input: optionalCount(u.inputTokens), output: optionalCount(u.outputTokens), cacheRead: optionalCount(u.cacheReadTokens), cacheWrite: optionalCount(u.cacheWriteTokens), reasoning: optionalCount(u.reasoningTokens) };
  return Object.values(r).every((v) => v !== undefined) ? (r as RawUsage) : undefined;
}

function minus(a: RawUsage, b: RawUsage): RawUsage {
  const d = (x: number, y: number) => Math.max(0, x - y);
  return { input: d(a.input, b.input), output: d(a.output, b.output), cacheRead: d(a.cacheRead, b.cacheRead), cacheWrite: d(a.cacheWrite, b.cacheWrite), reasoning: d(a.reasoning, b.reasoning) };
}

/** Token classes from cache-inclusive input (shutdowns and store rows alike). */
export function copilotCliCounts(u: RawUsage): UsageEvent['counts'] {
  const cache = u.cacheRead + u.cacheWrite;
  const input = u.input >= cache ? u.input - cache : u.input;
  return { input, output: u.output, cacheRead: u.cacheRead, cacheWrite: u.cacheWrite, reasoning: Math.min(u.reasoning, u.output) };
}

/** A leg's events, one per model; the same key whichever file counts them. */
export function emitLeg(leg: Leg, emit: (e: UsageEvent) => void): void {
  for (const { model, usage } of leg.models) {
    const counts = copilotCliCounts(usage);
    if (counts.input + counts.output + counts.cacheRead + counts.cacheWrite === 0) continue;
    emit({
      ts: leg.end,
      agent: 'copilot-cli',
      model,
      counts,
      sessionId: leg.session,
      dedup: { group: `cpl:${leg.session}:${leg.end}:${model}`, variant: '', policy: 'first', sidechain: false },
    });
  }
}
