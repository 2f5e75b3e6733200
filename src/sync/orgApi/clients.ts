import { AnthropicClaudeCodeClient } from './anthropicClaudeCode';
import { AnthropicMessagesClient } from './anthropicMessages';
import { GithubCopilotClient } from './githubCopilot';
import type { GithubCopilotOptions } from './githubCopilot';
import { OpenAiUsageClient } from './openaiUsage';
import type { OrgProvider, OrgUsageClient } from './types';

/** Every provider, in the order a settings screen lists them. */
export const ORG_PROVIDERS: readonly OrgProvider[] = ['anthropic-claude-code', 'anthropic-messages', 'openai-usage', 'github-copilot'];

/** One client for a provider (GitHub also needs `org` or `enterprise`). */
export function createOrgClient(provider: OrgProvider, opts: GithubCopilotOptions): OrgUsageClient {
  switch (provider) {
    case 'anthropic-claude-code':
      return new AnthropicClaudeCodeClient(opts);
    case 'anthropic-messages':
      return new AnthropicMessagesClient(opts);
    case 'openai-usage':
      return new OpenAiUsageClient(opts);
    case 'github-copilot':
      return new GithubCopilotClient(opts);
  }
}
