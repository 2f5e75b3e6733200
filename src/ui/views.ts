import * as vscode from 'vscode';
import type { TierChange } from '../core/tierChange';
import type { LiveLedger } from '../engine/liveLedger';
import type { ReportingService } from '../sync/reportingService';
import type { OrgUsageService } from '../sync/orgUsage/orgUsageService';
import type { Logger } from '../platform/logger';
import { COMMANDS } from '../platform/commands/ids';
import { ShownSnapshot } from './shownSnapshot';
import { PanelProvider } from './panelProvider';
import { NativeViews } from './nativeViews';
import { TeamViewPanel } from './teamViewPanel';

/** What the views need. */
export interface ViewDeps {
  ledger: LiveLedger;
  reporting: ReportingService;
  log: Logger;
  orgUsage: OrgUsageService;
  lastTierChange: () => TierChange | undefined;
}

/**
 * The Token Tier container's three views — the panel (webview: tier, curve, heatmap), Breakdown and
 * Sources (native trees) — over one shown snapshot, the team view (an editor tab), and the demo's
 * two commands.
 */
export function createViews(extensionUri: vscode.Uri, d: ViewDeps): { panel: PanelProvider; native: NativeViews; teamView: TeamViewPanel; views: vscode.Disposable } {
  const shown = new ShownSnapshot(d.ledger, d.reporting, d.log, d.lastTierChange, d.orgUsage);
  const panel = new PanelProvider(extensionUri, shown, d.ledger, d.reporting, d.log, d.orgUsage);
  const native = new NativeViews(shown);
  const teamView = new TeamViewPanel(extensionUri, d.orgUsage, d.reporting, d.log, () => shown.current.snapshot);
  const commands = [
    vscode.commands.registerCommand(COMMANDS.showDemo, () => shown.showDemo()),
    vscode.commands.registerCommand(COMMANDS.exitDemo, () => shown.exitDemo()),
  ];
  return { panel, native, teamView, views: vscode.Disposable.from(...commands, teamView, native, panel, shown) };
}
