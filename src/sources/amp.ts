import type { FileReader, Source, SourceEnv, SkipReason, UsageEvent } from './source';
import { isRecord, optionalCount, timeOf } from './source';
import { extensionStorageDirs, pathsFor, xdgDataHome } from './homes';

/**
 * Amp (closed source; shapes from ccusage `rust/crates/ccusage/src/adapter/amp/parser.rs` and
 * tokscale `crates/tokscale-core/src/sessions/amp.rs`): `${XDG_DATA_HOME:-~/.local/share}/amp/threads/T-<uuid>.json`,
 * one JSON per thread, rewritten in place (also under every editor's `sourcegraph.amp/threads3`,
 * where the old VS Code extension kept them).
 * - Threads with a `usageLedger` (which also carry `messages[].usage` without a timestamp): each
 *   ledger event is one response, dated by its own timestamp; its cache split comes from the
 *   message it points at (`toMessageId`), and those messages are not counted again.
 * - Threads without a ledger: each assistant message's `usage`, dated by `usage.timestamp`.
 * - `totalInputTokens` is the sum of the three input buckets, not more input.
 * Keys are (thread, event or message id), so a rewritten thread replaces, never adds. (Amp moved
 * threads to its server in 2026; these local files are its history.)
 */
export const ampSource: Source = {
  id: 'amp',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    return [p.join(xdgDataHome(env), 'amp', 'threads'), ...extensionStorageDirs(env, 'sourcegraph.amp').map((d) => p.join(d, 'threads3'))];
  },

  acceptsDir: () => false,

  readerFor(relPath: string): FileReader | undefined {
    return /^T-[^/]+\.json$/.test(relPath) ? DOCUMENT : undefined;
  },
};

const DOCUMENT: FileReader = {
  kind: 'document',
  parse(json, ctx, emit) {
    const skipped: Partial<Record<SkipReason, number>> = {};
    const skip = (r: SkipReason | undefined) => r && (skipped[r] = (skipped[r] ?? 0) + 1);
    if (!isRecord(json)) return { skipped };
    const thread = typeof json.id === 'string' && json.id ? json.id : ctx.relPath.replace(/\.json$/, '');
    const messages = Array.isArray(json.messages) ? json.messages.filter(isRecord) : [];
    const ledger = isRecord(json.usageLedger) && Array.isArray(json.usageLedger.events) ? json.usageLedger.events : undefined;
    if (ledger) {
      const byId = new Map<string, Record<string, unknown>>();
      for (const m of messages) if (m.messageId !== undefined) byId.set(String(m.messageId), m);
      ledger.forEach((ev, i) => isRecord(ev) && skip(ledgerEvent(thread, ev, i, byId, emit)));
    } else {
      messages.forEach((m, i) => m.role === 'assistant' && isRecord(m.usage) && skip(messageUsage(thread, m, i, emit)));
    }
    return { skipped };
  },
};

/** An event's or message's own id, else its place in the thread (a rewrite only ever appends). */
function itemKey(id: unknown, index: number): string {
  return typeof id === 'string' || typeof id === 'number' ? String(id) : `#${index}`;
}

function ledgerEvent(thread: string, ev: Record<string, unknown>, index: number, byId: Map<string, Record<string, unknown>>, emit: (e: UsageEvent) => void): SkipReason | undefined {
  if (!isRecord(ev.tokens)) return undefined;
  const input = optionalCount(ev.tokens.input);
  const output = optionalCount(ev.tokens.output);
  // A title-generation event may point at a user message: no cache split then.
  const target = ev.toMessageId === undefined ? undefined : byId.get(String(ev.toMessageId));
  const usage = target?.role === 'assistant' && isRecord(target.usage) ? target.usage : {};
  const cacheWrite = optionalCount(usage.cacheCreationInputTokens);
  const cacheRead = optionalCount(usage.cacheReadInputTokens);
  if (input === undefined || output === undefined || cacheWrite === undefined || cacheRead === undefined) return 'bad-usage';
  const ts = timeOf(ev.timestamp);
  if (!Number.isFinite(ts)) return 'bad-timestamp';
  return emitAmp(emit, thread, `e:${itemKey(ev.id, index)}`, ts, ev.model, { input, output, cacheRead, cacheWrite, reasoning: 0 });
}

function messageUsage(thread: string, m: Record<string, unknown>, index: number, emit: (e: UsageEvent) => void): SkipReason | undefined {
  const u = m.usage as Record<string, unknown>;
  const input = optionalCount(u.inputTokens);
  const output = optionalCount(u.outputTokens);
  const cacheWrite = optionalCount(u.cacheCreationInputTokens);
  const cacheRead = optionalCount(u.cacheReadInputTokens);
  if (input === undefined || output === undefined || cacheWrite === undefined || cacheRead === undefined) return 'bad-usage';
  if (input + output + cacheRead + cacheWrite === 0) return undefined;
  const ts = timeOf(u.timestamp);
  if (!Number.isFinite(ts)) return 'bad-timestamp';
  return emitAmp(emit, thread, `m:${itemKey(m.messageId, index)}`, ts, u.model, { input, output, cacheRead, cacheWrite, reasoning: 0 });
}

/** One Amp request, keyed within its thread (ledger event `e:` or message `m:`); an all-zero one is not a record. */
function emitAmp(emit: (e: UsageEvent) => void, thread: string, key: string, ts: number, model: unknown, counts: UsageEvent['counts']): undefined {
  if (counts.input + counts.output + counts.cacheRead + counts.cacheWrite === 0) return undefined;
  emit({
    ts,
    agent: 'amp',
    model: typeof model === 'string' && model ? model : 'unknown',
    counts,
    sessionId: thread,
    dedup: { group: `a:${thread}:${key}`, variant: '', policy: 'max', sidechain: false },
  });
  return undefined;
}
