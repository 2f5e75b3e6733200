import type { FileReader, Source, SourceEnv } from './source';
import { extensionStorageDirs, pathsFor } from './homes';
import { uiMessagesReader } from './clineFormat';

/**
 * Roo Code (RooCodeInc/Roo-Code): `globalStorage/rooveterinaryinc.roo-cline/tasks/<taskId>/ui_messages.json`
 * in every editor (or `<roo-cline.customStoragePath>/tasks`, which the extension passes in as an
 * extra folder). Cline's format; since Roo 3.29.5 (PR #8954, 2025-11-01) `tokensIn` is the whole
 * prompt, cache included, for both API protocols (`src/shared/cost.ts`).
 */
export const rooCodeSource: Source = {
  id: 'roo-code',
  parserVersion: 1,

  defaultRoots(env: SourceEnv): string[] {
    const p = pathsFor(env);
    return extensionStorageDirs(env, 'rooveterinaryinc.roo-cline').map((d) => p.join(d, 'tasks'));
  },

  acceptsDir: (relDir) => !relDir.includes('/'),

  readerFor(relPath: string): FileReader | undefined {
    return /^[^/]+\/ui_messages\.json$/.test(relPath) ? UI_MESSAGES : undefined;
  },
};

const UI_MESSAGES = uiMessagesReader({ agent: 'roo-code', input: 'whole-prompt', wholePromptSince: Date.parse('2025-11-01T00:00:00Z') });
