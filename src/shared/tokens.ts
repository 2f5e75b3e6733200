/** Agent ids used in the ledger, the CLI's JSON and the webview protocol. */
export const AGENT_IDS = [
  'claude-code',
  'codex',
  'gemini-cli',
  'qwen-code',
  'opencode',
  'amp',
  'pi',
  'cline',
  'roo-code',
  'kilo-code',
  'copilot-chat',
  'continue',
  'copilot-cli',
  'kimi-cli',
  'zcode',
  'hermes',
  'droid',
  'goose',
  'zed',
] as const;
export type AgentId = (typeof AGENT_IDS)[number];

export const AGENT_LABELS: Record<AgentId, string> = {
  'claude-code': 'Claude Code',
  codex: 'Codex',
  'gemini-cli': 'Gemini CLI',
  'qwen-code': 'Qwen Code',
  opencode: 'OpenCode',
  amp: 'Amp',
  pi: 'pi',
  cline: 'Cline',
  'roo-code': 'Roo Code',
  'kilo-code': 'Kilo Code',
  'copilot-chat': 'Copilot Chat',
  continue: 'Continue',
  'copilot-cli': 'Copilot CLI',
  'kimi-cli': 'Kimi CLI',
  zcode: 'ZCode',
  hermes: 'Hermes',
  droid: 'Droid',
  goose: 'Goose',
  zed: 'Zed',
};

/** The four kinds that can count toward the tier; `reasoning` is informational only. */
export const TOKEN_KINDS = ['input', 'output', 'cacheRead', 'cacheWrite'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/**
 * Normalised token counts, the same meaning for every agent:
 * `input` is non-cached input, `output` includes reasoning, `reasoning` is the part of output
 * that was reasoning (shown, never added again).
 */
export interface TokenCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
  /**
   * Value beside volume: the list-price estimate in micro-dollars (the agent's own logged cost
   * where it logs one), and the tokens of requests the price list has no price for. Optional so a
   * bare count (a report row, a test) needs neither.
   */
  costMicros?: number;
  unpriced?: number;
}

export function zeroCounts(): TokenCounts {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
}

/** input + output + cacheRead + cacheWrite (reasoning is inside output). */
export function totalOf(c: TokenCounts): number {
  return c.input + c.output + c.cacheRead + c.cacheWrite;
}

/** Sum of only the kinds that the user chose to count toward the tier. */
export function countedTotal(c: TokenCounts, kinds: readonly TokenKind[]): number {
  let sum = 0;
  for (const k of kinds) sum += c[k];
  return sum;
}

export function addInto(into: TokenCounts, c: TokenCounts, sign = 1): void {
  into.input += sign * c.input;
  into.output += sign * c.output;
  into.cacheRead += sign * c.cacheRead;
  into.cacheWrite += sign * c.cacheWrite;
  into.reasoning += sign * c.reasoning;
  if (c.costMicros) into.costMicros = (into.costMicros ?? 0) + sign * c.costMicros;
  if (c.unpriced) into.unpriced = (into.unpriced ?? 0) + sign * c.unpriced;
}
