import type { FileReader, Source, SourceEnv, SkipReason } from './source';
import { isRecord, optionalCount, timeOf } from './source';
import { pathsFor } from './homes';

/**
 * Factory Droid (closed source; the readers followed: ryoppippi/ccusage
 * `rust/crates/ccusage/src/adapter/droid/{paths.rs,parser.rs}`, junhoyeo/tokscale
 * `crates/tokscale-core/src/sessions/droid.rs`): `~/.factory/sessions/[<cwd slug>/]<id>.settings.json`,
 * whose `tokenUsage` is the session's running total — one event per session, rewritten in place
 * (a complete document: what the file says now replaces what it said).
 * - Buckets are disjoint; `thinkingTokens` is reported beside `outputTokens` and added to output,
 *   unless the file's own `totalTokens` equals input + output + both caches with thinking > 0:
 *   then thinking is already inside output.
 * - Day: `providerLockTimestamp`, else the file's modification time (the record keeps no other).
 * - The same session id in the flat layout and in a per-cwd folder (left behind by the move) is
 *   one session: the copy whose counters sum larger wins.
 */
export const droidSource: Source = {
  id: 'droid',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    return [p.join(env.home, '.factory', 'sessions')];
  },

  acceptsDir: (relDir) => relDir.split('/').length <= 2,

  readerFor(relPath: string): FileReader | undefined {
    return relPath.endsWith('.settings.json') && relPath.split('/').length <= 3 ? DOCUMENT : undefined;
  },

  projectOf: (relPath) => (relPath.includes('/') ? relPath.split('/')[0] : undefined),
};

const DOCUMENT: FileReader = {
  kind: 'document',
  complete: true,
  parse(json, ctx, emit) {
    const skipped: Partial<Record<SkipReason, number>> = {};
    if (!isRecord(json) || json.tokenUsage === undefined || json.tokenUsage === null) return { skipped };
    const u = json.tokenUsage;
    if (!isRecord(u)) return { skipped: { 'bad-usage': 1 } };
    const input = optionalCount(u.inputTokens);
    const out = optionalCount(u.outputTokens);
    const cacheRead = optionalCount(u.cacheReadTokens);
    const cacheWrite = optionalCount(u.cacheCreationTokens);
    const thinking = optionalCount(u.thinkingTokens);
    if (input === undefined || out === undefined || cacheRead === undefined || cacheWrite === undefined || thinking === undefined) return { skipped: { 'bad-usage': 1 } };
    const inside = thinking > 0 && typeof u.totalTokens === 'number' && u.totalTokens === input + out + cacheRead + cacheWrite;
    const output = out + (inside ? 0 : thinking);
    if (input + output + cacheRead + cacheWrite === 0) return { skipped };
    const locked = timeOf(json.providerLockTimestamp);
    const ts = Number.isFinite(locked) ? locked : ctx.mtimeMs;
    if (!Number.isFinite(ts) || ts <= 0) return { skipped: { 'bad-timestamp': 1 } };
    const name = ctx.relPath.split('/').pop()!;
    const sessionId = name.slice(0, -'.settings.json'.length);
    emit({
      ts,
      agent: 'droid',
      model: typeof json.model === 'string' && json.model ? json.model : 'unknown',
      counts: { input, output, cacheRead, cacheWrite, reasoning: Math.min(thinking, output) },
      sessionId,
      dedup: { group: `d:${sessionId}`, variant: '', policy: 'max', sidechain: false },
    });
    return { skipped };
  },
};
