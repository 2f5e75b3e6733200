import type { AgentId } from './tokens';

/** The theme's chart palette, in the order agents take their hues. */
export const PALETTE = ['orange', 'blue', 'purple', 'green', 'yellow', 'red'] as const;
export type PaletteName = (typeof PALETTE)[number];

/** Which variant of a hue an agent takes: 0 the theme's own, then further from it (see `shadeOf`). */
export type Shade = 0 | 1 | 2 | 3;

/**
 * A fixed colour per agent, so Claude Code is the same orange in every chart and every session:
 * six hues, and further shades of them (`shadeOf`) for the agents that share a hue.
 */
export const AGENT_HUES: Record<AgentId, [PaletteName, Shade]> = {
  'claude-code': ['orange', 0],
  codex: ['blue', 0],
  'gemini-cli': ['purple', 0],
  'copilot-chat': ['green', 0],
  opencode: ['yellow', 0],
  cline: ['red', 0],
  'kilo-code': ['orange', 1],
  amp: ['blue', 1],
  'qwen-code': ['purple', 1],
  continue: ['green', 1],
  pi: ['yellow', 1],
  'roo-code': ['red', 1],
  'copilot-cli': ['green', 2],
  'kimi-cli': ['blue', 2],
  zcode: ['purple', 2],
  hermes: ['red', 2],
  droid: ['orange', 2],
  goose: ['yellow', 2],
  zed: ['blue', 3],
};
