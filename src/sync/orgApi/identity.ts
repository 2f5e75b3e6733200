import type { OrgActor, OrgProvider } from './types';

/**
 * How an org API actor is named for matching to a person — the one definition the backend's
 * connectors (server/src/connectors/identities.ts) and the extension's team view share. Emails and
 * GitHub logins are lower-cased (both are case-insensitive upstream); ids and key names are kept as sent.
 */

/** The kinds of identity `link-identity --kind` accepts. */
export const IDENTITY_KINDS = ['email', 'openai-user', 'anthropic-account', 'github-login', 'github-user', 'api-key-name', 'api-key-id'] as const;
/** One of IDENTITY_KINDS. */
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** The identities an actor offers, most specific first. */
export function actorKeys(provider: OrgProvider, a: OrgActor): Array<[IdentityKind, string]> {
  const keys: Array<[IdentityKind, string]> = [];
  if (a.email) keys.push(['email', a.email.toLowerCase()]);
  if (a.userId) keys.push([provider === 'openai-usage' ? 'openai-user' : provider === 'github-copilot' ? 'github-user' : 'anthropic-account', a.userId]);
  if (a.login) keys.push(['github-login', a.login.toLowerCase()]);
  if (a.apiKeyName) keys.push(['api-key-name', a.apiKeyName]);
  if (a.apiKeyId) keys.push(['api-key-id', a.apiKeyId]);
  return keys;
}

