import type { AgentId } from '../shared/tokens';
import type { Source } from './source';
import { claudeCodeSource } from './claudeCode';
import { codexSource } from './codex';

/** Every agent Token Tier can read; a new agent is one file in sources/ and one line here. */
export const SOURCES: readonly Source[] = [claudeCodeSource, codexSource];

export function sourceById(id: AgentId): Source {
  const s = SOURCES.find((x) => x.id === id);
  if (!s) throw new Error(`unknown agent ${id}`);
  return s;
}
