import { createOrgClient } from '../../../src/sync/orgApi/clients';
import type { OrgProvider, OrgUsageClient } from '../../../src/sync/orgApi/types';

/**
 * Which connectors this server runs, from its environment (the keys live only on the server,
 * never on laptops):
 *  - `ANTHROPIC_ADMIN_KEY` → Claude Code Analytics; with `ANTHROPIC_MESSAGES=1` also the Messages usage report
 *  - `OPENAI_ADMIN_KEY` → OpenAI Usage API (completions, grouped by user)
 *  - `GITHUB_TOKEN` with `GITHUB_ORG` or `GITHUB_ENTERPRISE` → Copilot usage metrics (Copilot CLI tokens)
 * `ANTHROPIC_BASE_URL`, `OPENAI_BASE_URL`, `GITHUB_API_URL` point a connector elsewhere (a proxy, a test fake).
 */

/** A configured connector: the provider and its client. */
export interface Connector {
  provider: OrgProvider;
  client: OrgUsageClient;
}

/** Names `--provider` accepts, with short forms. */
export const PROVIDER_ALIASES: Record<string, OrgProvider> = {
  anthropic: 'anthropic-claude-code',
  'anthropic-claude-code': 'anthropic-claude-code',
  'claude-code': 'anthropic-claude-code',
  'anthropic-messages': 'anthropic-messages',
  openai: 'openai-usage',
  'openai-usage': 'openai-usage',
  github: 'github-copilot',
  copilot: 'github-copilot',
  'github-copilot': 'github-copilot',
};

/** The connectors the environment turns on, in a fixed order. */
export function connectorsFromEnv(raw: NodeJS.ProcessEnv, log?: (line: string) => void): Connector[] {
  // A key pasted into an env file often brings a newline or spaces along; the APIs would reject it.
  const env = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v?.trim()])) as NodeJS.ProcessEnv;
  const out: Connector[] = [];
  const base = { log };
  if (env.ANTHROPIC_ADMIN_KEY) {
    const opts = { ...base, key: env.ANTHROPIC_ADMIN_KEY, baseUrl: env.ANTHROPIC_BASE_URL || undefined };
    out.push({ provider: 'anthropic-claude-code', client: createOrgClient('anthropic-claude-code', opts) });
    if (env.ANTHROPIC_MESSAGES === '1') out.push({ provider: 'anthropic-messages', client: createOrgClient('anthropic-messages', opts) });
  }
  if (env.OPENAI_ADMIN_KEY) out.push({ provider: 'openai-usage', client: createOrgClient('openai-usage', { ...base, key: env.OPENAI_ADMIN_KEY, baseUrl: env.OPENAI_BASE_URL || undefined }) });
  if (env.GITHUB_TOKEN && (env.GITHUB_ORG || env.GITHUB_ENTERPRISE)) {
    out.push({ provider: 'github-copilot', client: createOrgClient('github-copilot', { ...base, key: env.GITHUB_TOKEN, baseUrl: env.GITHUB_API_URL || undefined, org: env.GITHUB_ORG || undefined, enterprise: env.GITHUB_ORG ? undefined : env.GITHUB_ENTERPRISE }) });
  }
  return out;
}

/** The variables to set for a provider, for an error message. */
export const ENV_HINT: Record<OrgProvider, string> = {
  'anthropic-claude-code': 'ANTHROPIC_ADMIN_KEY',
  'anthropic-messages': 'ANTHROPIC_ADMIN_KEY and ANTHROPIC_MESSAGES=1',
  'openai-usage': 'OPENAI_ADMIN_KEY',
  'github-copilot': 'GITHUB_TOKEN and GITHUB_ORG (or GITHUB_ENTERPRISE)',
};
