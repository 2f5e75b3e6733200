import type { z } from 'zod';
import { OrgApiError } from './types';
import type { OrgClientOptions } from './types';
import { insecureUrlReason } from '../../shared/secureUrl';

/**
 * The one HTTP path every org usage client takes: retries 429 (honouring `Retry-After`, seconds
 * or an HTTP date, RFC 9110 §10.2.3) and 5xx / network failures with capped exponential backoff,
 * then validates the body with zod. A failure ends as an OrgApiError, never a crash, and no message
 * ever carries the key.
 */

/** How a provider turns a non-2xx answer into a kind the user can act on. */
export type ErrorClassifier = (status: number, body: unknown, headers: Headers) => OrgApiError | undefined;

/** What one request needs beyond the client's options. */
export interface RequestSpec<T> {
  url: URL | string;
  headers: Record<string, string>;
  schema: z.ZodType<T>;
  /** Names the API in messages ("Claude Code Analytics"). */
  api: string;
  classify: ErrorClassifier;
  /** Parse the body as NDJSON (one JSON value a line) instead of JSON. */
  ndjson?: boolean;
  /** A provider's own way of saying "rate limited" besides 429 (GitHub: 403 with `x-ratelimit-remaining: 0`). */
  rateLimited?: (status: number, headers: Headers) => boolean;
}

/** Retries after the first try when OrgClientOptions.maxRetries is not set. */
export const DEFAULT_MAX_RETRIES = 4;
/** First backoff step; doubles each retry. */
export const BACKOFF_BASE_MS = 1_000;
/** No single wait is longer than this, whatever Retry-After asks (beyond it we give up and say so). */
export const MAX_WAIT_MS = 120_000;
/** A request that has not answered in this long is abandoned (and retried like a network failure). */
export const DEFAULT_TIMEOUT_MS = 60_000;

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Removes the key from any text that may reach a log or an error message. */
export function redact(text: string, key: string): string {
  return key.length >= 4 ? text.split(key).join('[key]') : text;
}

function backoff(attempt: number): number {
  return Math.min(MAX_WAIT_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

async function readBody(res: Response, ndjson: boolean | undefined): Promise<unknown> {
  const text = await res.text();
  if (!ndjson) return JSON.parse(text);
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

/** GETs one URL with retries and returns its validated body; throws OrgApiError. */
export async function getJson<T>(opts: OrgClientOptions, spec: RequestSpec<T>): Promise<T> {
  const fetchImpl = opts.fetchImpl ?? fetch;
  const sleep = opts.sleep ?? realSleep;
  const maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
  const where = new URL(spec.url).pathname;
  const insecure = insecureUrlReason(String(spec.url));
  // The admin key can read the whole organisation: never over plain http to another machine.
  if (insecure) throw new OrgApiError('insecure-url', `${spec.api}: not sent: the org usage API address (setting tokenTier.org.baseUrl) ${insecure}`);
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetchImpl(spec.url, { headers: spec.headers, redirect: 'follow', signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
    } catch (e) {
      if (attempt < maxRetries) {
        await sleep(backoff(attempt));
        continue;
      }
      // Node's fetch says only "fetch failed"; the cause names it (ECONNREFUSED, ENOTFOUND, a TLS error).
      const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
      const why = (e as Error).name === 'TimeoutError' ? `no answer in ${(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s` : [(e as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
      throw new OrgApiError('network', `${spec.api}: could not reach ${new URL(spec.url).host} (${redact(why, opts.key)})`);
    }
    if (res.ok) {
      let body: unknown;
      try {
        body = await readBody(res, spec.ndjson);
      } catch {
        throw new OrgApiError('bad-response', `${spec.api}: ${where} answered ${res.status} with a body that is not ${spec.ndjson ? 'NDJSON' : 'JSON'}`, res.status);
      }
      const parsed = spec.schema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new OrgApiError('bad-response', `${spec.api}: ${where} answered in an unexpected shape (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`, res.status);
      }
      return parsed.data;
    }
    const limited = res.status === 429 || (spec.rateLimited?.(res.status, res.headers) ?? false);
    if ((limited || res.status >= 500) && attempt < maxRetries) {
      const now = (opts.now ?? Date.now)();
      // GitHub's primary limit names the reset instant (Unix seconds) instead of Retry-After.
      const reset = Number(res.headers.get('x-ratelimit-reset'));
      const asked = parseRetryAfter(res.headers.get('retry-after'), now) ?? (limited && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined);
      if (asked !== undefined && asked > MAX_WAIT_MS) {
        throw new OrgApiError('rate-limited', `${spec.api}: rate limited; the API asks to wait ${Math.round(asked / 1000)} s, longer than ${MAX_WAIT_MS / 1000} s — try again later`, res.status);
      }
      await res.body?.cancel();
      await sleep(asked ?? backoff(attempt));
      continue;
    }
    const tries = attempt + 1;
    if (limited) throw new OrgApiError('rate-limited', `${spec.api}: still rate limited (${res.status}) after ${tries} tries — try again later`, res.status);
    let body: unknown;
    try {
      body = JSON.parse(await res.text());
    } catch {
      body = undefined;
    }
    const known = spec.classify(res.status, body, res.headers);
    if (known) throw new OrgApiError(known.kind, redact(`${spec.api}: ${known.message}`, opts.key), res.status);
    if (res.status >= 500) throw new OrgApiError('unavailable', `${spec.api}: ${where} failed with ${res.status} after ${tries} tries — the provider is having trouble; try again later`, res.status);
    throw new OrgApiError('rejected', `${spec.api}: ${where} answered ${res.status}`, res.status);
  }
}

/**
 * Follows a cursor until the API says it is done. `next` returns the following cursor or
 * undefined; a repeated cursor is an error (a loop would otherwise never end).
 */
export async function collectPages<P>(fetchPage: (cursor: string | undefined) => Promise<P>, next: (page: P) => string | undefined, api: string): Promise<P[]> {
  const pages: P[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    pages.push(page);
    cursor = next(page);
    if (cursor !== undefined) {
      if (seen.has(cursor)) throw new OrgApiError('bad-response', `${api}: the API returned the same page cursor twice`);
      seen.add(cursor);
    }
  } while (cursor !== undefined);
  return pages;
}
