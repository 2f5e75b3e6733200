import type { ReportRow } from '../core/report';
import { addDays } from '../core/time';
import type { Disposer, Log } from '../shared/emitter';
import { Emitter } from '../shared/emitter';
import type { MeResponse, UsageRow } from '../shared/teamApi';
import { Outbox } from './outbox';
import type { Clock, SyncStatus } from './syncEngine';
import { SyncEngine, SYSTEM_CLOCK, toUsageRow } from './syncEngine';
import { TeamClient } from './teamClient';
import { hostname } from 'node:os';
import { hostKey } from '../core/hostKey';
import type { Consent, StoredMe, TeamPolicy } from './teamPolicy';
import { consentFor, teamPolicyOf } from './teamPolicy';

/** What the service keeps between sessions (the extension's `Storage`). */
export interface ReportingStore {
  deviceId(adopt?: string): string;
  consent(): Consent | undefined;
  setConsent(c: Consent | undefined): PromiseLike<void>;
  lastMe(): StoredMe | undefined;
  setLastMe(s: StoredMe | undefined): PromiseLike<void>;
}

/** The team token (VS Code's SecretStorage): never in settings, logs or reports. */
export interface TokenStore {
  get(): PromiseLike<string | undefined>;
  store(token: string): PromiseLike<void>;
  delete(): PromiseLike<void>;
}

/** What reporting reads from the ledger. */
export interface ReportingLedger {
  reportRows(since: string): ReportRow[] | undefined;
  report(since: string): Promise<ReportRow[]>;
  today(): string;
  /** The team's policy changed: the tier must be derived again. */
  settingsChanged(): void;
}

export interface ReportingDeps {
  store: ReportingStore;
  tokens: TokenStore;
  ledger: ReportingLedger;
  outboxFile: string;
  teamUrl: () => string;
  otlpEndpoint: () => string;
  version: string;
  log: Log;
  clock?: Clock;
}

const ORG_REFRESH_MS = 10 * 60_000;
const OTLP_EVERY_MS = 5 * 60_000;
/** While agents work, today's row changes every few seconds; the backend hears about it at most this often. */
const SEND_EVERY_MS = 2 * 60_000;
/** After a long time offline, the days worth sending again (the backend keeps 400). */
const RESEND_DAYS = 90;

/**
 * Opt-in reporting, without a UI: nothing leaves the machine until consent for this backend's URL
 * is stored. Then changed days go to the team backend (and, if configured, an OTLP collector), and
 * the organisation's view comes back; its policy is kept with it so it holds offline too.
 */
export class ReportingService implements Disposer {
  private readonly engine: SyncEngine;
  private readonly outbox: Outbox;
  private readonly emitter = new Emitter<void>();
  /** Fires when the sync status or the organisation's data changes. */
  readonly onDidChange = this.emitter.event;
  private token: string | undefined;
  private meAt = 0;
  private otlpAt = 0;
  private readonly clock: Clock;

  constructor(private readonly deps: ReportingDeps) {
    this.clock = deps.clock ?? SYSTEM_CLOCK;
    this.outbox = new Outbox(deps.outboxFile);
    this.engine = new SyncEngine(this.outbox, () => this.client(), () => this.deviceId(), {
      minIntervalMs: SEND_EVERY_MS,
      clock: this.clock,
      onStatus: (s) => {
        if (s.state === 'offline' || s.state === 'error' || s.state === 'unauthorized') deps.log.warn('sync', `${s.message} (${s.queuedDays} days queued)`);
        this.emitter.fire();
      },
    });
  }

  /** Reads the token (call once at start and when the secret changes). */
  async loadToken(): Promise<void> {
    this.token = await this.deps.tokens.get();
  }

  get enabled(): boolean {
    return this.consent() !== undefined;
  }

  /** The organisation's last answer for this backend (kept from the last `/me`), when reporting is on. */
  get org(): MeResponse | undefined {
    return this.enabled ? this.stored()?.me : undefined;
  }

  get status(): SyncStatus | undefined {
    return this.enabled ? this.engine.status : undefined;
  }

  get deviceIdForPreview(): string {
    return this.deviceId();
  }

  /** The team's say over the tier, while reporting is on — from the last `/me`, offline too. */
  policy(): TeamPolicy | undefined {
    return this.enabled ? teamPolicyOf(this.deps.store.lastMe(), this.deps.teamUrl()) : undefined;
  }

  /** The first day reporting shares, or undefined when it is off. */
  reportSince(): string | undefined {
    const consent = this.consent();
    if (!consent) return undefined;
    const floor = addDays(this.deps.ledger.today(), -RESEND_DAYS);
    return consent.since > floor ? consent.since : floor;
  }

  /** Queues what changed; `force` (Refresh, a new token) sends now. Refreshes the org view now and then. */
  async sync(force = false): Promise<void> {
    const since = this.reportSince();
    if (!since || !this.token) return;
    let rows: ReportRow[];
    try {
      rows = this.deps.ledger.reportRows(since) ?? (await this.deps.ledger.report(since));
    } catch (e) {
      this.deps.log.error('sync', `could not read the ledger: ${(e as Error).message}`);
      return;
    }
    this.engine.update(rows, since);
    if (force) await this.engine.flush();
    await this.exportOtlp(rows);
    if (this.engine.status.state === 'idle' && this.clock.now() - this.meAt > ORG_REFRESH_MS) await this.refreshOrg();
  }

  async refreshOrg(): Promise<void> {
    const client = this.client();
    if (!client) return;
    try {
      const before = JSON.stringify(this.policy());
      const me = await client.me();
      this.meAt = this.clock.now();
      await this.deps.store.setLastMe({ url: this.deps.teamUrl(), at: this.meAt, me });
      this.emitter.fire();
      // The team's policy decides the tier: derive it again when it changed.
      if (JSON.stringify(this.policy()) !== before) this.deps.ledger.settingsChanged();
    } catch (e) {
      this.deps.log.warn('org', (e as Error).message);
    }
  }

  /** The user said yes for `url` (after seeing the payload): reporting starts from `since`. */
  async grant(url: string, since: string): Promise<void> {
    await this.deps.store.setConsent({ url, since, at: this.clock.now() });
    this.deps.log.info('sync', `reporting turned on for ${url}`);
    this.emitter.fire();
    this.deps.ledger.settingsChanged();
  }

  /** Stops reporting; with `deleteRemote`, asks the backend to delete this person's rows (returns how many). */
  async revoke(deleteRemote: boolean): Promise<number | undefined> {
    const client = this.client();
    await this.deps.store.setConsent(undefined);
    this.engine.dispose();
    this.emitter.fire();
    this.deps.ledger.settingsChanged();
    if (!deleteRemote || !client) return undefined;
    const n = await client.deleteMine();
    this.outbox.reset();
    this.deps.log.info('sync', `the backend deleted ${n} rows`);
    return n;
  }

  async setToken(token: string): Promise<void> {
    await this.deps.tokens.store(token);
    this.token = token;
    // A new token ends a "token rejected" pause at once.
    if (this.enabled) await this.sync(true);
  }

  get hasToken(): boolean {
    return this.token !== undefined;
  }

  /** Exactly what would be sent for the days from `since` on. */
  async payload(since: string): Promise<UsageRow[]> {
    const id = this.deviceId();
    return (await this.deps.ledger.report(since)).map((r) => toUsageRow(r, id));
  }

  /** What is queued for the backend now, exactly as it would be sent. */
  async pending(): Promise<{ url: string; rows: UsageRow[]; days: number } | undefined> {
    const consent = this.consent();
    if (!consent) return undefined;
    const queued = new Set(this.outbox.pendingDates);
    const rows = (await this.payload(consent.since)).filter((r) => queued.has(r.date));
    return { url: consent.url, rows, days: queued.size };
  }

  dispose(): void {
    this.engine.dispose();
    this.emitter.dispose();
  }

  private consent(): Consent | undefined {
    return consentFor(this.deps.store.consent(), this.deps.teamUrl());
  }

  private stored(): StoredMe | undefined {
    const s = this.deps.store.lastMe();
    return s && s.url === this.deps.teamUrl() ? s : undefined;
  }

  private deviceId(): string {
    return this.deps.store.deviceId(this.outbox.legacyDeviceId);
  }

  private client(): TeamClient | undefined {
    const c = this.consent();
    // The host key lets the backend count this machine once when its agents also export OTLP there.
    return c && this.token ? new TeamClient(c.url, this.token, fetch, hostKey(hostname())) : undefined;
  }

  private async exportOtlp(rows: ReportRow[]): Promise<void> {
    const endpoint = this.deps.otlpEndpoint();
    if (!endpoint || this.clock.now() - this.otlpAt < OTLP_EVERY_MS) return;
    this.otlpAt = this.clock.now();
    const recent = rows.filter((r) => r.date >= addDays(rows.at(-1)?.date ?? r.date, -6));
    // The OpenTelemetry SDK is most of what this export weighs: it loads (a bundle of its own, see
    // esbuild.config.mjs) only once an endpoint is set, never when the extension starts.
    const { dailyMetrics, sendOtlp } = await import('./otlp');
    const outcome = await sendOtlp(endpoint, dailyMetrics(recent, this.deviceId(), this.deps.version));
    if (!outcome.ok) this.deps.log.warn('otlp', outcome.message);
  }
}

/** The consent preview and the pending report: the payload, with what is never sent spelled out. */
export function previewText(url: string, rows: UsageRow[], note?: string): string {
  return [
    `// Token Tier → ${url}  POST /api/v1/usage/daily (gzip)`,
    '// Exactly these fields leave your machine: daily totals per agent and model, tokens per local hour,',
    '// your time zone, a random device id and `host`, a one-way key of this machine\'s name (so the team',
    '// backend counts this machine once if its agents also send OpenTelemetry there). Never: prompts,',
    '// responses, file contents, paths, project names, hostnames or session ids.',
    '// A day whose tokens moved to another date (a time-zone change) is sent as just its date, to clear it.',
    ...(note ? [`// ${note}`] : []),
    compactNumberArrays(JSON.stringify({ rows }, null, 2)),
    '',
  ].join('\n');
}

/** The 24 hourly counts on one line each, so a reviewer sees rows, not a wall of zeros. */
function compactNumberArrays(json: string): string {
  return json.replace(/\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]/g, (_all, body: string) => `[${body.split(/,\s*/).join(', ')}]`);
}
