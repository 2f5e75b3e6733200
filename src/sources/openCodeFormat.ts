import type { AgentId } from '../shared/tokens';
import type { DatabaseResult, DatabaseView, SkipReason, UsageEvent } from './source';
import { isRecord, loggedCost, optionalCount, timeOf, tryJson } from './source';
import { requireTable } from './sqlRows';

/**
 * OpenCode's message store (anomalyco/opencode `packages/opencode/src/session/session.sql.ts`,
 * `session/index.ts` getUsage, `session/processor.ts` finish-step), shared by OpenCode and by
 * Kilo Code 7, which forked it: table `message(id, session_id, time_created, time_updated, data)`,
 * `data` the message JSON without `id`/`sessionID` (the pre-1.2 JSON files have them).
 *
 * Counted: assistant messages with tokens, dated by `time.created`, once each. The 1.2 migration
 * copied the JSON files into the database and left them (same id), and a forked session copies
 * every earlier message under a new id with the same content (`Session.fork`): so a message is
 * known by what it is — its creation time, provider, model and agent — not by its id. Tokens are
 * not part of that key, so a message still being written replaces itself. Not counted: `part` rows
 * (a `step-finish` part repeats its step's tokens), the `event` table's `message.updated` copies,
 * `session_message`, the `session` table's per-session sums, user messages, all-zero (aborted)
 * messages.
 *
 * `output` depends on the record's age, told apart by its total: current records (AI SDK v6)
 * store output minus reasoning and `total = input + output + reasoning + cache` — reasoning is
 * added back; older ones (with `total = input + output + cache`, or no total) have reasoning
 * inside output already.
 */
export function openCodeEvent(agent: AgentId, sessionId: string, data: Record<string, unknown>, emit: (e: UsageEvent) => void, skipLegacy = false): SkipReason | undefined {
  if (data.role !== 'assistant' || !isRecord(data.tokens)) return undefined;
  // Kilo Code's import of its old task files writes zero-token `legacy` rows; those tasks are counted from their own files.
  if (skipLegacy && data.providerID === 'legacy') return undefined;
  const t = data.tokens;
  const cache = isRecord(t.cache) ? t.cache : {};
  const input = optionalCount(t.input);
  // Current records can hold a negative output when a provider reports more reasoning than
  // completion tokens; reasoning is added back before anything is judged.
  const rawOutput = typeof t.output === 'number' && Number.isFinite(t.output) ? Math.round(t.output) : t.output === undefined ? 0 : NaN;
  const reasoning = optionalCount(t.reasoning);
  const cacheRead = optionalCount(cache.read);
  const cacheWrite = optionalCount(cache.write);
  if (input === undefined || Number.isNaN(rawOutput) || reasoning === undefined || cacheRead === undefined || cacheWrite === undefined) return 'bad-usage';
  const total = typeof t.total === 'number' && Number.isFinite(t.total) ? t.total : undefined;
  const output = rawOutput + (reasoningOutside(input + rawOutput + cacheRead + cacheWrite, rawOutput, reasoning, total) ? reasoning : 0);
  if (output < 0) return 'bad-usage';
  if (input + output + cacheRead + cacheWrite === 0) return undefined;
  const time = isRecord(data.time) ? data.time : {};
  const ts = timeOf(time.created);
  if (!Number.isFinite(ts)) return 'bad-timestamp';
  emit({
    ts,
    agent,
    model: typeof data.modelID === 'string' && data.modelID ? data.modelID : 'unknown',
    counts: { input, output, cacheRead, cacheWrite, reasoning: Math.min(reasoning, output) },
    // OpenCode prices each message itself (models.dev prices; 0 on subscriptions): its cost wins where above 0.
    cost: loggedCost(data.cost),
    sessionId,
    dedup: { group: `o:${agent}:${ts}|${String(data.providerID ?? '')}|${String(data.modelID ?? '')}|${String(data.agent ?? data.mode ?? '')}`, variant: '', policy: 'max', sidechain: false },
  });
  return undefined;
}

/** Whether `output` excludes reasoning, from which sum the record's total equals. */
function reasoningOutside(sumWithoutReasoning: number, output: number, reasoning: number, total: number | undefined): boolean {
  if (reasoning === 0) return false;
  // Current getUsage leaves `total` out when the provider gives none; reasoning larger than
  // output cannot be inside it, so that record is current too.
  if (total === undefined) return reasoning > output;
  if (total === sumWithoutReasoning + reasoning) return true;
  if (total === sumWithoutReasoning) return false;
  // Neither sum matches (a provider's own total): the nearer reading.
  return Math.abs(total - (sumWithoutReasoning + reasoning)) < Math.abs(total - sumWithoutReasoning);
}

/** What a read of the database remembers: where it stopped and which messages may still change. */
interface DbState {
  fileId: number;
  lastRowid: number;
  /** The message id at `lastRowid`: if it is gone or another, the database was replaced. */
  anchor: string;
  /** Rows of messages not finished yet (no `time.completed`): their tokens can still be written. */
  pending: number[];
}

const MAX_PENDING = 1000;
const COLUMNS = ['id', 'session_id', 'data'];

/**
 * Reads the `message` table from where the last read stopped: rows added since (higher rowids)
 * and the unfinished messages seen before. A replaced database (another file) is read whole.
 */
export function readOpenCodeDatabase(agent: AgentId, db: DatabaseView, saved: unknown, emit: (e: UsageEvent) => void, skipLegacy = false): DatabaseResult {
  const table = requireTable(db, 'OpenCode', 'message', COLUMNS);
  const known = isDbState(saved) && saved.fileId === db.fileId && (saved.lastRowid === 0 || table.row(['id'], saved.lastRowid)?.values[0] === saved.anchor);
  const prev: DbState = known ? saved : { fileId: db.fileId, lastRowid: 0, anchor: '', pending: [] };
  const state: DbState = { fileId: db.fileId, lastRowid: prev.lastRowid, anchor: prev.anchor, pending: [] };
  const skipped: Partial<Record<SkipReason, number>> = {};
  let rowsRead = 0;
  const visit = (rowid: number, values: unknown[]): void => {
    rowsRead++;
    const [id, session, text] = values;
    const data = typeof text === 'string' ? tryJson(text) : undefined;
    if (!isRecord(data) || typeof id !== 'string') {
      skipped['invalid-json'] = (skipped['invalid-json'] ?? 0) + 1;
      return;
    }
    const skip = openCodeEvent(agent, typeof session === 'string' ? session : '', data, emit, skipLegacy);
    if (skip) skipped[skip] = (skipped[skip] ?? 0) + 1;
    if (data.role === 'assistant' && !(isRecord(data.time) && data.time.completed) && !data.error) state.pending.push(rowid);
  };
  for (const rowid of prev.pending) {
    const r = table.row(COLUMNS, rowid);
    if (r) visit(r.rowid, r.values);
  }
  for (const r of table.rows(COLUMNS, prev.lastRowid + 1)) {
    visit(r.rowid, r.values);
    state.lastRowid = r.rowid;
    state.anchor = String(r.values[0]);
  }
  state.pending = [...new Set(state.pending)].sort((a, b) => a - b).slice(-MAX_PENDING);
  return { state, rowsRead, skipped };
}

function isDbState(v: unknown): v is DbState {
  return isRecord(v) && typeof v.fileId === 'number' && typeof v.lastRowid === 'number' && typeof v.anchor === 'string' && Array.isArray(v.pending);
}
