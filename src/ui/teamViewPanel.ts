import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { TeamHostMessage, TeamView } from '../shared/protocol';
import { TeamWebviewMessageSchema } from '../shared/protocol';
import type { OrgUsageService } from '../sync/orgUsage/orgUsageService';
import type { ReportingService } from '../sync/reportingService';
import type { Snapshot } from '../shared/snapshot';
import { orgView } from './orgView';
import { Disposable } from '../platform/lifecycle';
import type { Logger } from '../platform/logger';
import { onDidChangeConfig, readConfig } from '../platform/config';
import { COMMANDS } from '../platform/commands/ids';
import { makeNonce, panelHtml } from './html';
import { teamView } from './orgUsageModel';

const VIEW_TYPE = 'tokenTier.teamView';

/**
 * The team view, an editor tab: for someone who reports to a team backend, what it confirms about
 * them (their team, their org-confirmed tier and days, what its admins see); with an org usage API
 * connected, the company dashboard's views computed in the extension from its rows by the backend's
 * own functions (core/teamView), fetched only while visible (see OrgUsageService). With neither, it
 * says which of the two it needs and offers both.
 */
export class TeamViewPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  /** For tests: the view as last sent. */
  last: TeamView | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly org: OrgUsageService,
    private readonly reporting: ReportingService,
    private readonly log: Logger,
    /** This machine's snapshot, for the backend's days beside the local ones. */
    private readonly local: () => Snapshot | undefined = () => undefined,
  ) {
    super();
    this._register(vscode.commands.registerCommand(COMMANDS.showTeamView, () => this.show()));
    this._register(org.onDidChange(() => this.post()));
    this._register(reporting.onDidChange(() => this.post()));
    this._register(onDidChangeConfig(() => this.post()));
  }

  show(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = (this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Token Tier: Team', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [dist, vscode.Uri.joinPath(this.extensionUri, 'media')] }));
    this.ready = false;
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(randomBytes),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'teamView.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'teamView.css')).toString(),
    });
    const subs = [
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      panel.onDidChangeViewState(() => panel.visible && (this.post(), void this.org.visible())),
    ];
    panel.onDidDispose(() => {
      subs.forEach((d) => d.dispose());
      if (this.panel === panel) this.panel = undefined;
    });
    return panel;
  }

  private receive(raw: unknown): void {
    const parsed = TeamWebviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn('team', `dropped an invalid message from the team view: ${parsed.error.issues[0]?.message}`);
      return;
    }
    const msg = parsed.data;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.post();
        void this.org.visible();
        return;
      case 'refresh':
        void this.org.refresh(true);
        return;
      case 'connect':
        void vscode.commands.executeCommand(COMMANDS.connectOrgApi);
        return;
      case 'share':
        void vscode.commands.executeCommand(COMMANDS.enableReporting);
        return;
      case 'openDashboard': {
        const url = this.backendUrl();
        if (url) void vscode.env.openExternal(vscode.Uri.parse(new URL('dashboard', url.endsWith('/') ? url : `${url}/`).toString()));
        return;
      }
      case 'openSetting':
        void vscode.commands.executeCommand('workbench.action.openSettings', `tokenTier.${msg.id}`);
        return;
    }
  }

  /** Re-sends the view (settings changed, new rows, fetch started or ended). */
  post(): void {
    if (!this.ready || !this.panel?.visible) return;
    const status = this.reporting.status;
    const backend = status ? orgView(this.reporting.org, this.local()?.days ?? [], status) : null;
    this.last = { ...teamView(this.org.state, readConfig(), Date.now()), backend, backendUrl: status ? this.backendUrl() : null };
    const msg: TeamHostMessage = { type: 'team', view: this.last };
    void this.panel.webview.postMessage(msg);
  }

  private backendUrl(): string | null {
    return readConfig().teamUrl || null;
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}
