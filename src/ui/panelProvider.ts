import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { HostMessage, OrgUsageView, OrgView } from '../shared/protocol';
import type { OrgUsageService } from '../sync/orgUsage/orgUsageService';
import { onDidChangeConfig, readConfig } from '../platform/config';
import { orgUsageView } from './orgUsageModel';
import type { ReportingService } from '../sync/reportingService';
import { orgView } from './orgView';
import { WebviewMessageSchema } from '../shared/protocol';
import { Disposable } from '../platform/lifecycle';
import type { LiveLedger } from '../engine/liveLedger';
import type { Logger } from '../platform/logger';
import { COMMANDS, VIEW_ID } from '../platform/commands/ids';
import { makeNonce, panelHtml } from './html';
import type { ShownSnapshot } from './shownSnapshot';

/**
 * The sidebar panel: a webview for what only a webview can draw — the tier card with its progress,
 * the daily curve with tier lines, the week's heatmap — fed whole snapshots (ShownSnapshot, shared
 * with the native views) after its `ready` handshake.
 */
export class PanelProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly shown: ShownSnapshot,
    private readonly ledger: LiveLedger,
    private readonly reporting: ReportingService,
    private readonly log: Logger,
    private readonly orgUsage?: OrgUsageService,
  ) {
    super();
    if (orgUsage) {
      this._register(orgUsage.onDidChange(() => this.postOrgUsage()));
      this._register(onDidChangeConfig(() => this.postOrgUsage()));
    }
    this._register(vscode.window.registerWebviewViewProvider(VIEW_ID, this));
    this._register(shown.onDidChange(() => this.post()));
    this._register(reporting.onDidChange(() => this.postOrg()));
  }

  /** For tests: the organisation's view as last sent to the panel. */
  lastOrg: OrgView | null = null;

  private postOrg(): void {
    if (!this.ready || !this.view?.visible) return;
    const local = this.shown.current.snapshot?.days ?? [];
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
    this.lastOrgUsage = orgUsageView(this.orgUsage.state, readConfig(), this.shown.current.snapshot, Date.now());
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
        this.post();
        this.postOrg();
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
        this.post();
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
        void this.shown.showDemo();
        return;
      case 'shareWithTeam':
        void vscode.commands.executeCommand(COMMANDS.enableReporting);
        return;
      case 'showTeamView':
        void vscode.commands.executeCommand(COMMANDS.showTeamView);
        return;
      case 'openOrgIdentities':
        void vscode.commands.executeCommand('workbench.action.openSettings', 'tokenTier.org.myIdentities');
        return;
      case 'exitDemo':
        this.shown.exitDemo();
        return;
    }
  }

  /** For tests: whether the panel shows the demo. */
  get showingDemo(): boolean {
    return this.shown.showingDemo;
  }

  showDemo(): Promise<void> {
    return this.shown.showDemo();
  }

  private post(): void {
    if (!this.ready || !this.view?.visible) return;
    const { snapshot, status } = this.shown.current;
    this.send(snapshot ? { type: 'snapshot', snapshot, status } : { type: 'status', status });
  }

  private send(msg: HostMessage): void {
    void this.view?.webview.postMessage(msg);
  }
}
