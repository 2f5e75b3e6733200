import * as os from 'node:os';
import * as vscode from 'vscode';
import type { AgentId } from '../shared/tokens';
import { Disposable } from '../platform/lifecycle';
import { COMMANDS, VIEWS } from '../platform/commands/ids';
import type { ShownSnapshot, Shown } from './shownSnapshot';
import type { TreeRow } from './breakdownModel';
import { breakdownDescription, breakdownRows } from './breakdownModel';
import { sourcesRows } from './sourcesModel';
import { RowTree } from './rowTree';

/**
 * The data a person reads row by row, in native views beside the panel (VS Code's UX guidelines:
 * a tree for data, a webview only for what only it can draw): Breakdown (agent → model) and
 * Sources (where Token Tier looked). Their empty states are `viewsWelcome` content in package.json.
 */
export class NativeViews extends Disposable {
  readonly breakdown = new RowTree();
  readonly sources = new RowTree();
  private readonly breakdownView: vscode.TreeView<TreeRow>;
  private readonly sourcesView: vscode.TreeView<TreeRow>;

  constructor(private readonly shown: ShownSnapshot) {
    super();
    this.breakdownView = this._register(vscode.window.createTreeView(VIEWS.breakdown, { treeDataProvider: this.breakdown, showCollapseAll: true }));
    this.sourcesView = this._register(vscode.window.createTreeView(VIEWS.sources, { treeDataProvider: this.sources, showCollapseAll: true }));
    this._register(this.breakdown);
    this._register(this.sources);
    this._register(shown.onDidChange((s) => this.render(s)));
    this._register(vscode.commands.registerCommand(COMMANDS.revealFolder, (row?: TreeRow) => this.reveal(row?.path)));
    this._register(vscode.commands.registerCommand(COMMANDS.openAgentFolder, (row?: TreeRow) => this.reveal(this.folderOf(row))));
    this._register(vscode.commands.registerCommand(COMMANDS.copyPath, (row?: TreeRow) => row?.path && vscode.env.clipboard.writeText(row.path)));
    this._register(vscode.commands.registerCommand(COMMANDS.addFolderFor, (row?: TreeRow) => vscode.commands.executeCommand(COMMANDS.addLogFolder, agentOf(row))));
    this.render(shown.current);
  }

  private render(s: Shown): void {
    const snap = s.snapshot;
    // No rows while loading or empty: the views' welcome content speaks then.
    this.breakdown.set(snap && !s.empty ? breakdownRows(snap) : []);
    this.breakdownView.description = snap && !s.empty ? breakdownDescription(snap) : undefined;
    this.sources.set(snap ? sourcesRows(snap.scan, os.homedir()) : []);
    const r = snap?.scan;
    this.sourcesView.description = r ? `${r.sources.filter((x) => x.files > 0).length} of ${r.sources.length} agents found${snap?.demo ? ' · demo' : ''}` : undefined;
  }

  /** The first folder an agent's logs were found in (the Breakdown's "Open Log Folder"). */
  private folderOf(row: TreeRow | undefined): string | undefined {
    const agent = agentOf(row);
    return this.shown.current.snapshot?.scan?.sources.find((x) => x.agent === agent)?.folders.find((f) => f.found)?.path;
  }

  private reveal(path: string | undefined): void {
    if (path) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path));
  }
}

/** `agent:claude-code`, `missing:codex` → the agent id. */
function agentOf(row: TreeRow | undefined): AgentId | undefined {
  const m = row ? /^(?:agent|missing):(.+)$/.exec(row.id) : null;
  return (m?.[1] as AgentId | undefined) ?? undefined;
}
