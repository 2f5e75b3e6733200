import type { FileReader, Source, SourceEnv, SkipReason } from './source';
import { isRecord } from './source';
import { pathsFor, xdgDataHome } from './homes';
import { openCodeEvent, readOpenCodeDatabase } from './openCodeFormat';

/**
 * OpenCode: `${XDG_DATA_HOME:-~/.local/share}/opencode/opencode.db` (SQLite in WAL mode; a release
 * channel other than latest/beta gets `opencode-<channel>.db`) and, from before 1.2, one JSON file
 * per message in `storage/message/<sessionID>/<messageID>.json`. The counting rules are in
 * `openCodeFormat.ts`; a message in both places is one message, and files whose message is not in
 * the database (the migration skipped orphaned sessions) are counted too.
 */
export const opencodeSource: Source = {
  id: 'opencode',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    return [pathsFor(env).join(xdgDataHome(env), 'opencode')];
  },

  acceptsDir(relDir: string): boolean {
    // `storage/part/` holds every step's parts (copies of the usage): never entered.
    const parts = relDir.split('/');
    return parts[0] === 'storage' && (parts.length === 1 || parts[1] === 'message') && parts.length <= 3;
  },

  readerFor(relPath: string): FileReader | undefined {
    if (/^opencode[^/]*\.db$/.test(relPath)) return DATABASE;
    return /^storage\/message\/[^/]+\/[^/]+\.json$/.test(relPath) ? DOCUMENT : undefined;
  },
};

const DATABASE: FileReader = {
  kind: 'database',
  read: (db, saved, emit) => readOpenCodeDatabase('opencode', db, saved, emit),
};

const DOCUMENT: FileReader = {
  kind: 'document',
  parse(json, ctx, emit) {
    const skipped: Partial<Record<SkipReason, number>> = {};
    if (!isRecord(json)) return { skipped };
    const parts = ctx.relPath.split('/');
    // The folder is the session id the 1.2 migration used (`json-migration.ts`).
    const session = typeof json.sessionID === 'string' ? json.sessionID : parts[2]!;
    const skip = openCodeEvent('opencode', session, json, emit);
    if (skip) skipped[skip] = 1;
    return { skipped };
  },
};
