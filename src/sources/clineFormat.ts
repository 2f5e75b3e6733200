import type { AgentId } from '../shared/tokens';
import type { DocumentContext, FileReader, SkipReason, UsageEvent } from './source';
import { isRecord, loggedCost, optionalCount, tryJson } from './source';

/**
 * The task format Cline, Roo Code and Kilo Code share (cline/cline `src/shared/ExtensionMessage.ts`,
 * `combineApiRequests.ts`, `getApiMetrics.ts`): `tasks/<taskId>/ui_messages.json`, a JSON array
 * rewritten whole on every change. Usage lives in `say` messages whose `text` is JSON:
 * - `api_req_started` `{tokensIn, tokensOut, cacheWrites, cacheReads, cost, apiProtocol?}`, dated
 *   by the message's `ts`; cancelled requests keep their counts and count; a placeholder without
 *   counts counts 0. Old tasks put the counts in a later `api_req_finished`, merged into the
 *   started message as `combineApiRequests` does (the first finished message after it, its keys win).
 * - `deleted_api_reqs` (Cline) and `api_req_deleted` (Roo, Kilo: `src/core/checkpoints/index.ts`):
 *   a checkpoint restore removed later messages and left their sum here, dated by its own `ts`
 *   (the restore). The removed requests counted before are then taken back and the sum stands in
 *   for them. Messages removed without a sum (Roo's plain delete or edit) were spent: they stay.
 * - `subagent_usage`: the sum of a batch of subagents (Cline).
 * Not counted: `taskHistory.json` / `history_item.json` (per-task sums), context-condense sizes.
 */
export type InputMeaning = 'disjoint' | 'whole-prompt';

export interface ClineFlavour {
  agent: AgentId;
  /**
   * Cline keeps `tokensIn`, `cacheReads`, `cacheWrites` as disjoint buckets. Roo Code ≥ 3.29.5
   * and Kilo Code ≥ 4.119.0 (Roo PR #8954, `src/shared/cost.ts`) store the whole prompt in
   * `tokensIn` for both API protocols, so the cache is taken out of it.
   */
  input: InputMeaning;
  /** Before this day the Anthropic protocol's `tokensIn` was still the uncached part (the release date). */
  wholePromptSince?: number;
}

const USAGE_SAYS = new Set(['api_req_started', 'deleted_api_reqs', 'api_req_deleted', 'subagent_usage']);
const STAND_INS = new Set(['deleted_api_reqs', 'api_req_deleted']);

export function uiMessagesReader(flavour: ClineFlavour): FileReader {
  return {
    kind: 'document',
    complete: true,
    keepsDropped: true,
    parse(json, ctx, emit) {
      const skipped: Partial<Record<SkipReason, number>> = {};
      if (!Array.isArray(json)) return { skipped };
      const taskId = ctx.relPath.split('/').slice(-2, -1)[0] ?? ctx.relPath;
      const messages = json.slice(0, writtenBack(ctx) ?? json.length).filter(isRecord);
      let taskModel: string | undefined | null = null;
      const model = (m: Record<string, unknown>): string => {
        const info = m.modelInfo;
        if (isRecord(info) && typeof info.modelId === 'string' && info.modelId) return info.modelId;
        if (taskModel === null) taskModel = modelFromHistory(ctx);
        return taskModel ?? 'unknown';
      };
      const seen = new Map<string, number>();
      const merged = new Set<number>();
      for (const [i, m] of messages.entries()) {
        if (m.type !== 'say' || typeof m.say !== 'string' || !USAGE_SAYS.has(m.say)) continue;
        const parsed = typeof m.text === 'string' ? tryJson(m.text) : undefined;
        if (!isRecord(parsed)) continue;
        const info = m.say === 'api_req_started' && !hasCounts(parsed) ? { ...parsed, ...finishedAfter(messages, i, merged) } : parsed;
        const ts = typeof m.ts === 'number' && Number.isFinite(m.ts) ? m.ts : NaN;
        if (!Number.isFinite(ts)) {
          skipped['bad-timestamp'] = (skipped['bad-timestamp'] ?? 0) + 1;
          continue;
        }
        const key = `${m.say}:${ts}`;
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        const skip = clineEvent(flavour, `${flavour.agent}:${taskId}:${key}#${n}`, STAND_INS.has(m.say), taskId, ts, info, model(m), emit);
        if (skip) skipped[skip] = (skipped[skip] ?? 0) + 1;
      }
      return { skipped };
    },
  };
}

function hasCounts(info: Record<string, unknown>): boolean {
  return ['tokensIn', 'tokensOut', 'cacheWrites', 'cacheReads'].some((k) => typeof info[k] === 'number');
}

/** The counts of the first `api_req_finished` after message `i` that no earlier request took (old tasks). */
function finishedAfter(messages: Array<Record<string, unknown>>, i: number, merged: Set<number>): Record<string, unknown> {
  for (let j = i + 1; j < messages.length; j++) {
    const m = messages[j]!;
    if (m.type === 'say' && m.say === 'api_req_finished') {
      // combineApiRequests pairs a started request with the next finished one and skips past it:
      // a finished message is merged once.
      if (merged.has(j)) return {};
      merged.add(j);
      const info = typeof m.text === 'string' ? tryJson(m.text) : undefined;
      return isRecord(info) ? info : {};
    }
  }
  return {};
}

function clineEvent(flavour: ClineFlavour, group: string, standIn: boolean, taskId: string, ts: number, info: Record<string, unknown>, model: string, emit: (e: UsageEvent) => void): SkipReason | undefined {
  if (!hasCounts(info)) return undefined;
  const tokensIn = optionalCount(info.tokensIn);
  const output = optionalCount(info.tokensOut);
  const cacheWrite = optionalCount(info.cacheWrites);
  const cacheRead = optionalCount(info.cacheReads);
  if (tokensIn === undefined || output === undefined || cacheWrite === undefined || cacheRead === undefined) return 'bad-usage';
  const input = flavour.input === 'whole-prompt' && wholePrompt(flavour, ts, info, tokensIn, cacheRead + cacheWrite) ? tokensIn - cacheRead - cacheWrite : tokensIn;
  if (input + output + cacheRead + cacheWrite === 0) return undefined;
  emit({
    ts,
    agent: flavour.agent,
    model,
    counts: { input, output, cacheRead, cacheWrite, reasoning: 0 },
    // Cline, Roo Code and Kilo Code price each request (`cost` in api_req_started, from their own model tables).
    cost: loggedCost(info.cost),
    sessionId: taskId,
    dedup: { group, variant: '', policy: 'max', sidechain: false, standIn },
  });
  return undefined;
}

/**
 * Whether a Roo/Kilo record's `tokensIn` includes the cache. No field says which build wrote it,
 * so: a `tokensIn` smaller than the cache it would include cannot be the whole prompt, and an
 * Anthropic-protocol record from before the release that changed the meaning is the uncached part.
 */
function wholePrompt(flavour: ClineFlavour, ts: number, info: Record<string, unknown>, tokensIn: number, cache: number): boolean {
  if (tokensIn < cache) return false;
  return !(info.apiProtocol === 'anthropic' && flavour.wholePromptSince !== undefined && ts < flavour.wholePromptSince);
}

/** Cline's SDK write-back (4.x) appends copies of resumed turns; only the first `baseUiMessageCount` messages are the task's own. */
function writtenBack(ctx: DocumentContext): number | undefined {
  const text = ctx.readSibling('sdk_writeback.json');
  const wb = text === undefined ? undefined : tryJson(text);
  return isRecord(wb) && typeof wb.baseUiMessageCount === 'number' && wb.baseUiMessageCount >= 0 ? wb.baseUiMessageCount : undefined;
}

/** Roo and Kilo name the model in each request's `<environment_details>`; the last one stands for the task. */
function modelFromHistory(ctx: DocumentContext): string | undefined {
  const tail = ctx.readSibling('api_conversation_history.json', 256 * 1024);
  if (!tail) return undefined;
  const all = [...tail.matchAll(/<model>([^<\\]{1,200})<\/model>/g)];
  return all.length ? all[all.length - 1]![1]!.trim() || undefined : undefined;
}
