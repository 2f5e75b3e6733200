import * as fs from 'node:fs';
import { MANIFEST } from './packedParts';
import { LEASE_FILE } from './cacheLease';
import { WAKE_FILE } from './sharedScanner';

/** What changed in the shared cache folder, as the windows sharing it care about it. */
export type CacheEvent = 'committed' | 'lease' | 'wake';

const NAMES: Record<string, CacheEvent> = { [MANIFEST]: 'committed', [LEASE_FILE]: 'lease', [WAKE_FILE]: 'wake' };

/**
 * Watches the shared cache folder itself (one non-recursive `fs.watch`): a reader learns of the
 * writer's commits and of the lease being given up; the writer of a reader's request for a scan.
 * Debounced, since one commit is a few events.
 */
export class CacheWatcher {
  private watcher: fs.FSWatcher | undefined;
  private dir = '';
  private timer: NodeJS.Timeout | undefined;
  private pending = new Set<CacheEvent>();

  constructor(
    private readonly onEvents: (events: ReadonlySet<CacheEvent>) => void,
    private readonly quietMs = 100,
  ) {}

  watch(dir: string): void {
    if (dir === this.dir && this.watcher) return;
    this.close();
    this.dir = dir;
    try {
      fs.mkdirSync(dir, { recursive: true });
      this.watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
        const what = name === null ? undefined : NAMES[String(name)];
        if (!what) return;
        this.pending.add(what);
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          const events = this.pending;
          this.pending = new Set();
          this.onEvents(events);
        }, this.quietMs);
      });
      this.watcher.on('error', () => this.close());
    } catch {
      // Without it a reader still catches up at its next scan request (poll, focus).
      this.watcher = undefined;
    }
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
