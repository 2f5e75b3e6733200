import * as z from 'zod';
import { OrgApiError } from './types';
import type { ErrorClassifier } from './http';

/**
 * What both Anthropic Admin API clients share: the headers, the key check and the error mapping.
 * Follows ../shared/reference/org-usage-apis.md §1.1 (https://platform.claude.com/docs/en/manage-claude/admin-api).
 */

/** Production base URL of the Anthropic Admin API. */
export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

/** The headers of every Admin API request (the docs ask integrations for a descriptive User-Agent). */
export function anthropicHeaders(key: string): Record<string, string> {
  return { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'user-agent': 'token-tier/0.1 (org usage connector)' };
}

/**
 * Refuses, before any request, a key that cannot be an Admin key: a standard API key
 * (`sk-ant-api…`) is workspace-scoped and the Admin API rejects it. Admin keys start
 * `sk-ant-admin…`; OAuth tokens with the `org:admin` scope (`sk-ant-oat…`) are accepted too.
 */
export function checkAnthropicKeyShape(key: string): void {
  if (key.startsWith('sk-ant-api')) {
    throw new OrgApiError(
      'wrong-key-type',
      'This is a standard Anthropic API key (sk-ant-api…). The usage reports need an Admin key (sk-ant-admin…), which an organisation admin creates in Console → Settings → Admin keys.',
    );
  }
}

/** Anthropic's documented error body: `{type:"error", error:{type, message}}`. */
const ErrorBody = z.object({ error: z.object({ type: z.string(), message: z.string() }) });

/** 401 → the key is wrong (or not an Admin key); 403 → a missing scope or not an admin. */
export const classifyAnthropicError: ErrorClassifier = (status, body) => {
  const parsed = ErrorBody.safeParse(body);
  const said = parsed.success ? parsed.data.error.message : '';
  if (status === 401) {
    return new OrgApiError('rejected', `the key was rejected (401${said ? `: ${said}` : ''}). Use an Admin key (sk-ant-admin…) that has not been revoked.`);
  }
  if (status === 403) {
    if (/scope/i.test(said)) return new OrgApiError('missing-scope', `the token lacks a scope the usage report needs (403: ${said}). An OAuth token needs org:admin.`);
    return new OrgApiError('not-admin', `the key may not read the organisation's usage (403${said ? `: ${said}` : ''}). Only members with the admin role can create Admin keys; workspace-scoped keys are refused.`);
  }
  if (status === 404) return new OrgApiError('rejected', `not found (404${said ? `: ${said}` : ''}). The Claude Code Analytics API is not available on Claude Platform on AWS.`);
  if (status === 400) return new OrgApiError('rejected', `the request was refused (400${said ? `: ${said}` : ''})`);
  return undefined;
};
