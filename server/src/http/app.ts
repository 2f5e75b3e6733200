import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Db } from '../db/db';
import { authenticate } from '../auth';
import type { Caller } from '../auth';
import { HttpError, readJson } from './body';
import { deleteOwn, ingest } from '../api/ingest';
import { me } from '../api/me';
import { teamSummary } from '../api/summary';
import { adminAddPerson, adminAddSubteam, adminAssign, adminListPeople, adminListSubteams, adminPatchTeam } from '../api/admin';
import { adminIssueToken, adminListTokens, adminRemovePerson, adminRevokeToken } from '../api/tokens';
import { dashboardHtml, FAVICON_SVG } from './pages';
import { handleOtlpMetrics } from '../otlp/route';

export interface AppOptions {
  db: Db;
  /** Folder with the built dashboard script (server/dist/server-web). */
  webDir: string;
  now?: () => number;
  log?: (entry: LogEntry) => void;
}

/** A structured log line: what happened, and for requests the method, path (no query), status and time. */
export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  method?: string;
  path?: string;
  status?: number;
  ms?: number;
  error?: string;
}

type Handler = (ctx: { caller: Caller; body: () => Promise<unknown>; now: number; query: URLSearchParams; id: number; param: string }) => Promise<unknown>;

/** A route: who may call it (checked before its body is read) and what it does. */
interface Route {
  role: Caller['role'];
  handle: Handler;
}

/**
 * Routes with one path parameter: `/api/v1/admin/people/12` is `…/people/:id` (a positive id),
 * `/api/v1/admin/tokens/0123456789ab` is `…/tokens/:id` (a token id, checked by its handler).
 */
const PARAM_ROUTE = /^(\/api\/v1\/admin\/(?:people|tokens))\/([^/]+)$/;

const ROLE_REFUSAL: Record<Caller['role'], string> = { member: 'this needs a developer token', admin: 'this needs an admin token' };

/** The team backend's HTTP API and pages; every error is JSON `{error, reason}`. */
export function createApp(o: AppOptions): http.Server {
  const api: Record<string, Route> = {
    'POST /api/v1/usage/daily': { role: 'member', handle: async ({ caller, body, now }) => ingest(o.db, caller, await body(), now) },
    'DELETE /api/v1/usage': { role: 'member', handle: async ({ caller }) => deleteOwn(o.db, caller) },
    'GET /api/v1/me': { role: 'member', handle: async ({ caller, now }) => me(o.db, caller, now) },
    'GET /api/v1/team/summary': { role: 'admin', handle: async ({ caller, now, query }) => teamSummary(o.db, caller, now, query) },
    'GET /api/v1/admin/teams': { role: 'admin', handle: async ({ caller }) => adminListSubteams(o.db, caller) },
    'POST /api/v1/admin/teams': { role: 'admin', handle: async ({ caller, body }) => adminAddSubteam(o.db, caller, await body()) },
    'PATCH /api/v1/admin/people/:id': { role: 'admin', handle: async ({ caller, body, id }) => adminAssign(o.db, caller, id, await body()) },
    'GET /api/v1/admin/people': { role: 'admin', handle: async ({ caller }) => adminListPeople(o.db, caller) },
    'POST /api/v1/admin/people': { role: 'admin', handle: async ({ caller, body }) => adminAddPerson(o.db, caller, await body()) },
    'PATCH /api/v1/admin/team': { role: 'admin', handle: async ({ caller, body }) => adminPatchTeam(o.db, caller, await body()) },
    'DELETE /api/v1/admin/people/:id': { role: 'admin', handle: async ({ caller, id, query }) => adminRemovePerson(o.db, caller, id, query) },
    'GET /api/v1/admin/tokens': { role: 'admin', handle: async ({ caller }) => adminListTokens(o.db, caller) },
    'POST /api/v1/admin/tokens': { role: 'admin', handle: async ({ caller, body }) => adminIssueToken(o.db, caller, await body()) },
    'DELETE /api/v1/admin/tokens/:id': { role: 'admin', handle: async ({ caller, param }) => adminRevokeToken(o.db, caller, param) },
  };
  // HTTP/1.1 asks for Host, but Node's own refusal would be an empty 400: this API needs no Host, so
  // it answers. Headers are bounded by their bytes (16 KiB), not by a count that drops the rest.
  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false, requestTimeout: 60_000 }, async (req, res) => {
    const started = Date.now();
    let key = `${req.method} ${req.url}`;
    let pathname = '';
    try {
      // A request target that is not a URL (`GET http://[`) is the client's mistake, answered here.
      const url = parseTarget(req.url);
      pathname = url.pathname;
      const idMatch = PARAM_ROUTE.exec(pathname);
      key = idMatch ? `${req.method} ${idMatch[1]}/:id` : `${req.method} ${pathname}`;
      const param = idMatch?.[2] ?? '';
      const id = idMatch && /^[1-9]\d{0,15}$/.test(param) ? Number(param) : idMatch?.[1]?.endsWith('/people') ? -1 : 0;
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/dashboard')) {
        return send(res, 200, dashboardHtml(), 'text/html; charset=utf-8', { 'content-security-policy': DASHBOARD_CSP });
      }
      if (req.method === 'GET' && (url.pathname === '/favicon.ico' || url.pathname === '/static/favicon.svg')) return send(res, 200, FAVICON_SVG, 'image/svg+xml');
      if (req.method === 'GET' && /^\/static\/dashboard\.(js|css)$/.test(url.pathname)) {
        const file = path.join(o.webDir, path.basename(url.pathname));
        return send(res, 200, fs.readFileSync(file), url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css');
      }
      if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, JSON.stringify({ ok: true, db: o.db.kind }), 'application/json');
      // Ready = the database answers (a load balancer sends traffic only then); alive = /healthz.
      if (req.method === 'GET' && url.pathname === '/readyz') {
        const ok = await ready(o.db);
        return send(res, ok ? 200 : 503, JSON.stringify(ok ? { ready: true, db: o.db.kind } : { ready: false, db: o.db.kind, reason: 'the database does not answer' }), 'application/json');
      }
      // OTLP/HTTP has its own encodings for answers and errors (server/src/otlp/route.ts).
      if (pathname === '/v1/metrics') {
        const a = await handleOtlpMetrics(o.db, req, o.now?.() ?? Date.now());
        if (a.status >= 400) req.resume();
        return send(res, a.status, a.body, a.type, a.headers);
      }
      const route = api[key];
      if (!route || id < 0) throw new HttpError(404, 'not_found', `no route ${req.method} ${pathname}`);
      const caller = await authenticate(o.db, req.headers.authorization);
      if (!caller) throw new HttpError(401, 'unauthorized', 'missing or unknown bearer token', { 'www-authenticate': 'Bearer' });
      if (caller.role !== route.role) throw new HttpError(403, 'forbidden', ROLE_REFUSAL[route.role]);
      const result = await route.handle({ caller, body: () => readJson(req), now: o.now?.() ?? Date.now(), query: url.searchParams, id, param });
      send(res, 200, JSON.stringify(result), 'application/json');
    } catch (e) {
      // A client that hangs up mid-body is not the server's error: nothing to answer, nothing to log loudly.
      if (!res.socket || res.socket.destroyed || (e as NodeJS.ErrnoException).code === 'ECONNRESET') {
        o.log?.({ level: 'info', msg: 'aborted by the client', method: req.method, path: pathname });
        return;
      }
      const err = e instanceof HttpError ? e : conflict(e) ?? new HttpError(500, 'internal', 'internal error');
      if (err.status === 500) o.log?.({ level: 'error', msg: 'internal error', method: req.method, path: pathname, error: (e as Error).stack });
      // Drain what the client still sends, so it reads our answer instead of a reset.
      req.resume();
      send(res, err.status, JSON.stringify({ error: err.code, reason: err.message }), 'application/json', err.headers);
    } finally {
      o.log?.({ level: res.statusCode >= 500 ? 'error' : 'info', msg: 'request', method: req.method, path: pathname, status: res.statusCode, ms: Date.now() - started });
    }
  });
  server.maxHeadersCount = 0;
  server.on('clientError', refuseClient);
  // CONNECT (a proxy tunnel) is not ours to serve; without a listener Node would drop the socket silently.
  server.on('connect', (_req: http.IncomingMessage, socket: Duplex) => refuseWith(socket, 405, 'method_not_allowed', 'CONNECT is not supported'));
  return server;
}

async function ready(db: Db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([db.all('SELECT 1').then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 2000)))]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Headers above this are refused with 431 (Node's own default is 16 KiB). */
const MAX_HEADER_BYTES = 16 * 1024;

function parseTarget(target: string | undefined): URL {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    throw new HttpError(400, 'bad_request', 'the request target is not a valid path');
  }
}

/** A unique key violated by a concurrent request (the same email added twice at once): 409, not 500. */
function conflict(e: unknown): HttpError | undefined {
  const err = e as { code?: string; message?: string };
  const unique = err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  return unique ? new HttpError(409, 'exists', 'that already exists (created by another request just now)') : undefined;
}

/**
 * What Node's HTTP parser refuses before a handler runs (oversized headers, malformed requests)
 * still gets a JSON reason, then the connection closes.
 */
function refuseClient(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, reason] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', `request headers over ${MAX_HEADER_BYTES} bytes`]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'timeout', 'the request took too long']
        : [400, 'bad_request', `the request could not be parsed (${err.code ?? 'malformed'})`];
  refuseWith(socket, status, code, reason);
}

function refuseWith(socket: Duplex, status: number, code: string, reason: string): void {
  const body = JSON.stringify({ error: code, reason });
  const safe = Object.entries(SAFE_HEADERS).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${safe}connection: close\r\n\r\n${body}`);
}

/** The dashboard's policy: its own script and styles only, and no other site may frame it (clickjacking). */
const DASHBOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Sent with every answer, pages and API alike: nothing here may be framed by another page, in old
 * browsers (X-Frame-Options) and new (frame-ancestors); an answer that is not a page runs nothing.
 */
const SAFE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" };

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...SAFE_HEADERS, ...headers });
  res.end(body);
}
