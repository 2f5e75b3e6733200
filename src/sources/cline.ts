import type { FileReader, Source, SourceEnv, SkipReason } from './source';
import { isRecord, optionalCount, timeOf } from './source';
import { envDir, extensionStorageDirs, pathsFor } from './homes';
import { uiMessagesReader } from './clineFormat';

/**
 * Cline (cline/cline): tasks of the VS Code extension up to 3.x in every editor's
 * `globalStorage/saoudrizwan.claude-dev/tasks/<taskId>/ui_messages.json` (rules in
 * `clineFormat.ts`; `tokensIn` and the cache are disjoint), the CLI's `~/.cline/data/tasks/`, and
 * the sessions of Cline 4 (the SDK build, 2026-06): `~/.cline/data/sessions/<id>/<agent>.messages.json`,
 * where the last assistant message of each turn carries `metrics` for the turn with the cache
 * inside `inputTokens` (`sdk/packages/core/docs/messages-contract-v1.md`; the SDK's own
 * translator subtracts it). A resumed 3.x task gets copies of its new turns written back into its
 * `ui_messages.json`; `sdk_writeback.json` says how many messages were its own, and only those count.
 */
export const clineSource: Source = {
  id: 'cline',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    // `sdk/packages/shared/src/storage/paths.ts`: CLINE_DIR, CLINE_DATA_DIR, CLINE_SESSION_DATA_DIR.
    const data = envDir(env, 'CLINE_DATA_DIR') ?? p.join(envDir(env, 'CLINE_DIR') ?? p.join(env.home, '.cline'), 'data');
    return [
      ...extensionStorageDirs(env, 'saoudrizwan.claude-dev').map((d) => p.join(d, 'tasks')),
      p.join(data, 'tasks'),
      envDir(env, 'CLINE_SESSION_DATA_DIR') ?? p.join(data, 'sessions'),
    ];
  },

  acceptsDir: (relDir) => !relDir.includes('/'),

  readerFor(relPath: string): FileReader | undefined {
    if (/^[^/]+\/ui_messages\.json$/.test(relPath)) return UI_MESSAGES;
    return /^[^/]+\/[^/]+\.messages\.json$/.test(relPath) ? SDK_MESSAGES : undefined;
  },
};

const UI_MESSAGES = uiMessagesReader({ agent: 'cline', input: 'disjoint' });

const SDK_MESSAGES: FileReader = {
  kind: 'document',
  parse(json, ctx, emit) {
    const skipped: Partial<Record<SkipReason, number>> = {};
    if (!isRecord(json) || !Array.isArray(json.messages)) return { skipped };
    const session = typeof json.sessionId === 'string' ? json.sessionId : ctx.relPath.split('/')[0]!;
    for (const m of json.messages) {
      if (!isRecord(m) || m.role !== 'assistant' || !isRecord(m.metrics)) continue;
      const x = m.metrics;
      const gross = optionalCount(x.inputTokens);
      const output = optionalCount(x.outputTokens);
      const cacheRead = optionalCount(x.cacheReadTokens);
      const cacheWrite = optionalCount(x.cacheWriteTokens);
      const ts = timeOf(m.ts);
      let skip: SkipReason | undefined;
      if (gross === undefined || output === undefined || cacheRead === undefined || cacheWrite === undefined) skip = 'bad-usage';
      else if (!Number.isFinite(ts)) skip = 'bad-timestamp';
      else if (gross + output + cacheRead + cacheWrite > 0) {
        const info = isRecord(m.modelInfo) ? m.modelInfo : {};
        emit({
          ts,
          agent: 'cline',
          model: typeof info.id === 'string' && info.id ? info.id : 'unknown',
          counts: { input: Math.max(0, gross - cacheRead - cacheWrite), output, cacheRead, cacheWrite, reasoning: 0 },
          sessionId: session,
          dedup: { group: `cline:${ctx.relPath}:${String(m.id ?? ts)}`, variant: '', policy: 'max', sidechain: false },
        });
      }
      if (skip) skipped[skip] = (skipped[skip] ?? 0) + 1;
    }
    return { skipped };
  },
};
