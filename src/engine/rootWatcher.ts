import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WatchTarget } from './discovery';

/** File names agents write usage to: JSONL, JSON documents, SQLite databases and their logs. */
const LOG_FILE = /\.(jsonl|json|db|sqlite)(-wal|-journal)?$/;

/**
 * OS-level watching of the agents' log folders (recursive `fs.watch`: inotify, FSEvents or
 * ReadDirectoryChangesW), from the scan worker. Editors' own watchers are best-effort outside the
 * workspace; this one makes a new log line reach the badge in about a second either way.
 */
export class RootWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private pending: NodeJS.Timeout | undefined;
  private changed = new Set<string>();
  private folderChanged = false;

  constructor(
    /** Called (debounced) with the files that changed since the last call, or `undefined` when a
     * folder changed too (its new files may have been written before they could be watched). */
    private readonly onChange: (paths: string[] | undefined) => void,
    private readonly onError: (message: string) => void,
    private readonly quietMs = 250,
  ) {}

  /** Watches exactly these folders (adds new ones, drops the others); busy editor folders only shallowly. */
  watch(targets: readonly WatchTarget[]): void {
    const keyOf = (t: WatchTarget) => `${t.recursive ? 'r' : 's'}:${t.path}`;
    const keys = new Set(targets.map(keyOf));
    for (const [key, w] of this.watchers) {
      if (!keys.has(key)) {
        w.close();
        this.watchers.delete(key);
      }
    }
    for (const t of targets) {
      const key = keyOf(t);
      const root = t.path;
      if (this.watchers.has(key)) continue;
      try {
        const w = fs.watch(root, { recursive: t.recursive, persistent: false }, (_event, name) => {
          const file = name === null ? undefined : String(name);
          if (file !== undefined && LOG_FILE.test(file)) this.changed.add(path.join(root, file));
          else if (file === undefined || !file.includes('.')) this.folderChanged = true;
          else return;
          this.fire();
        });
        w.on('error', (e) => {
          this.onError(`watching ${root} stopped: ${(e as Error).message}`);
          w.close();
          this.watchers.delete(key);
        });
        this.watchers.set(key, w);
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
      const paths = this.folderChanged ? undefined : [...this.changed];
      this.changed = new Set();
      this.folderChanged = false;
      this.onChange(paths);
    }, this.quietMs);
  }
}
