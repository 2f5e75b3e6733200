import type { AgentId } from '../shared/tokens';
import type { Source } from './source';
import { claudeCodeSource } from './claudeCode';
import { codexSource } from './codex';
import { geminiSource } from './gemini';
import { qwenSource } from './qwen';
import { opencodeSource } from './opencode';
import { ampSource } from './amp';
import { piSource } from './pi';
import { clineSource } from './cline';
import { rooCodeSource } from './rooCode';
import { kiloCodeSource } from './kiloCode';
import { copilotChatSource } from './copilotChat';
import { continueSource } from './continueDev';
import { copilotCliSource } from './copilotCli';
import { kimiSource } from './kimi';
import { zcodeSource } from './zcode';
import { hermesSource } from './hermes';
import { droidSource } from './droid';
import { gooseSource } from './goose';
import { zedSource } from './zed';

/** Every agent Token Tier can read, in `AGENT_IDS` order; a new agent is one file in sources/ and one line here. */
export const SOURCES: readonly Source[] = [
  claudeCodeSource,
  codexSource,
  geminiSource,
  qwenSource,
  opencodeSource,
  ampSource,
  piSource,
  clineSource,
  rooCodeSource,
  kiloCodeSource,
  copilotChatSource,
  continueSource,
  copilotCliSource,
  kimiSource,
  zcodeSource,
  hermesSource,
  droidSource,
  gooseSource,
  zedSource,
];

export function sourceById(id: AgentId): Source {
  const s = SOURCES.find((x) => x.id === id);
  if (!s) throw new Error(`unknown agent ${id}`);
  return s;
}
