import * as vscode from 'vscode';
import { Disposable } from '../platform/lifecycle';
import type { LiveLedger } from '../engine/liveLedger';
import type { Storage } from '../platform/storage';
import { readConfig } from '../platform/config';
import { COMMANDS } from '../platform/commands/ids';
import { observeTier } from '../core/tierChange';
import type { TierChange } from '../core/tierChange';
import { plainText } from '../shared/plainText';

/**
 * The tier-up moment: one unobtrusive notice (never modal) when a fresh snapshot's tier is higher
 * than the last one seen, at most once per tier per 30 days (core/tierChange.ts); off with
 * `tokenTier.notifyTierUp`. Only progress is announced: a tier reached because history was found
 * (a folder of old logs added, a first scan, a rebuild: the scan's `backfill`) is recorded quietly.
 * Of several windows, the focused one announces (the memory is shared in globalState); an unfocused
 * window leaves the change for when it has focus. Demo snapshots never count.
 */
export class TierNotice extends Disposable {
  /** For tests: what was last announced. */
  lastNotice: string | undefined;

  constructor(
    private readonly ledger: LiveLedger,
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
    private readonly focused: () => boolean = () => vscode.window.state.focused,
  ) {
    super();
    this._register(ledger.onDidChange(() => this.observeNow()));
    this._register(vscode.window.onDidChangeWindowState((w) => w.focused && this.observeNow()));
  }

  /** The last change of tier (up or down) and when, for the panel. */
  get lastChange(): TierChange | undefined {
    return this.storage.tierMemory().lastChange;
  }

  private observeNow(): void {
    const s = this.ledger.state;
    if (s.kind !== 'ready' || !s.fresh || s.snapshot.demo) return;
    const quiet = s.snapshot.scan?.backfill === true;
    if (!quiet && !this.focused()) return;
    this.observe(s.snapshot.standing.tierIndex, s.snapshot.tiers, quiet);
  }

  private observe(index: number, tiers: ReadonlyArray<{ name: string }>, quiet: boolean): void {
    const { memory, notify } = observeTier(this.storage.tierMemory(), index, tiers, this.now(), { quiet });
    void this.storage.setTierMemory(memory);
    if (!notify || !readConfig().notifyTierUp) return;
    this.lastNotice = notify.next ? `You reached ${plainText(notify.reached)} — here is what ${plainText(notify.next)}s do differently.` : `You reached ${plainText(notify.reached)}, the top of the ladder.`;
    void vscode.window.showInformationMessage(`Token Tier: ${this.lastNotice}`, 'Show', 'Turn Off These Notices').then((pick) => {
      if (pick === 'Show') void vscode.commands.executeCommand(COMMANDS.showPanel);
      if (pick === 'Turn Off These Notices') void vscode.workspace.getConfiguration('tokenTier').update('notifyTierUp', false, vscode.ConfigurationTarget.Global);
    });
  }
}
