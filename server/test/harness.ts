import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { openDb } from '../src/db/db';
import type { Db } from '../src/db/db';
import { createApp } from '../src/http/app';
import { startPostgres } from './pgServer';

export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/** A running backend on loopback over a fresh database of one engine. */
export interface Backend {
  db: Db;
  url: string;
  /** PostgreSQL only: the database's URL, for a second pool (a second server's view). */
  databaseUrl?: string;
  server: Server;
  close(): Promise<void>;
}

let pg: Awaited<ReturnType<typeof startPostgres>> | undefined;
let pgDbs = 0;

export async function startBackend(engine: Engine, now?: () => number): Promise<Backend> {
  let db: Db;
  let cleanup = async () => undefined as void;
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    pg ??= await startPostgres();
    const name = `tt_${process.pid}_${++pgDbs}`;
    const admin = await openDb({ databaseUrl: pg.url, sqlitePath: '' });
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    databaseUrl = pg.url.replace(/\/postgres$/, `/${name}`);
    db = await openDb({ databaseUrl, sqlitePath: '' });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-sqlite-'));
    db = await openDb({ sqlitePath: path.join(dir, 'team.db') });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const server = createApp({ db, webDir: path.resolve('server/dist/server-web'), now });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    db,
    databaseUrl,
    server,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await db.close();
      await cleanup();
    },
  };
}

/** Stops the shared PostgreSQL server (call once, after all suites). */
export function stopPostgres(): void {
  pg?.stop();
  pg = undefined;
}

export async function call(b: Backend, method: string, url: string, token: string | undefined, body?: unknown, opts: { gzip?: boolean; raw?: Buffer | string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: Buffer | string | undefined = opts.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (opts.gzip && payload !== undefined) {
    payload = gzipSync(payload);
    headers['content-encoding'] = 'gzip';
  }
  const res = await fetch(b.url + url, { method, headers, body: typeof payload === "string" ? payload : payload && new Uint8Array(payload) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  return { status: res.status, json };
}

/** Sends bytes as they are (no client library in between) and returns the status line's code and the body. */
export function rawRequest(b: Backend, bytes: string | Buffer): Promise<{ status: number; body: string }> {
  const { port } = new URL(b.url);
  return new Promise((resolve) => {
    const s = net.connect(Number(port), '127.0.0.1');
    let data = '';
    s.on('data', (d) => (data += d));
    s.on('error', () => undefined);
    s.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), body: data.split('\r\n\r\n').slice(1).join('\r\n\r\n') }));
    s.end(bytes);
  });
}
