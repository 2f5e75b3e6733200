import type { WebviewMessage } from '../src/shared/protocol';
import type { Snapshot } from '../src/shared/snapshot';
import { SnapshotSchema } from '../src/shared/snapshot';

/** What the panel keeps across hide/show (VS Code restores it when the view is recreated). */
export interface PanelState {
  range: 7 | 30 | 90;
  snapshot?: Snapshot;
}

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The only owner of `acquireVsCodeApi()` (it may be called once per page). */
const api = acquireVsCodeApi();

export function post(msg: WebviewMessage): void {
  api.postMessage(msg);
}

export function loadState(): PanelState {
  const s = api.getState() as Partial<PanelState> | undefined;
  const range = s?.range === 7 || s?.range === 90 ? s.range : 30;
  // A snapshot saved by an older version may no longer fit the schema: then wait for the host.
  const snapshot = SnapshotSchema.safeParse(s?.snapshot);
  return { range, snapshot: snapshot.success ? snapshot.data : undefined };
}

export function saveState(s: PanelState): void {
  api.setState(s);
}
