import * as vscode from 'vscode';
import { CONTAINER_ID } from './ids';

/** Reveals the Token Tier view in its activity-bar container. */
export function showPanel(): Thenable<unknown> {
  return vscode.commands.executeCommand(`workbench.view.extension.${CONTAINER_ID}`);
}
