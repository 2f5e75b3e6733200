import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { HostMessage, OrgUsageView, OrgView, PanelStatus } from '../shared/protocol';
import type { OrgUsageService } from '../sync/orgUsage/orgUsageService';
import { onDidChangeConfig, readConfig } from '../platform/config';
import { orgUsageView } from './orgUsageModel';
import { withOrgStanding } from './orgStandingSnapshot';
import type { Snapshot } from '../shared/snapshot';
import type { TierChange } from '../core/tierChange';
import { withOrgGuides } from '../core/enablement';
import type { ReportingService } from '../sync/reportingService';
import { orgView } from './orgView';
import { WebviewMessageSchema } from '../shared/protocol';
import { Disposable } from '../platform/lifecycle';
import type { LiveLedger, LedgerState } from '../engine/liveLedger';
import type { Logger } from '../platform/logger';
import { COMMANDS, VIEW_ID } from '../platform/commands/ids';
import { makeNonce, panelHtml } from './html';

/** The sidebar panel: a webview that gets whole snapshots after its `ready` handshake. */
export class PanelProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  /** The demo the user asked for, shown instead of the ledger until they go back (this session only). */
  private demo: Snapshot | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly ledger: LiveLedger,
    private readonly reporting: ReportingService,
    private readonly log: Logger,
    private readonly lastTierChange: () => TierChange | undefined = () => undefined,
    private readonly orgUsage?: OrgUsageService,
  ) {
    super();
    if (orgUsage) {
      this._register(orgUsage.onDidChange(() => {
        this.postOrgUsage();
        if (readConfig().tierSource === 'org') this.post(this.ledger.state);
      }));
      this._register(onDidChangeConfig(() => this.postOrgUsage()));
    }
    this._register(vscode.window.registerWebviewViewProvider(VIEW_ID, this));
    this._register(ledger.onDidChange((s) => this.post(s)));
    this._register(reporting.onDidChange(() => {
      this.postOrg();
      // A new `/me` may bring the organisation's own tier texts.
      this.post(this.ledger.state);
    }));
  }

  /** For tests: the organisation's view as last sent to the panel. */
  lastOrg: OrgView | null = null;

  private postOrg(): void {
    if (!this.ready || !this.view?.visible) return;
    const state = this.ledger.state;
    const local = state.kind !== 'loading' && state.snapshot ? state.snapshot.days : [];
    const status = this.reporting.status;
    // Reporting off: no section at all (status is undefined then).
    const org: OrgView | null = status ? orgView(this.reporting.org, local, status) : null;
    this.lastOrg = org;
    this.send({ type: 'org', org });
  }

  /** For tests: the org usage API's section as last sent to the panel. */
  lastOrgUsage: OrgUsageView | null = null;

  /** My rows in the connected org usage API beside this machine's (no section when none is connected). */
  postOrgUsage(): void {
    if (!this.ready || !this.view?.visible || !this.orgUsage) return;
    const state = this.ledger.state;
    this.lastOrgUsage = orgUsageView(this.orgUsage.state, readConfig(), state.kind !== 'loading' ? state.snapshot : undefined, Date.now());
    this.send({ type: 'orgUsage', usage: this.lastOrgUsage });
  }

  /** For tests: whether a view has been resolved and has said `ready`. */
  get isReady(): boolean {
    return this.ready;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, vscode.Uri.joinPath(this.extensionUri, 'media')] };
    view.webview.html = panelHtml({
      cspSource: view.webview.cspSource,
      nonce: makeNonce(randomBytes),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    const subs = [
      view.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (!view.visible) return;
        this.post(this.ledger.state);
        this.postOrgUsage();
        void this.orgUsage?.visible();
      }),
    ];
    view.onDidDispose(() => {
      subs.forEach((d) => d.dispose());
      if (this.view === view) this.view = undefined;
    });
  }

  private receive(raw: unknown): void {
    const parsed = WebviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn('panel', `dropped an invalid message from the panel: ${parsed.error.issues[0]?.message}`);
      return;
    }
    const msg = parsed.data;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.post(this.ledger.state);
        this.postOrg();
        this.postOrgUsage();
        void this.orgUsage?.visible();
        return;
      case 'refresh':
        void this.ledger.refresh();
        this.send({ type: 'status', status: { state: 'scanning' } });
        return;
      case 'openLog':
        void vscode.commands.executeCommand(COMMANDS.openLog);
        return;
      case 'openSetting':
        void vscode.commands.executeCommand('workbench.action.openSettings', `tokenTier.${msg.id}`);
        return;
      case 'addFolder':
        void vscode.commands.executeCommand(COMMANDS.addLogFolder);
        return;
      case 'showDemo':
        void this.showDemo();
        return;
      case 'openOrgIdentities':
        void vscode.commands.executeCommand('workbench.action.openSettings', 'tokenTier.org.myIdentities');
        return;
      case 'exitDemo':
        this.demo = undefined;
        this.post(this.ledger.state);
        return;
    }
  }

  /** For tests: whether the panel shows the demo. */
  get showingDemo(): boolean {
    return this.demo !== undefined;
  }

  async showDemo(): Promise<void> {
    this.send({ type: 'status', status: { state: 'scanning', message: 'Generating demo data…' } });
    try {
      this.demo = await this.ledger.demo();
      this.log.info('panel', 'showing demo data (generated; not saved, not reported)');
      this.post(this.ledger.state);
    } catch (e) {
      this.log.error('panel', `the demo could not be built: ${(e as Error).message}`);
      this.send({ type: 'status', status: { state: 'error', message: 'The demo could not be built (see the Token Tier log).' } });
    }
  }

  private post(state: LedgerState): void {
    if (!this.ready || !this.view?.visible) return;
    if (this.demo) return this.send({ type: 'snapshot', snapshot: this.demo, status: { state: 'ready' } });
    if (state.kind === 'loading') return this.send({ type: 'status', status: { state: 'loading', message: 'Reading agent logs…' } });
    const status: PanelStatus =
      state.kind === 'error'
        ? { state: 'error', message: `${state.message} Showing the last good numbers.` }
        : state.fresh
          ? { state: 'ready' }
          : { state: 'scanning', message: 'Refreshing…' };
    if (!state.snapshot) return this.send({ type: 'status', status });
    // The organisation's own text per tier (from `/me`, when reporting is on) replaces the built-in guide.
    const coach = withOrgGuides(state.snapshot.coach, this.reporting.org?.team.tierGuides);
    // `tokenTier.tierSource: org`: the tier from my org rows, when there are any (else the local one).
    const snapshot = this.orgUsage && readConfig().tierSource === 'org' ? withOrgStanding(state.snapshot, this.orgUsage.state, readConfig(), Date.now()) : state.snapshot;
    this.send({ type: 'snapshot', snapshot: { ...snapshot, coach, lastTierChange: this.lastTierChange() ?? null }, status });
    this.postOrgUsage();
  }

  private send(msg: HostMessage): void {
    void this.view?.webview.postMessage(msg);
  }
}
