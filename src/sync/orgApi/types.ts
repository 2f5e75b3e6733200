/**
 * The contract every org usage API client keeps (Anthropic Claude Code Analytics, Anthropic
 * Messages usage report, OpenAI Usage API, GitHub Copilot usage metrics). One client per API,
 * used by both the team backend's connectors (server/) and the extension's serverless team view,
 * so paging, rate limits and revised days are handled once. See ../shared/reference/org-usage-apis.md.
 */

/** Which org API a row came from. */
export type OrgProvider = 'anthropic-claude-code' | 'anthropic-messages' | 'openai-usage' | 'github-copilot';

/** Who the provider says did the work; which fields are present depends on the provider. */
export interface OrgActor {
  email?: string;
  /** Provider user id (OpenAI `user_id`, GitHub user id). */
  userId?: string;
  /** GitHub login. */
  login?: string;
  apiKeyId?: string;
  apiKeyName?: string;
}

/** One provider-reported day for one actor, agent and model: the four token classes. */
export interface OrgUsageRow {
  provider: OrgProvider;
  /** UTC day, YYYY-MM-DD (every one of these APIs buckets by UTC day). */
  date: string;
  actor: OrgActor;
  /** Token Tier agent id ('claude-code', 'codex', 'copilot-cli', …) or 'api' when the provider can't tell. */
  agent: string;
  model: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/**
 * Why a request failed, in terms a user can act on. `network`: the provider could not be reached;
 * `unavailable`: it answered 5xx through every retry; `rate-limited`: 429 through every retry (or a
 * Retry-After too long to wait); `bad-response`: a body not in the documented shape, or a page missing.
 */
export type OrgErrorKind = 'wrong-key-type' | 'missing-scope' | 'not-admin' | 'rejected' | 'rate-limited' | 'network' | 'unavailable' | 'bad-response' | 'insecure-url';

/** A failed org API request; `kind` says what the user can do about it, `message` never carries the key. */
export class OrgApiError extends Error {
  constructor(
    readonly kind: OrgErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** What every client is constructed with; only `key` is required. */
export interface OrgClientOptions {
  /** Production base URL by default; a local fake in tests. */
  baseUrl?: string;
  /** The admin key / token. Never logged, never persisted by the client. */
  key: string;
  fetchImpl?: typeof fetch;
  /** Injected so tests of backoff don't wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Retries on 429/5xx before giving up (honouring Retry-After). */
  maxRetries?: number;
  /** Per request; a request without an answer by then is retried like a network failure. Default 60 s. */
  timeoutMs?: number;
  log?: (line: string) => void;
  /** The clock (tests pin it): reads an HTTP-date Retry-After and tells recent days from old ones. */
  now?: () => number;
}

/** One org usage API: a key check and a complete fetch of UTC days. */
export interface OrgUsageClient {
  readonly provider: OrgProvider;
  /** One small request that proves the key works; throws OrgApiError with a specific kind. */
  checkKey(): Promise<void>;
  /** Every row for the UTC days from..to inclusive, all pages. Throws OrgApiError; never returns a partial set silently. */
  fetchDays(from: string, to: string): Promise<OrgUsageRow[]>;
}
