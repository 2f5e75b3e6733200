import type { OrgErrorKind, OrgProvider } from '../orgApi/types';

/** The org usage APIs the extension can connect to itself (GitHub Copilot needs an org name: backend only for now). */
export const CONNECTABLE_PROVIDERS = ['anthropic-claude-code', 'anthropic-messages', 'openai-usage'] as const satisfies readonly OrgProvider[];
export type ConnectableProvider = (typeof CONNECTABLE_PROVIDERS)[number];

/** What the Connect command says about each API: its name, its key, what that key can read. */
export const PROVIDER_INFO: Record<ConnectableProvider, { label: string; detail: string; keyHint: string; keyPattern: RegExp; reads: string }> = {
  'anthropic-claude-code': {
    label: 'Anthropic — Claude Code Analytics',
    detail: 'Per person (email) and day: Claude Code tokens per model. Recommended.',
    keyHint: 'sk-ant-admin…',
    keyPattern: /^sk-ant-admin/,
    reads: "An Anthropic Admin key can read and change your whole organisation: members, invites, workspaces, API keys, usage and cost. Token Tier only reads the Claude Code usage report with it.",
  },
  'anthropic-messages': {
    label: 'Anthropic — Messages usage report',
    detail: 'Per account or API key and day: all API tokens per model (not only Claude Code).',
    keyHint: 'sk-ant-admin…',
    keyPattern: /^sk-ant-admin/,
    reads: "An Anthropic Admin key can read and change your whole organisation: members, invites, workspaces, API keys, usage and cost. Token Tier only reads the Messages usage report with it.",
  },
  'openai-usage': {
    label: 'OpenAI — Usage API',
    detail: 'Per user and day: API tokens per model (API-key usage only, not ChatGPT or Codex seats).',
    keyHint: 'sk-admin-…',
    keyPattern: /^sk-admin-/,
    reads: 'An OpenAI Admin key can read and change your whole organisation: users, projects, API keys, usage, costs and audit logs. Token Tier only reads the completions usage report with it.',
  },
};

/** One sentence per failure, saying what to do (the client's `OrgApiError.kind`). */
export function orgErrorText(kind: OrgErrorKind, provider: ConnectableProvider): string {
  const info = PROVIDER_INFO[provider];
  switch (kind) {
    case 'wrong-key-type':
      return `That is not an admin key. ${info.label} needs an Admin key (${info.keyHint}), created by an organisation admin in the provider's console.`;
    case 'missing-scope':
      return 'The key works but lacks the scope this report needs (Anthropic: org:admin; OpenAI: api.usage.read). Create a key with read access to usage.';
    case 'not-admin':
      return "The key belongs to someone who is not an organisation admin (or Owner), so the usage report refuses it. Ask an admin for a key.";
    case 'rejected':
      return 'The provider rejected the key (revoked, mistyped, or from another organisation).';
    case 'rate-limited':
      return 'The provider is rate-limiting this organisation; try again in a minute.';
    case 'unavailable':
      return 'The provider is having trouble (it answered with a server error several times); the last data stays shown. Try again later.';
    case 'network':
      return "The provider could not be reached (offline, proxy or firewall). Nothing was stored; try again when you're online.";
    case 'bad-response':
      return "The provider's answer was not what its documentation describes; see the Token Tier log.";
    case 'insecure-url':
      return 'The org usage API address (setting tokenTier.org.baseUrl) must start with https:// (plain http:// only to this machine): the admin key is sent there. Nothing was sent.';
  }
}
