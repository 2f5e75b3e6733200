import { isRecord } from './source';

/**
 * The replay of VS Code's chat-session operation log (microsoft/vscode `src/vs/workbench/contrib/
 * chat/common/model/objectMutationLog.ts`, schema in `chatSessionOperationLog.ts`), reduced to the
 * few fields counting needs. What it keeps has a fixed shape and a bounded size: strings of at most
 * `MAX_TEXT` characters and finite numbers where the shape expects them; any other value there is
 * kept as `BAD` (the request is then skipped and named), and everything outside the shape is never
 * copied — so an edit costs what its own line holds, and the state always serialises.
 */

/** What a kept leaf must be: a short string, a count (number or null), or a time (number). */
type Leaf = 'text' | 'count' | 'time';
/** A kept object's fields, or a kept array (its one element's shape). */
type Shape = Leaf | { readonly [key: string]: Shape } | readonly [Shape];

/** A value of the wrong kind where the shape expects a leaf (or an array past `MAX_ITEMS`). */
export const BAD = false;
/** Model names and request ids are short; a longer string there is not one. */
export const MAX_TEXT = 256;
/** Tool-call rounds of one agent turn: VS Code stops a turn long before this. */
const MAX_ITEMS = 10_000;

const COUNTS = { promptTokens: 'count', completionTokens: 'count' } as const;

/**
 * The request fields that count (microsoft/vscode `chatSessionOperationLog.ts` requestSchema and
 * `chatModel.ts` ISerializableChatResponseData; `result.metadata` is microsoft/vscode-copilot-chat
 * `src/extension/prompt/common/conversation.ts` IResultMetadata).
 */
export const REQUEST_SHAPE: Shape = {
  requestId: 'text',
  timestamp: 'time',
  modelId: 'text',
  ...COUNTS,
  result: {
    metadata: { promptTokens: 'count', outputTokens: 'count', resolvedModel: 'text', toolCallRounds: [{ thinking: { tokens: 'count' } }] },
    usage: COUNTS,
  },
};

/** A request reduced to `REQUEST_SHAPE`. */
export type KeptRequest = Record<string, unknown>;

export interface Replay {
  sessionId: string;
  requests: KeptRequest[];
  /** The log's first entry (the whole session) was read: without it the file is mid-rewrite. */
  initial: boolean;
}

/**
 * Values the replay has copied into its state, summed over every file read in this process: a
 * measure of the replay's work that tests bound by the file's size, not by a clock.
 */
export const replayMeter = { values: 0 };

function keepLeaf(leaf: Leaf, v: unknown): unknown {
  if (v === undefined) return undefined;
  if (v === null) return leaf === 'count' ? null : undefined;
  if (leaf === 'text') return typeof v === 'string' && v.length <= MAX_TEXT ? v : BAD;
  return typeof v === 'number' && Number.isFinite(v) ? v : BAD;
}

/** `v` reduced to `shape`: only the shape's fields, each of its kind, read without recursion past the shape. */
function prune(shape: Shape, v: unknown): unknown {
  replayMeter.values++;
  if (typeof shape === 'string') return keepLeaf(shape, v);
  if (Array.isArray(shape)) {
    if (!Array.isArray(v)) return undefined;
    if (v.length > MAX_ITEMS) return BAD;
    return v.map((x) => prune(shape[0] as Shape, x) ?? null);
  }
  if (!isRecord(v)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const kept = prune((shape as Record<string, Shape>)[key]!, v[key]);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

/** A request as the replay keeps it (anything that is not an object keeps nothing). */
export function keepRequest(req: unknown): KeptRequest {
  return (isRecord(req) ? prune(REQUEST_SHAPE, req) : {}) as KeptRequest;
}

/** The shape one step down `key`, or undefined when the shape has no such field or index. */
function childShape(shape: Shape, key: unknown): Shape | undefined {
  if (typeof shape === 'string') return undefined;
  if (Array.isArray(shape)) return Number.isInteger(key) && (key as number) >= 0 ? (shape[0] as Shape) : undefined;
  return typeof key === 'string' && Object.hasOwn(shape, key) ? (shape as Record<string, Shape>)[key] : undefined;
}

/** A truncation length, when the entry gives a valid one (VS Code's `arr.length = i` throws on others). */
function cutOf(entry: Record<string, unknown>): number | undefined {
  const i = entry.i;
  return typeof i === 'number' && Number.isInteger(i) && i >= 0 ? i : undefined;
}

/** Applies one log entry to the replayed session; only `requests` and the kept fields matter. */
export function applyEntry(state: Replay, entry: Record<string, unknown>): void {
  if (entry.kind === 0) {
    const v = isRecord(entry.v) ? entry.v : {};
    if (typeof v.sessionId === 'string' && v.sessionId && v.sessionId.length <= MAX_TEXT) state.sessionId = v.sessionId;
    state.requests = Array.isArray(v.requests) ? v.requests.map(keepRequest) : [];
    state.initial = true;
    return;
  }
  // An entry whose truncation length is malformed changes nothing.
  if (entry.kind === 2 && entry.i !== undefined && cutOf(entry) === undefined) return;
  const k = Array.isArray(entry.k) ? (entry.k as unknown[]) : [];
  if (k[0] !== 'requests') return;
  if (k.length === 1) return applyToRequests(state, entry);
  const index = k[1];
  if (!Number.isInteger(index) || !state.requests[index as number]) return;
  // Deeper paths: walk the kept request along the shape; a path that leaves the shape (the
  // response, the message, edited files…) is dropped here, before anything is copied.
  let shape: Shape = REQUEST_SHAPE;
  let node: unknown = state.requests[index as number];
  const path = k.slice(2);
  if (path.length === 0) return;
  for (const key of path.slice(0, -1)) {
    const next = childShape(shape, key);
    if (next === undefined || (!isRecord(node) && !Array.isArray(node))) return;
    shape = next;
    node = (node as Record<string, unknown>)[String(key)];
  }
  const last = path[path.length - 1];
  const leafShape = childShape(shape, last);
  if (leafShape === undefined) return;
  if (Array.isArray(node)) {
    // VS Code addresses arrays only within their length.
    if ((last as number) > node.length) return;
  } else if (!isRecord(node)) return;
  setKept(node as Record<string, unknown>, String(last), leafShape, entry);
}

function applyToRequests(state: Replay, entry: Record<string, unknown>): void {
  if (entry.kind === 1) state.requests = Array.isArray(entry.v) ? entry.v.map(keepRequest) : [];
  else if (entry.kind === 2) {
    const cut = cutOf(entry);
    if (cut !== undefined) state.requests.length = Math.min(state.requests.length, cut);
    if (Array.isArray(entry.v)) for (const r of entry.v) state.requests.push(keepRequest(r));
  } else if (entry.kind === 3) state.requests = [];
}

function setKept(parent: Record<string, unknown>, key: string, shape: Shape, entry: Record<string, unknown>): void {
  if (entry.kind === 1) {
    const kept = prune(shape, entry.v);
    if (kept === undefined) delete parent[key];
    else parent[key] = kept;
  } else if (entry.kind === 3) {
    delete parent[key];
  } else if (entry.kind === 2 && Array.isArray(shape)) {
    const arr = parent[key];
    if (!Array.isArray(arr)) return;
    const cut = cutOf(entry);
    if (cut !== undefined) arr.length = Math.min(arr.length, cut);
    if (!Array.isArray(entry.v)) return;
    if (arr.length + entry.v.length > MAX_ITEMS) parent[key] = BAD;
    else for (const x of entry.v) arr.push(prune(shape[0] as Shape, x) ?? null);
  }
}
