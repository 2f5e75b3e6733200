import * as vscode from 'vscode';
import * as path from 'node:path';
import type { MeResponse } from '../shared/teamApi';
import { addDays } from '../core/time';
import type { ReportRow } from '../core/report';
import { Outbox } from '../sync/outbox';
import { SyncEngine, toUsageRow } from '../sync/syncEngine';
import type { SyncStatus } from '../sync/syncEngine';
import { TeamClient } from '../sync/teamClient';
import { dailyMetrics, sendOtlp } from '../sync/otlp';
import { Disposable } from './lifecycle';
import type { LiveLedger } from './liveLedger';
import type { Logger } from './logger';
import { SECTION } from './config';

const CONSENT_KEY = 'tokenTier.reportingConsent';
const TOKEN_KEY = 'tokenTier.teamToken';
const ORG_REFRESH_MS = 10 * 60_000;
const OTLP_EVERY_MS = 5 * 60_000;
/** While agents work, today's row changes every few seconds; the backend hears about it at most this often. */
const SEND_EVERY_MS = 2 * 60_000;

/** What the user agreed to: where, and from which day on. */
interface Consent {
  url: string;
  since: string;
  at: number;
}

/**
 * Opt-in reporting: nothing leaves the machine until the user has seen the exact payload and said
 * yes. Then changed days go to the team backend (and, if configured, an OTLP collector); the
 * organisation's view comes back for the panel and the badge.
 */
export class Reporting extends Disposable {
  private readonly engine: SyncEngine;
  private readonly outbox: Outbox;
  private token: string | undefined;
  private me: MeResponse | undefined;
  private meAt = 0;
  private otlpAt = 0;
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when the sync status or the organisation's data changes. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly ledger: LiveLedger,
    private readonly log: Logger,
  ) {
    super();
    this.outbox = new Outbox(path.join(context.globalStorageUri.fsPath, 'outbox.json'));
    this.engine = new SyncEngine(this.outbox, () => this.client(), {
      minIntervalMs: SEND_EVERY_MS,
      onStatus: (s) => {
        if (s.state === 'offline' || s.state === 'error') this.log.warn('sync', `${s.message} (${s.queuedDays} days queued)`);
        this.emitter.fire();
      },
    });
    this._register({ dispose: () => this.engine.dispose() });
    ledger.policy = () => (this.consent && this.me ? { windowDays: this.me.team.windowDays, tierThresholds: this.me.team.tierThresholds } : undefined);
    this._register(ledger.onDidChange((s) => s.kind === 'ready' && s.fresh && void this.sync()));
    this._register(context.secrets.onDidChange((e) => e.key === TOKEN_KEY && void this.loadToken().then(() => this.sync())));
    void this.loadToken().then(() => this.sync());
  }

  get enabled(): boolean {
    return this.consent !== undefined;
  }

  get org(): MeResponse | undefined {
    return this.consent ? this.me : undefined;
  }

  get status(): SyncStatus | undefined {
    return this.consent ? this.engine.status : undefined;
  }

  /** Sends what changed (now when `force`, else within the send interval); refreshes the org view now and then. */
  async sync(force = false): Promise<void> {
    const consent = this.consent;
    if (!consent || !this.token) return;
    let rows: ReportRow[];
    try {
      // The backend keeps 400 days; 90 are plenty to resend after a long time offline.
      const floor = addDays(this.ledger.today(), -90);
      rows = await this.ledger.report(consent.since > floor ? consent.since : floor);
    } catch (e) {
      this.log.error('sync', `could not read the ledger: ${(e as Error).message}`);
      return;
    }
    await this.engine.update(rows);
    if (force) await this.engine.flush();
    await this.exportOtlp(rows);
    if (this.engine.status.state === 'idle' && Date.now() - this.meAt > ORG_REFRESH_MS) await this.refreshOrg();
  }

  async refreshOrg(): Promise<void> {
    const client = this.client();
    if (!client) return;
    try {
      const before = JSON.stringify(this.me?.team);
      this.me = await client.me();
      this.meAt = Date.now();
      this.emitter.fire();
      // The team's policy decides the tier: rescan the view when it changed.
      if (JSON.stringify(this.me.team) !== before) void this.ledger.refresh();
    } catch (e) {
      this.log.warn('org', (e as Error).message);
    }
  }

  /** The consent step: shows the real payload for the last 7 days, then asks. */
  async enable(): Promise<boolean> {
    let url = vscode.workspace.getConfiguration(SECTION).get<string>('team.url', '').trim();
    if (!url) {
      url = (await vscode.window.showInputBox({ title: 'Token Tier: team backend URL', prompt: 'The address your team gave you, e.g. https://tokens.example.com', validateInput: (v) => (isHttpUrl(v) ? undefined : 'An http(s) URL') }))?.trim() ?? '';
      if (!url) return false;
      await vscode.workspace.getConfiguration(SECTION).update('team.url', url, vscode.ConfigurationTarget.Global);
    }
    if (!this.token && !(await this.setToken())) return false;
    const since = addDays(this.ledger.today(), -6);
    const rows = await this.ledger.report(since);
    const payload = { rows: rows.map((r) => toUsageRow(r, this.outbox.deviceId)) };
    const doc = await vscode.workspace.openTextDocument({ language: 'jsonc', content: previewText(url, payload) });
    await vscode.window.showTextDocument(doc, { preview: true });
    const answer = await vscode.window.showInformationMessage(
      `Share your daily token totals with ${url}?`,
      {
        modal: true,
        detail: 'The document that just opened is exactly what will be sent for the last 7 days; later days are sent as they change. Never sent: prompts, responses, file contents, file paths, project names, hostnames, session ids. You can turn this off at any time (Token Tier: Turn Off Team Reporting).',
      },
      'Turn On Reporting',
    );
    if (answer !== 'Turn On Reporting') return false;
    await this.context.globalState.update(CONSENT_KEY, { url, since, at: Date.now() } satisfies Consent);
    this.log.info('sync', `reporting turned on for ${url}`);
    await this.sync();
    return true;
  }

  async disable(deleteRemote?: boolean): Promise<void> {
    const client = this.client();
    await this.context.globalState.update(CONSENT_KEY, undefined);
    this.me = undefined;
    this.emitter.fire();
    void this.ledger.refresh();
    const del = deleteRemote ?? (await vscode.window.showInformationMessage('Team reporting is off. Also delete your data from the team backend?', 'Delete My Data', 'Keep')) === 'Delete My Data';
    if (del && client) {
      try {
        const n = await client.deleteMine();
        this.outbox.reset();
        this.log.info('sync', `the backend deleted ${n} rows`);
      } catch (e) {
        this.log.error('sync', `deleting your data failed: ${(e as Error).message}`);
        void vscode.window.showWarningMessage(`Token Tier could not delete your data: ${(e as Error).message}`);
      }
    }
  }

  async setToken(): Promise<boolean> {
    const token = await vscode.window.showInputBox({ title: 'Token Tier: team token', prompt: 'The token your team admin gave you (stored in VS Code’s secret storage, never in settings)', password: true, validateInput: (v) => (/^tt_[A-Za-z0-9_-]{20,100}$/.test(v.trim()) ? undefined : 'A token starts with tt_') });
    if (!token) return false;
    await this.context.secrets.store(TOKEN_KEY, token.trim());
    this.token = token.trim();
    return true;
  }

  /** The exact rows queued for the backend, for the user to read at any time. */
  async pendingPayload(): Promise<string> {
    const consent = this.consent;
    if (!consent) return '// Team reporting is off: nothing is queued and nothing is sent.\n';
    const rows = await this.ledger.report(consent.since);
    const pending = new Set(this.outbox.pendingDates);
    const queued = rows.filter((r) => pending.has(r.date)).map((r) => toUsageRow(r, this.outbox.deviceId));
    return previewText(consent.url, { rows: queued }, pending.size === 0 ? 'Nothing is queued: every day has been accepted by the backend.' : `${pending.size} day(s) queued.`);
  }

  private get consent(): Consent | undefined {
    const c = this.context.globalState.get<Consent>(CONSENT_KEY);
    const url = vscode.workspace.getConfiguration(SECTION).get<string>('team.url', '').trim();
    // Consent is for one backend: a changed URL needs a new yes.
    return c && c.url === url ? c : undefined;
  }

  private client(): TeamClient | undefined {
    const c = this.consent;
    return c && this.token ? new TeamClient(c.url, this.token) : undefined;
  }

  private async loadToken(): Promise<void> {
    this.token = await this.context.secrets.get(TOKEN_KEY);
  }

  private async exportOtlp(rows: ReportRow[]): Promise<void> {
    const endpoint = vscode.workspace.getConfiguration(SECTION).get<string>('otlp.endpoint', '').trim();
    if (!endpoint || Date.now() - this.otlpAt < OTLP_EVERY_MS) return;
    this.otlpAt = Date.now();
    const recent = rows.filter((r) => r.date >= addDays(rows.at(-1)?.date ?? r.date, -6));
    const version = String(this.context.extension.packageJSON.version);
    const outcome = await sendOtlp(endpoint, dailyMetrics(recent, this.outbox.deviceId, version));
    if (!outcome.ok) this.log.warn('otlp', outcome.message);
  }
}

function isHttpUrl(v: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(v.trim()).protocol);
  } catch {
    return false;
  }
}

function previewText(url: string, payload: unknown, note?: string): string {
  return [
    `// Token Tier → ${url}  POST /api/v1/usage/daily (gzip)`,
    '// Exactly these fields leave your machine: daily totals per agent and model, tokens per local hour,',
    '// your time zone and a random device id. Never: prompts, responses, file contents, paths,',
    '// project names, hostnames or session ids.',
    ...(note ? [`// ${note}`] : []),
    JSON.stringify(payload, null, 2),
    '',
  ].join('\n');
}
