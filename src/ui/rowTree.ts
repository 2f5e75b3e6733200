import * as vscode from 'vscode';
import type { TreeRow } from './breakdownModel';

/**
 * A native tree of `TreeRow`s (ui/breakdownModel.ts, ui/sourcesModel.ts): themed, keyboard- and
 * screen-reader-navigable, collapsible and resizable for free. Tooltips are Markdown that is never
 * trusted (no command links), so outside text in them stays text.
 */
export class RowTree implements vscode.TreeDataProvider<TreeRow> {
  private rows: TreeRow[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  set(rows: TreeRow[]): void {
    this.rows = rows;
    this.changed.fire();
  }

  get current(): readonly TreeRow[] {
    return this.rows;
  }

  getChildren(row?: TreeRow): TreeRow[] {
    return row ? row.children ?? [] : this.rows;
  }

  getTreeItem(row: TreeRow): vscode.TreeItem {
    const state = row.children?.length ? (row.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(row.label, state);
    item.id = row.id;
    item.description = row.description;
    if (row.tooltip) item.tooltip = new vscode.MarkdownString(row.tooltip);
    if (row.icon) item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
    item.contextValue = row.contextValue;
    if (row.accessibility) item.accessibilityInformation = { label: row.accessibility };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
