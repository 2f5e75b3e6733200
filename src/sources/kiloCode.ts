import type { FileReader, Source, SourceEnv } from './source';
import { extensionStorageDirs, pathsFor, xdgDataHome } from './homes';
import { uiMessagesReader } from './clineFormat';
import { readOpenCodeDatabase } from './openCodeFormat';

/**
 * Kilo Code (Kilo-Org/kilocode): tasks up to 6.x in `globalStorage/kilocode.kilo-code/tasks/<taskId>/ui_messages.json`
 * (Roo's format; `tokensIn` is the whole prompt since Kilo 4.119.0, 2025-11-12), and from 7.x
 * sessions in `${XDG_DATA_HOME:-~/.local/share}/kilo/kilo.db`, OpenCode's schema (Kilo forked it).
 * 7.x imports the old tasks into the database as zero-token `legacy` rows, which are skipped: the
 * old tasks count from their own files, once.
 */
export const kiloCodeSource: Source = {
  id: 'kilo-code',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    return [...extensionStorageDirs(env, 'kilocode.kilo-code').map((d) => p.join(d, 'tasks')), p.join(xdgDataHome(env), 'kilo')];
  },

  acceptsDir: (relDir) => !relDir.includes('/'),

  readerFor(relPath: string): FileReader | undefined {
    if (/^kilo[^/]*\.db$/.test(relPath)) return DATABASE;
    return /^[^/]+\/ui_messages\.json$/.test(relPath) ? UI_MESSAGES : undefined;
  },
};

const UI_MESSAGES = uiMessagesReader({ agent: 'kilo-code', input: 'whole-prompt', wholePromptSince: Date.parse('2025-11-12T00:00:00Z') });

const DATABASE: FileReader = {
  kind: 'database',
  read: (db, saved, emit) => readOpenCodeDatabase('kilo-code', db, saved, emit, true),
};
