import type { AgentId } from '../../../src/shared/tokens';
import type { Attrs } from './model';

/** The columns a data point adds to (reasoning is part of output, shown, never added again). */
export type Column = 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'reasoning';
/** How one data point's value is spread over the columns (a factor per column; −1 takes it out). */
export type Weights = Partial<Record<Column, number>>;

/** An agent's token metric: which attribute says the kind, and what each kind adds. */
interface TokenMetric {
  agent: AgentId;
  typeAttr: string;
  /** null = a value that is a sum of the others, ignored so nothing counts twice. */
  kinds: Record<string, Weights | null>;
}

/**
 * The metrics the server counts, by name. Each rule follows the counting contract of the README
 * ("input = fresh input, output includes reasoning") and the agent's documented metric. Everything
 * else is ignored and named in the answer — including Gemini CLI's GenAI-semconv
 * `gen_ai.client.token.usage`, which repeats the tokens of `gemini_cli.token.usage` (counting both
 * would count them twice), and the cost metrics.
 */
export const TOKEN_METRICS: Record<string, TokenMetric> = {
  // Claude Code, https://code.claude.com/docs/en/monitoring-usage: counter `claude_code.token.usage`,
  // attrs `type` ∈ input|output|cacheRead|cacheCreation and `model`. Anthropic's input already
  // excludes the cache (as in the transcripts the extension reads), so each kind is one column.
  'claude_code.token.usage': {
    agent: 'claude-code',
    typeAttr: 'type',
    kinds: { input: { input: 1 }, output: { output: 1 }, cacheRead: { cacheRead: 1 }, cacheCreation: { cacheWrite: 1 } },
  },
  // Codex, `openai/codex` codex-rs/otel/src/metrics/names.rs: histogram per turn
  // `codex.turn.token_usage`, its sum the tokens, attr `token_type` ∈ total|input|cached_input|
  // output|reasoning_output (newer: cache_write_input). OpenAI's input includes the cached part and
  // output includes reasoning (as in the rollout files), so cached input and cache writes are taken
  // out of input, reasoning is shown within output, and `total` (input + output) is not counted.
  'codex.turn.token_usage': {
    agent: 'codex',
    typeAttr: 'token_type',
    kinds: {
      input: { input: 1 },
      cached_input: { input: -1, cacheRead: 1 },
      cache_write_input: { input: -1, cacheWrite: 1 },
      output: { output: 1 },
      reasoning_output: { reasoning: 1 },
      total: null,
    },
  },
  // Gemini CLI, `google-gemini/gemini-cli` docs/cli/telemetry.md: counter `gemini_cli.token.usage`,
  // attr `type` ∈ input|output|thought|cache|tool — the usageMetadata counts promptTokenCount,
  // candidatesTokenCount, thoughtsTokenCount, cachedContentTokenCount, toolUsePromptTokenCount.
  // As for the chat logs (agent-semantics.md, Gemini CLI): input = prompt − cached + tool prompts,
  // output = candidates + thoughts, reasoning = thoughts.
  'gemini_cli.token.usage': {
    agent: 'gemini-cli',
    typeAttr: 'type',
    kinds: {
      input: { input: 1 },
      cache: { input: -1, cacheRead: 1 },
      tool: { input: 1 },
      output: { output: 1 },
      thought: { output: 1, reasoning: 1 },
    },
  },
};

/** What a data point of a known metric counts for, or why it cannot be counted. */
export type Mapped = { agent: AgentId; model: string; weights: Weights } | { skip: 'sum-of-others' } | { reject: string };

/** Maps one data point of `metric` by its attributes. */
export function mapPoint(metric: TokenMetric, attrs: Attrs): Mapped {
  const kind = attrs[metric.typeAttr];
  if (typeof kind !== 'string' || !Object.hasOwn(metric.kinds, kind)) return { reject: `${metric.typeAttr}=${String(kind).slice(0, 40)} is not a token kind of ${metric.agent}` };
  const weights = metric.kinds[kind];
  if (weights === null) return { skip: 'sum-of-others' };
  return { agent: metric.agent, model: typeof attrs.model === 'string' ? attrs.model : 'unknown', weights: weights! };
}
