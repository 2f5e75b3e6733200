import * as vscode from 'vscode';
import { Disposable } from '../platform/lifecycle';
import type { LiveLedger } from '../engine/liveLedger';
import type { Config } from '../platform/config';
import { onDidChangeConfig, readConfig } from '../platform/config';
import { COMMANDS } from '../platform/commands/ids';
import { badgeModel } from './badgeModel';
import type { ReportingService } from '../sync/reportingService';
import type { OrgUsageService } from '../sync/orgUsage/orgUsageService';
import type { LedgerState } from '../engine/liveLedger';
import { withOrgStanding } from './orgStandingSnapshot';

/** The tier badge: `$(flame) Expert · 12.3M today`; a click opens the panel. */
export class TierStatusBar extends Disposable {
  private item: vscode.StatusBarItem | undefined;

  constructor(
    private readonly ledger: LiveLedger,
    private readonly reporting: ReportingService,
    private readonly orgUsage?: OrgUsageService,
  ) {
    super();
    this._register(reporting.onDidChange(() => this.render()));
    if (orgUsage) this._register(orgUsage.onDidChange(() => this.render()));
    this.apply(readConfig());
    this._register(onDidChangeConfig((c) => this.apply(c)));
    this._register(ledger.onDidChange(() => this.render()));
    this._register({ dispose: () => this.item?.dispose() });
  }

  private apply(c: Config): void {
    const alignment = c.statusBarAlignment === 'left' ? vscode.StatusBarAlignment.Left : vscode.StatusBarAlignment.Right;
    if (this.item && this.item.alignment !== alignment) {
      this.item.dispose();
      this.item = undefined;
    }
    if (!c.statusBarEnabled) {
      this.item?.dispose();
      this.item = undefined;
      return;
    }
    if (!this.item) {
      this.item = vscode.window.createStatusBarItem('tokenTier.badge', alignment, 100);
      this.item.name = 'Token Tier';
      this.item.command = COMMANDS.showPanel;
    }
    this.render();
    this.item.show();
  }

  private render(): void {
    if (!this.item) return;
    const { state, fromOrg } = this.state();
    const m = badgeModel(state, Date.now(), this.reporting.status);
    this.item.text = m.text;
    // A tier that is not this machine's says where it comes from.
    const tooltip = new vscode.MarkdownString(fromOrg ? `${m.tooltip}\n\nTier from your rows in the org usage API (setting \`tokenTier.tierSource\`).` : m.tooltip, true);
    tooltip.isTrusted = { enabledCommands: [COMMANDS.showPanel, COMMANDS.refresh, COMMANDS.openLog] };
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: m.accessibility };
    this.item.backgroundColor = m.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  /** The ledger's state, its standing from my org rows when `tokenTier.tierSource` is `org` (and there are any). */
  private state(): { state: LedgerState; fromOrg: boolean } {
    const s = this.ledger.state;
    const c = readConfig();
    if (!this.orgUsage || c.tierSource !== 'org' || s.kind === 'loading' || !s.snapshot) return { state: s, fromOrg: false };
    const snapshot = withOrgStanding(s.snapshot, this.orgUsage.state, c, Date.now());
    return { state: { ...s, snapshot }, fromOrg: snapshot !== s.snapshot };
  }

  /** For tests: what the badge shows now. */
  get text(): string | undefined {
    return this.item?.text;
  }
}
