import type { TeamWebviewMessage } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The team view page's only owner of `acquireVsCodeApi()` (it may be called once per page). */
const api = acquireVsCodeApi();

export function post(msg: TeamWebviewMessage): void {
  api.postMessage(msg);
}
