import type * as vscode from 'vscode';

/** Owns disposables: everything registered is disposed with it, in reverse order. */
export class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected _register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.disposables.push(d);
    return d;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.disposables.length) this.disposables.pop()!.dispose();
  }
}

/** A disposable from a plain function (timers, worker shutdown). */
export function toDisposable(fn: () => void): vscode.Disposable {
  return { dispose: fn };
}
