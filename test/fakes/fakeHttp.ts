import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The plumbing every fake org API shares: a real `node:http` server on loopback, port 0, that
 * records each request and can be told to misbehave the way the real APIs do — rate limits with
 * Retry-After, 5xx, a page missing mid-way — before it answers from its data.
 */

/** One answer: status, headers and a JSON (or NDJSON text) body. */
export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/** A request the fake received (headers lower-cased, as node gives them). */
export interface FakeRequest {
  url: URL;
  headers: http.IncomingHttpHeaders;
}

/** A fault waiting for a request it matches; consumed when used. */
interface Fault {
  match: (r: FakeRequest) => boolean;
  answer: (r: FakeRequest) => FakeAnswer;
}

/** The controls every fake has. */
export interface FakeServer {
  /** `http://127.0.0.1:PORT`: the client's baseUrl. */
  readonly url: string;
  readonly requests: FakeRequest[];
  /** The next `times` API requests answer 429 with this Retry-After (seconds or an HTTP date) in the provider's error shape. */
  rateLimit(times: number, retryAfter: string): void;
  /** The next `times` API requests answer `status` (500, 503, 529…) in the provider's error shape. */
  failNext(times: number, status?: number): void;
  /** The next request for a later page (one carrying a page cursor, or a report's second file) answers `status`: a page missing mid-way. */
  failLaterPage(status: number): void;
  /** The next API request gets exactly this answer (a body not in the documented shape, say). */
  answerNext(answer: FakeAnswer): void;
  close(): Promise<void>;
}

/** What a provider's fake supplies: its error shape, what counts as "a later page", and its routes. */
export interface FakeProvider {
  errorBody(status: number, type: string, message: string): unknown;
  isLaterPage(r: FakeRequest): boolean;
  handle(r: FakeRequest, base: string): FakeAnswer;
}

/** Starts a fake on 127.0.0.1:0. */
export async function startFake(provider: FakeProvider): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const faults: Fault[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    const r: FakeRequest = { url: new URL(req.url ?? '/', base), headers: req.headers };
    requests.push(r);
    const i = faults.findIndex((f) => f.match(r));
    let a: FakeAnswer;
    try {
      a = i >= 0 ? faults.splice(i, 1)[0]!.answer(r) : provider.handle(r, base);
    } catch (e) {
      a = { status: 500, body: provider.errorBody(500, 'api_error', `fake crashed: ${(e as Error).message}`) };
    }
    const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(text);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const any = () => true;
  return {
    url: base,
    requests,
    rateLimit(times, retryAfter) {
      for (let k = 0; k < times; k++) faults.push({ match: any, answer: () => ({ status: 429, headers: { 'retry-after': retryAfter }, body: provider.errorBody(429, 'rate_limit_error', 'Rate limited. Please retry after the time in the retry-after header.') }) });
    },
    failNext(times, status = 500) {
      for (let k = 0; k < times; k++) faults.push({ match: any, answer: () => ({ status, body: provider.errorBody(status, status === 529 ? 'overloaded_error' : 'api_error', 'Internal server error') }) });
    },
    failLaterPage(status) {
      faults.push({ match: (r) => provider.isLaterPage(r), answer: () => ({ status, body: provider.errorBody(status, status === 404 ? 'not_found_error' : 'api_error', status === 404 ? 'Not Found' : 'Internal server error') }) });
    },
    answerNext(answer) {
      faults.push({ match: any, answer: () => answer });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** An opaque cursor, as the real APIs hand out (base64 of an offset). */
export const cursorFor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

/** The offset a cursor stands for; 0 for none; NaN for one this fake never issued. */
export function offsetOf(cursor: string | null): number {
  if (!cursor) return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : NaN;
}

/** Every UTC day from `from` up to, not including, `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, toExclusive: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t < Date.parse(`${toExclusive}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The UTC day after `day`. */
export const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Adds a live `rows` property (get and set go to `state`), so a test can revise the data between fetches. */
export function withRows<F extends object, R>(fake: F, state: { rows: R }): F & { rows: R } {
  return Object.defineProperty(fake, 'rows', { get: () => state.rows, set: (v: R) => void (state.rows = v), enumerable: true }) as F & { rows: R };
}
