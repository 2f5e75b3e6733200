import { gzipSync } from 'node:zlib';
import type { ClearedDay, UsageRow } from '../shared/teamApi';
import { IngestResultSchema, MeResponseSchema } from '../shared/teamApi';
import type { MeResponse } from '../shared/teamApi';
import { plainText } from '../shared/plainText';
import { insecureUrlReason } from '../shared/secureUrl';

/** How a send went: only `offline` and `retry` are worth trying again unchanged. */
export type SendOutcome =
  | { ok: true }
  | { ok: false; kind: 'offline' | 'retry'; message: string; retryAfterMs?: number }
  | { ok: false; kind: 'auth' | 'rejected'; message: string };

const TIMEOUT_MS = 15_000;

/** The team backend's HTTP API, as the extension uses it (gzip, bearer token, typed answers). */
export class TeamClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = fetch,
    /** This machine's host key (`hostKey` in core/hostKey.ts), sent with each report; never the name. */
    private readonly host?: string,
  ) {}

  /** Sends whole days: each (device, date) in `rows` or `cleared` replaces what the backend had for it. */
  async postRows(rows: UsageRow[], cleared: ClearedDay[] = []): Promise<SendOutcome> {
    const insecure = this.insecure();
    if (insecure) return { ok: false, kind: 'rejected', message: insecure };
    const body = gzipSync(JSON.stringify({ rows, ...(cleared.length ? { cleared } : {}), ...(this.host ? { host: this.host } : {}) }));
    let res: Response;
    try {
      res = await this.fetchImpl(joinUrl(this.baseUrl, 'api/v1/usage/daily'), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      return { ok: false, kind: 'offline', message: `backend unreachable (${plainText(String((e as Error).cause ?? (e as Error).message))})` };
    }
    const text = await res.text().catch(() => '');
    if (res.ok) {
      const parsed = IngestResultSchema.safeParse(safeJson(text));
      if (parsed.success && parsed.data.accepted === rows.length) return { ok: true };
      return { ok: false, kind: 'retry', message: `backend answered ${res.status} with an unexpected body: ${plainText(text, 120)}` };
    }
    const reason = reasonOf(text);
    if (res.status === 401 || res.status === 403) return { ok: false, kind: 'auth', message: `backend refused the token (${res.status}): ${reason}` };
    if (res.status === 429 || res.status >= 500) return { ok: false, kind: 'retry', message: `backend busy (${res.status}): ${reason}`, retryAfterMs: retryAfter(res.headers.get('retry-after')) };
    return { ok: false, kind: 'rejected', message: `backend rejected the report (${res.status}): ${reason}` };
  }

  /** The token goes only over https, or plain http to this machine. */
  private insecure(): string | undefined {
    const why = insecureUrlReason(this.baseUrl);
    return why ? `not sent: the team URL (setting tokenTier.team.url) ${why}` : undefined;
  }

  private refuseInsecure(): void {
    const why = this.insecure();
    if (why) throw new Error(why);
  }

  /** What the organisation knows about this developer; throws with a readable message. */
  async me(): Promise<MeResponse> {
    this.refuseInsecure();
    const res = await this.fetchImpl(joinUrl(this.baseUrl, 'api/v1/me'), { headers: { authorization: `Bearer ${this.token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await res.text();
    if (!res.ok) throw new Error(`backend answered ${res.status}: ${reasonOf(text)}`);
    const data = safeJson(text);
    const parsed = MeResponseSchema.safeParse(data);
    if (!parsed.success) throw new Error(`backend answered /me with an unexpected shape (${parsed.error.issues[0]?.path.join('.')})`);
    return parsed.data;
  }

  async deleteMine(): Promise<number> {
    this.refuseInsecure();
    const res = await this.fetchImpl(joinUrl(this.baseUrl, 'api/v1/usage'), { method: 'DELETE', headers: { authorization: `Bearer ${this.token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await res.text();
    if (!res.ok) throw new Error(`backend answered ${res.status}: ${reasonOf(text)}`);
    const data = safeJson(text) as { deleted?: number } | undefined;
    return Number(data?.deleted ?? 0);
  }
}

/**
 * An API path under the configured base, sub-path kept: `https://corp/token-tier` and
 * `https://corp/token-tier/` both give `https://corp/token-tier/api/v1/…` (a leading `/` in
 * `new URL(path, base)` would drop the base's path).
 */
export function joinUrl(base: string, apiPath: string): string {
  const u = new URL(base);
  u.search = '';
  u.hash = '';
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return new URL(apiPath.replace(/^\/+/, ''), u).toString();
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `Retry-After` in seconds or as an HTTP date. */
export function retryAfter(v: string | null, now = Date.now()): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/**
 * The backend's `reason` (or the start of its body), as plain text: it reaches notifications and
 * the badge's tooltip, where a `[label](command:…)` would otherwise be a live link.
 */
function reasonOf(body: string): string {
  const reason = (safeJson(body) as { reason?: unknown } | undefined)?.reason;
  return plainText(reason ?? body, 200) || 'no reason';
}

/** What checking a team token against the backend's `/me` found. */
export type TokenCheck =
  | { ok: true; me: MeResponse }
  | { ok: false; kind: 'refused' | 'unreachable' | 'insecure' | 'bad-response'; message: string };

/**
 * Asks `/me` with `token` before it is kept (Set Team Token): whose token it is and on which team,
 * or — as plain text — why the backend refused it, that it could not be reached, or that the URL
 * is not one a token may be sent to.
 */
export async function checkTeamToken(url: string, token: string, fetchImpl: typeof fetch = fetch): Promise<TokenCheck> {
  const insecure = insecureUrlReason(url);
  if (insecure) return { ok: false, kind: 'insecure', message: `the team URL ${insecure}` };
  let res: Response;
  try {
    res = await fetchImpl(joinUrl(url, 'api/v1/me'), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    return { ok: false, kind: 'unreachable', message: `${new URL(url).host} could not be reached (${plainText(String((e as Error).cause ?? (e as Error).message), 120)})` };
  }
  const text = await res.text().catch(() => '');
  if (res.status === 401 || res.status === 403) return { ok: false, kind: 'refused', message: `${new URL(url).host} refused the token (${res.status}: ${reasonOf(text)})` };
  if (!res.ok) return { ok: false, kind: 'unreachable', message: `${new URL(url).host} answered ${res.status} (${reasonOf(text)})` };
  const parsed = MeResponseSchema.safeParse(safeJson(text));
  if (!parsed.success) return { ok: false, kind: 'bad-response', message: `${new URL(url).host} did not answer like a Token Tier team backend` };
  return { ok: true, me: parsed.data };
}
