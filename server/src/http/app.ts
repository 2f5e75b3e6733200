import * as http from 'node:http';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Db } from '../db/db';
import { authenticate } from '../auth';
import type { Caller } from '../auth';
import { HttpError, readJson } from './body';
import { deleteOwn, ingest } from '../api/ingest';
import { me } from '../api/me';
import { teamSummary } from '../api/summary';
import { adminAddPerson, adminListPeople, adminPatchTeam } from '../api/admin';
import { dashboardHtml } from './pages';

export interface AppOptions {
  db: Db;
  /** Folder with the built dashboard script (dist/server-web). */
  webDir: string;
  now?: () => number;
  log?: (line: string) => void;
}

type Handler = (ctx: { caller: Caller; body: () => Promise<unknown>; now: number }) => Promise<unknown>;

/** The team backend's HTTP API and pages; every error is JSON `{error, reason}`. */
export function createApp(o: AppOptions): http.Server {
  const api: Record<string, Handler> = {
    'POST /api/v1/usage/daily': async ({ caller, body, now }) => ingest(o.db, caller, await body(), now),
    'DELETE /api/v1/usage': async ({ caller }) => deleteOwn(o.db, caller),
    'GET /api/v1/me': async ({ caller, now }) => me(o.db, caller, now),
    'GET /api/v1/team/summary': async ({ caller, now }) => teamSummary(o.db, caller, now),
    'GET /api/v1/admin/people': async ({ caller }) => adminListPeople(o.db, caller),
    'POST /api/v1/admin/people': async ({ caller, body }) => adminAddPerson(o.db, caller, await body()),
    'PATCH /api/v1/admin/team': async ({ caller, body }) => adminPatchTeam(o.db, caller, await body()),
  };
  return http.createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const key = `${req.method} ${url.pathname}`;
    try {
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/dashboard')) {
        return send(res, 200, dashboardHtml(), 'text/html; charset=utf-8', { 'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'" });
      }
      if (req.method === 'GET' && /^\/static\/dashboard\.(js|css)$/.test(url.pathname)) {
        const file = path.join(o.webDir, path.basename(url.pathname));
        return send(res, 200, fs.readFileSync(file), url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css');
      }
      if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, JSON.stringify({ ok: true, db: o.db.kind }), 'application/json');
      const handler = api[key];
      if (!handler) throw new HttpError(404, 'not_found', `no route ${key}`);
      const caller = await authenticate(o.db, req.headers.authorization);
      if (!caller) throw new HttpError(401, 'unauthorized', 'missing or unknown bearer token', { 'www-authenticate': 'Bearer' });
      const result = await handler({ caller, body: () => readJson(req), now: o.now?.() ?? Date.now() });
      send(res, 200, JSON.stringify(result), 'application/json');
    } catch (e) {
      const err = e instanceof HttpError ? e : new HttpError(500, 'internal', 'internal error');
      if (!(e instanceof HttpError)) o.log?.(`500 ${key}: ${(e as Error).stack}`);
      // Drain what the client still sends, so it reads our answer instead of a reset.
      req.resume();
      send(res, err.status, JSON.stringify({ error: err.code, reason: err.message }), 'application/json', err.headers);
    } finally {
      o.log?.(`${res.statusCode} ${key} ${Date.now() - started} ms`);
    }
  });
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}
