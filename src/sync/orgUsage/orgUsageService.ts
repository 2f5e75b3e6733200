import * as fs from 'node:fs';
import * as path from 'node:path';
import { addDays } from '../../core/time';
import { Emitter } from '../../shared/emitter';
import type { Log } from '../../shared/emitter';
import { OrgApiError } from '../orgApi/types';
import type { OrgErrorKind, OrgProvider, OrgUsageClient, OrgUsageRow } from '../orgApi/types';

/**
 * The extension's side of the org usage APIs: the admin key (through `OrgSecrets`, i.e. VS Code's
 * SecretStorage, never anywhere else), a cache of the rows in global storage (so reopening is instant
 * and offline shows the last data with its age), and when to ask: while a view that shows the data
 * is visible, else once an hour. Paging, 429s and backoff are the clients' (src/sync/orgApi/).
 */

/** Where the key lives: SecretStorage, through the platform. */
export interface OrgSecrets {
  get(): Thenable<string | undefined>;
  store(key: string): Thenable<void>;
  delete(): Thenable<void>;
}

/** Which API is connected (not a secret: kept in globalState). */
export interface OrgConnection {
  provider: OrgProvider;
  since: string;
}

export interface OrgConnectionStore {
  connection(): OrgConnection | undefined;
  setConnection(c: OrgConnection | undefined): Thenable<void>;
}

/** The cached answer: every row of the UTC days `from`..`to`, as last fetched. */
export interface OrgCache {
  version: 1;
  provider: OrgProvider;
  from: string;
  to: string;
  /** When the last fetch succeeded (ms since epoch). */
  fetchedAt: number;
  rows: OrgUsageRow[];
}

/** What the views show: the rows (possibly old), their age, and what went wrong last. */
export interface OrgUsageState {
  connection: OrgConnection | undefined;
  cache: OrgCache | undefined;
  fetching: boolean;
  /** The last fetch's failure; the cached rows are still shown, with their age. `text`: what to tell the user, when the kind alone would mislead. */
  error: { kind: OrgErrorKind; message: string; text?: string } | undefined;
}

export interface OrgUsageDeps {
  secrets: OrgSecrets;
  store: OrgConnectionStore;
  /** A file in the extension's global storage. */
  cacheFile: string;
  clientFor: (provider: OrgProvider, key: string) => OrgUsageClient;
  /** UTC days fetched on the first fetch (the team view's curve starts at the first day with data). */
  historyDays: () => number;
  log: Log;
  now?: () => number;
}

/** The APIs revise recent days (Claude Code Analytics holds back the last hour): these are refetched every time. */
export const REFETCH_DAYS = 2;
/** Without a visible view, one fetch an hour. */
export const BACKGROUND_MS = 60 * 60_000;
/** A view that becomes visible asks again only if the data is older than this. */
export const VISIBLE_MS = 5 * 60_000;

export class OrgUsageService {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private cache: OrgCache | undefined;
  private error: OrgUsageState['error'];
  private inFlight: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly now: () => number;
  /** Bumped by connect and disconnect: a fetch that started before either is dropped, never saved. */
  private generation = 0;

  constructor(private readonly deps: OrgUsageDeps) {
    this.now = deps.now ?? Date.now;
    this.cache = this.load();
  }

  get state(): OrgUsageState {
    return { connection: this.deps.store.connection(), cache: this.cache, fetching: this.inFlight !== undefined, error: this.error };
  }

  /** The hourly background fetch (only while connected). */
  start(): void {
    this.timer ??= setInterval(() => void this.refresh(), BACKGROUND_MS);
  }

  /**
   * Checks the key with one small request, then keeps it in SecretStorage and starts the first
   * fetch (not awaited: `refresh()` returns it). Throws the client's `OrgApiError` (its `kind` says
   * what to tell the user); nothing is stored on failure.
   */
  async connect(provider: OrgProvider, key: string): Promise<void> {
    await this.deps.clientFor(provider, key).checkKey();
    await this.deps.secrets.store(key);
    this.generation++;
    await this.deps.store.setConnection({ provider, since: new Date(this.now()).toISOString() });
    if (this.cache && this.cache.provider !== provider) this.dropCache();
    this.error = undefined;
    this.deps.log.info('orgApi', `connected to ${provider} (key kept in VS Code's secret storage)`);
    this.changed.fire();
    // A fetch still running for the old connection is dropped when it ends; then this one starts.
    void (this.inFlight ?? Promise.resolve()).then(() => this.refresh(true));
  }

  /** Deletes the key, forgets the connection and the cached rows. */
  async disconnect(): Promise<void> {
    this.generation++;
    await this.deps.secrets.delete();
    await this.deps.store.setConnection(undefined);
    this.dropCache();
    this.error = undefined;
    this.deps.log.info('orgApi', 'disconnected: the key and the cached rows are deleted');
    this.changed.fire();
  }

  /** A view that shows org data became visible: fetch if the data is older than VISIBLE_MS. */
  visible(): Promise<void> {
    return this.refresh(false, VISIBLE_MS);
  }

  /**
   * Fetches what is missing plus the last REFETCH_DAYS days (revised by the APIs) and merges them
   * into the cache. `force` ignores the age; failures leave the cache as it was.
   */
  refresh(force = false, maxAge = BACKGROUND_MS - 60_000): Promise<void> {
    const conn = this.deps.store.connection();
    if (!conn) return Promise.resolve();
    if (!force && this.cache && this.now() - this.cache.fetchedAt < maxAge) return Promise.resolve();
    this.inFlight ??= this.fetch(conn).finally(() => {
      this.inFlight = undefined;
      this.changed.fire();
    });
    this.changed.fire();
    return this.inFlight;
  }

  private async fetch(conn: OrgConnection): Promise<void> {
    const generation = this.generation;
    const key = await this.deps.secrets.get();
    if (!key) {
      // code-server keeps secrets in memory only, and a new machine or profile has none.
      this.error = { kind: 'rejected', message: 'no key in secret storage', text: "The admin key is not in this editor's secret storage (a new machine, profile or browser session?). Run Token Tier: Connect an Org Usage API… again." };
      return;
    }
    const today = new Date(this.now()).toISOString().slice(0, 10);
    const first = addDays(today, -(Math.max(1, this.deps.historyDays()) - 1));
    const cached = this.cache?.provider === conn.provider && this.cache.from <= first ? this.cache : undefined;
    const from = cached ? maxDate(first, addDays(cached.to < today ? cached.to : today, -(REFETCH_DAYS - 1))) : first;
    try {
      const rows = await this.deps.clientFor(conn.provider, key).fetchDays(from, today);
      if (generation !== this.generation) return; // disconnected or reconnected meanwhile: never saved
      const kept = cached ? cached.rows.filter((r) => r.date >= first && r.date < from) : [];
      this.cache = { version: 1, provider: conn.provider, from: first, to: today, fetchedAt: this.now(), rows: [...kept, ...rows] };
      this.error = undefined;
      this.save();
      this.deps.log.info('orgApi', `${conn.provider}: ${rows.length} rows for ${from}..${today} (${this.cache.rows.length} cached)`);
    } catch (e) {
      if (generation !== this.generation) return;
      const err = e instanceof OrgApiError ? e : new OrgApiError('network', (e as Error).message);
      this.error = { kind: err.kind, message: err.message };
      this.deps.log.warn('orgApi', `${conn.provider}: ${err.kind}: ${err.message}; showing the cached rows`);
    }
  }

  private load(): OrgCache | undefined {
    try {
      const c = JSON.parse(fs.readFileSync(this.deps.cacheFile, 'utf8')) as OrgCache;
      return c.version === 1 && Array.isArray(c.rows) && typeof c.fetchedAt === 'number' ? c : undefined;
    } catch {
      return undefined;
    }
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.deps.cacheFile), { recursive: true });
    const tmp = `${this.deps.cacheFile}.${process.pid}.tmp`;
    // The team's emails and daily tokens: this user's alone, as the rest of the cache is.
    fs.writeFileSync(tmp, JSON.stringify(this.cache), { mode: 0o600 });
    fs.renameSync(tmp, this.deps.cacheFile);
  }

  private dropCache(): void {
    this.cache = undefined;
    fs.rmSync(this.deps.cacheFile, { force: true });
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.changed.dispose();
  }
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
