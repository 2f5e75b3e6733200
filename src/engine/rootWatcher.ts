import * as fs from 'node:fs';

/**
 * OS-level watching of the agents' log folders (recursive `fs.watch`: inotify, FSEvents or
 * ReadDirectoryChangesW), from the scan worker. Editors' own watchers are best-effort outside the
 * workspace; this one makes a new log line reach the badge in about a second either way.
 */
export class RootWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly onChange: () => void,
    private readonly onError: (message: string) => void,
    private readonly quietMs = 250,
  ) {}

  /** Watches exactly these folders (adds new ones, drops the others). */
  watch(roots: readonly string[]): void {
    for (const [root, w] of this.watchers) {
      if (!roots.includes(root)) {
        w.close();
        this.watchers.delete(root);
      }
    }
    for (const root of roots) {
      if (this.watchers.has(root)) continue;
      try {
        const w = fs.watch(root, { recursive: true, persistent: false }, (_event, name) => {
          if (name === null || String(name).endsWith('.jsonl') || !String(name).includes('.')) this.fire();
        });
        w.on('error', (e) => {
          this.onError(`watching ${root} stopped: ${(e as Error).message}`);
          w.close();
          this.watchers.delete(root);
        });
        this.watchers.set(root, w);
      } catch (e) {
        this.onError(`cannot watch ${root}: ${(e as Error).message}`);
      }
    }
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private fire(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.onChange();
    }, this.quietMs);
  }
}
