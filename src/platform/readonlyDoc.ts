import * as vscode from 'vscode';

const SCHEME = 'token-tier';
const contents = new Map<string, string>();
const changed = new vscode.EventEmitter<vscode.Uri>();

/**
 * Read-only documents for what Token Tier shows but nobody edits (a report preview): no
 * "unsaved" Untitled tab to be asked about on close, and nothing to save by mistake.
 */
export function registerReadonlyDocs(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
    onDidChange: changed.event,
    provideTextDocumentContent: (uri) => contents.get(uri.path) ?? '',
  });
}

/** Shows `content` as `name` (its extension picks the language), replacing what that name showed before. */
export async function showReadonly(name: string, content: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}` });
  contents.set(uri.path, content);
  changed.fire(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc;
}
