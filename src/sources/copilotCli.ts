import type { DatabaseResult, FileReader, FolderFiles, SkipReason, Source, SourceEnv, TableView, UsageEvent } from './source';
import { isRecord, optionalCount, UnknownSchemaError } from './source';
import { envDir, pathsFor } from './homes';
import { namedRows, sqlTime } from './sqlRows';
import type { NamedRow } from './sqlRows';
import type { Leg, LegState } from './copilotCliLegs';
import { copilotCliCounts, emitLeg, isLegState, LEG_MARKERS, legLine, newLegState } from './copilotCliLegs';

/**
 * GitHub Copilot CLI (closed source; docs.github.com "Copilot CLI configuration directory",
 * github/copilot-cli `changelog.md`, junhoyeo/tokscale
 * `crates/tokscale-core/src/sessions/copilot_session_store.rs`, getagentseal/codeburn
 * `src/providers/copilot.ts`): `${COPILOT_HOME:-~/.copilot}` on every OS, and `$XDG_CONFIG_HOME/.copilot`
 * where CLIs up to 0.0.42x kept it when that was set (github/copilot-cli#1954). VS Code's "Copilot
 * CLI" sessions land here too (microsoft/vscode-copilot-chat#3987), not in `chatSessions`.
 * - `session-state/<id>/events.jsonl`: one shutdown per process run (`copilotCliLegs.ts`).
 * - `session-store.db`, table `assistant_usage_events` (newer CLIs, ≈ 1.0.69): one row per API
 *   request as it happens, compaction calls included; dated by `created_at` (ISO, or zoneless UTC).
 *   Older stores have no such table: no usage.
 * - Count once across the two: the store is authoritative for every request it has. A leg is
 *   counted from its shutdown only when the store has no row of its session in the leg's time
 *   (after the previous shutdown, up to its own); rows after the last shutdown (a running or
 *   crashed leg) count. So where a store exists it reads the sessions' events itself (they are
 *   its shadow: a new line in one reads the store again); without one, each events file is read
 *   on its own. A session in both homes is one session.
 * - Not read: `otel/*.jsonl` (the same calls again), `history-session-state/`, `logs/`, settings.
 */
export const copilotCliSource: Source = {
  id: 'copilot-cli',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    const roots = [envDir(env, 'COPILOT_HOME') ?? p.join(env.home, '.copilot')];
    const xdg = envDir(env, 'XDG_CONFIG_HOME');
    if (xdg) roots.push(p.join(xdg, '.copilot'));
    return [...new Set(roots)];
  },

  acceptsDir(relDir: string): boolean {
    const parts = relDir.split('/');
    return parts[0] === 'session-state' && parts.length <= 2;
  },

  readerFor(relPath: string): FileReader | undefined {
    if (relPath === 'session-store.db') return STORE;
    return EVENTS_FILE.test(relPath) ? EVENTS : undefined;
  },

  shadowedBy: (relPath) => (EVENTS_FILE.test(relPath) ? 'session-store.db' : undefined),

  watchFileFolders: true,
};

const EVENTS_FILE = /^session-state\/[^/]+\/events\.jsonl$/;

const EVENTS: FileReader = {
  kind: 'lines',
  markers: LEG_MARKERS.map((m) => Buffer.from(m)),
  newParser(saved: unknown, relPath: string) {
    const session = relPath.split('/')[1]!;
    const state: LegState = isLegState(saved) ? structuredClone(saved) : newLegState();
    return {
      line: (buf, start, end, emit) => legLine(state, session, buf.toString('utf8', start, end), (leg) => emitLeg(leg, emit)),
      save: () => structuredClone(state),
    };
  },
};

/** Where the store's read of one session's events stopped. */
interface EventsCursor {
  offset: number;
  /** The 32 bytes before `offset`, base64: if they changed, the file was rewritten. */
  tail: string;
  legs: LegState;
}

interface StoreState {
  fileId: number;
  lastRowid: number;
  anchor: string;
  events: Record<string, EventsCursor>;
}

const ROW_COLUMNS = ['id', 'session_id', 'model', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'created_at'];
const CHUNK = 16 * 1024 * 1024;

const STORE: FileReader = {
  kind: 'database',
  read(db, saved, emit, files): DatabaseResult {
    const table = db.table('assistant_usage_events');
    if (table && !['session_id', 'input_tokens', 'output_tokens', 'created_at'].every((c) => table.columns.includes(c))) {
      throw new UnknownSchemaError(`unknown Copilot CLI session store schema: expected assistant_usage_events(session_id, input_tokens, output_tokens, created_at, …), found (${table.columns.join(', ')})`);
    }
    const prevState = isRecord(saved) && saved.fileId === db.fileId && isRecord(saved.events) ? (saved as unknown as StoreState) : undefined;
    const anchorOf = (r: NamedRow | undefined) => String(r?.get('id') ?? '');
    const rowAt = (rowid: number) => {
      for (const r of table ? namedRows(table, ROW_COLUMNS, rowid) : []) return r.rowid === rowid ? r : undefined;
      return undefined;
    };
    const sameRows = prevState !== undefined && (prevState.lastRowid === 0 || anchorOf(rowAt(prevState.lastRowid)) === prevState.anchor);
    const state: StoreState = { fileId: db.fileId, lastRowid: sameRows ? prevState.lastRowid : 0, anchor: sameRows ? prevState.anchor : '', events: {} };
    const skipped: Partial<Record<SkipReason, number>> = {};
    const skip = (r: SkipReason | undefined) => {
      if (r) skipped[r] = (skipped[r] ?? 0) + 1;
    };
    let rowsRead = 0;
    if (table) {
      for (const r of namedRows(table, ROW_COLUMNS, state.lastRowid + 1)) {
        rowsRead++;
        state.lastRowid = r.rowid;
        state.anchor = anchorOf(r);
        skip(storeRow(r, emit));
      }
    }
    const legs = readSessionEvents(files, sameRows ? prevState.events : {}, state.events, skip);
    if (legs.length) {
      const covered = table ? rowTimes(table, new Set(legs.map((l) => l.session))) : new Map<string, number[]>();
      for (const leg of legs) {
        const times = covered.get(leg.session) ?? [];
        if (!times.some((t) => (leg.start === null || t > leg.start) && t <= leg.end)) emitLeg(leg, emit);
      }
    }
    return { state, rowsRead, skipped };
  },
};

/** One request's row: always counted (the store is the authority for what it has). */
function storeRow(r: NamedRow, emit: (e: UsageEvent) => void): SkipReason | undefined {
  const u = { input: optionalCount(r.get('input_tokens')), output: optionalCount(r.get('output_tokens')), cacheRead: optionalCount(r.get('cache_read_tokens')), cacheWrite: optionalCount(r.get('cache_write_tokens')), reasoning: optionalCount(r.get('reasoning_tokens')) };
  if (Object.values(u).some((v) => v === undefined)) return 'bad-usage';
  const counts = copilotCliCounts(u as { input: number; output: number; cacheRead: number; cacheWrite: number; reasoning: number });
  if (counts.input + counts.output + counts.cacheRead + counts.cacheWrite === 0) return undefined;
  const ts = sqlTime(r.get('created_at'));
  if (!Number.isFinite(ts)) return 'bad-timestamp';
  const session = String(r.get('session_id') ?? '');
  const model = r.get('model');
  emit({
    ts,
    agent: 'copilot-cli',
    model: typeof model === 'string' && model ? model : 'unknown',
    counts,
    sessionId: session,
    dedup: { group: `cps:${session}:${String(r.get('id') ?? `${ts}|${r.rowid}`)}`, variant: '', policy: 'first', sidechain: false },
  });
  return undefined;
}

/** The times of the store's rows, per session, for the sessions asked about. */
function rowTimes(table: TableView, sessions: Set<string>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of namedRows(table, ['session_id', 'created_at'])) {
    const s = String(r.get('session_id') ?? '');
    if (!sessions.has(s)) continue;
    const t = sqlTime(r.get('created_at'));
    if (Number.isFinite(t)) (out.get(s) ?? out.set(s, []).get(s)!).push(t);
  }
  return out;
}

/**
 * Reads what each session's events file gained since the last read (whole, if it was rewritten)
 * and returns the legs of the shutdowns found in it.
 */
function readSessionEvents(files: FolderFiles, before: Record<string, EventsCursor>, after: Record<string, EventsCursor>, skip: (r: SkipReason | undefined) => void): Leg[] {
  const legs: Leg[] = [];
  for (const session of files.list('session-state')) {
    const rel = `session-state/${session}/events.jsonl`;
    const st = files.stat(rel);
    if (!st) continue;
    const prev = before[session];
    const resume = prev !== undefined && isLegState(prev.legs) && st.size >= prev.offset && tailOf(files, rel, prev.offset) === prev.tail;
    const cursor: EventsCursor = resume ? { offset: prev.offset, tail: prev.tail, legs: structuredClone(prev.legs) } : { offset: 0, tail: '', legs: newLegState() };
    let pending: Buffer = Buffer.alloc(0);
    let at = cursor.offset;
    while (at < st.size) {
      const chunk = files.read(rel, at, Math.min(st.size, at + CHUNK));
      if (!chunk || chunk.length === 0) break;
      at += chunk.length;
      const buf: Buffer = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const lastNl = buf.lastIndexOf(10);
      if (lastNl < 0) {
        pending = buf;
        continue;
      }
      for (const line of buf.toString('utf8', 0, lastNl).split('\n')) {
        if (LEG_MARKERS.some((m) => line.includes(m))) skip(legLine(cursor.legs, session, line, (l) => legs.push(l)));
      }
      pending = buf.subarray(lastNl + 1);
    }
    cursor.offset = at - pending.length;
    cursor.tail = tailOf(files, rel, cursor.offset);
    after[session] = cursor;
  }
  return legs;
}

function tailOf(files: FolderFiles, rel: string, offset: number): string {
  return files.read(rel, Math.max(0, offset - 32), offset)?.toString('base64') ?? '';
}
