/** Something to stop (VS Code's `Disposable` has the same shape). */
export interface Disposer {
  dispose(): void;
}

/** A minimal typed event, for services that must not depend on `vscode` (VS Code's `Event` has the same shape). */
export class Emitter<T> {
  private listeners = new Set<(e: T) => void>();

  readonly event = (fn: (e: T) => void): Disposer => {
    this.listeners.add(fn);
    return { dispose: () => this.listeners.delete(fn) };
  };

  fire(e: T): void {
    for (const fn of [...this.listeners]) fn(e);
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** Component-tagged logging, as the output channel takes it (services get this, not the channel). */
export interface Log {
  info(component: string, message: string): void;
  warn(component: string, message: string): void;
  error(component: string, message: string): void;
  trace(message: string): void;
}
