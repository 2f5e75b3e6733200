import * as vscode from 'vscode';
import type { PanelStatus } from '../shared/protocol';
import type { Snapshot } from '../shared/snapshot';
import type { TierChange } from '../core/tierChange';
import { withOrgGuides } from '../core/enablement';
import type { LiveLedger, LedgerState } from '../engine/liveLedger';
import type { ReportingService } from '../sync/reportingService';
import type { OrgUsageService } from '../sync/orgUsage/orgUsageService';
import { Disposable } from '../platform/lifecycle';
import { onDidChangeConfig, readConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import { withOrgStanding } from './orgStandingSnapshot';

/** What every Token Tier view shows now: a snapshot (or none yet) and how fresh it is. */
export interface Shown {
  snapshot: Snapshot | undefined;
  status: PanelStatus;
  /** No log files and no history: the views show their empty state. */
  empty: boolean;
}

/**
 * The one snapshot the panel, the Breakdown and the Sources views all show: the ledger's — with the
 * organisation's tier texts (`/me`) and, with `tokenTier.tierSource: org`, the tier from my org
 * rows — or the demo the user asked for (this session only, never saved or reported). Keeps the
 * `tokenTier.empty` and `tokenTier.demo` context keys that the views' `when` clauses and welcome
 * content use.
 */
export class ShownSnapshot extends Disposable {
  private readonly emitter = this._register(new vscode.EventEmitter<Shown>());
  readonly onDidChange = this.emitter.event;
  private demo: Snapshot | undefined;
  private keys = '';

  constructor(
    private readonly ledger: LiveLedger,
    private readonly reporting: ReportingService,
    private readonly log: Logger,
    private readonly lastTierChange: () => TierChange | undefined = () => undefined,
    private readonly orgUsage?: OrgUsageService,
  ) {
    super();
    this._register(ledger.onDidChange(() => this.fire()));
    // A new `/me` may bring the organisation's own tier texts.
    this._register(reporting.onDidChange(() => this.fire()));
    if (orgUsage) this._register(orgUsage.onDidChange(() => readConfig().tierSource === 'org' && this.fire()));
    this._register(onDidChangeConfig(() => this.fire()));
    this.updateKeys(this.current);
  }

  get current(): Shown {
    if (this.demo) return { snapshot: this.demo, status: { state: 'ready' }, empty: false };
    return this.fromLedger(this.ledger.state);
  }

  get showingDemo(): boolean {
    return this.demo !== undefined;
  }

  /** Generated logs in a throwaway ledger; shown in every view until `exitDemo`. */
  async showDemo(): Promise<void> {
    try {
      this.demo = await this.ledger.demo();
      this.log.info('panel', 'showing demo data (generated; not saved, not reported)');
      this.fire();
    } catch (e) {
      this.log.error('panel', `the demo could not be built: ${(e as Error).message}`);
      void vscode.window.showErrorMessage('Token Tier: the demo could not be built (see the Token Tier log).');
    }
  }

  exitDemo(): void {
    this.demo = undefined;
    this.fire();
  }

  private fromLedger(state: LedgerState): Shown {
    if (state.kind === 'loading') return { snapshot: undefined, status: { state: 'loading', message: 'Reading agent logs…' }, empty: false };
    const status: PanelStatus =
      state.kind === 'error' ? { state: 'error', message: `${state.message} Showing the last good numbers.` } : state.fresh ? { state: 'ready' } : { state: 'scanning', message: 'Refreshing…' };
    if (!state.snapshot) return { snapshot: undefined, status, empty: false };
    const coach = withOrgGuides(state.snapshot.coach, this.reporting.org?.team.tierGuides);
    const config = readConfig();
    const local = this.orgUsage && config.tierSource === 'org' ? withOrgStanding(state.snapshot, this.orgUsage.state, config, Date.now()) : state.snapshot;
    const snapshot = { ...local, coach, lastTierChange: this.lastTierChange() ?? null };
    return { snapshot, status, empty: isEmpty(snapshot) };
  }

  private fire(): void {
    const shown = this.current;
    this.updateKeys(shown);
    this.emitter.fire(shown);
  }

  private updateKeys(shown: Shown): void {
    const keys = `${shown.empty}|${this.showingDemo}|${shown.snapshot !== undefined}`;
    if (keys === this.keys) return;
    this.keys = keys;
    void vscode.commands.executeCommand('setContext', 'tokenTier.empty', shown.empty);
    void vscode.commands.executeCommand('setContext', 'tokenTier.demo', this.showingDemo);
    void vscode.commands.executeCommand('setContext', 'tokenTier.scanned', shown.snapshot !== undefined);
  }
}

/** No log files and no history (a ledger whose transcripts were deleted still has its days). */
export function isEmpty(s: Snapshot): boolean {
  return !s.demo && !!s.scan && s.scan.filesSeen === 0 && !s.days.some((d) => d.total > 0);
}
