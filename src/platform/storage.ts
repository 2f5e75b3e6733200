import type * as vscode from 'vscode';
import type { Snapshot } from '../shared/snapshot';
import { SnapshotSchema } from '../shared/snapshot';

/** Every globalState key, in one map. */
const KEYS = {
  lastSnapshot: 'tokenTier.lastSnapshot',
} as const;

/** Typed access to what the extension keeps between sessions (no secrets here). */
export class Storage {
  constructor(private readonly state: vscode.Memento) {}

  /** The last snapshot, so the badge shows at once on startup; ignored if it no longer parses. */
  lastSnapshot(): Snapshot | undefined {
    const parsed = SnapshotSchema.safeParse(this.state.get(KEYS.lastSnapshot));
    return parsed.success ? parsed.data : undefined;
  }

  saveSnapshot(s: Snapshot): Thenable<void> {
    return this.state.update(KEYS.lastSnapshot, s);
  }
}
