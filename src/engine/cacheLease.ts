import * as fs from 'node:fs';
import * as path from 'node:path';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';

/** Who holds the lease: written once by the holder, never changed. */
interface Holder {
  id: string;
  pid: number;
  host: string;
  since: number;
}

export interface LeaseOptions {
  /** The lease file's name in `dir` (default `writer.lock`: the cache's writer). */
  file?: string;
  /** Another thread's view of the same lease (the CLI's scan thread checks its process' lease). */
  id?: string;
  /** A lease not renewed for this long is stale (its holder froze or died on another machine). */
  staleMs?: number;
  now?: () => number;
  host?: string;
  pid?: number;
  /** Whether a process of this machine is alive (tests stand in a dead one). */
  isAlive?: (pid: number) => boolean;
}

export const LEASE_FILE = 'writer.lock';
const STALE_MS = 60_000;
/** An empty lease file is a holder that died between creating and writing it. */
const EMPTY_GRACE_MS = 5_000;

/**
 * The right to write one cache folder, held by one process at a time: any number of VS Code
 * windows (each its own extension host and scan worker) and CLI runs share the folder, and only the
 * holder scans into it and commits; the others read what it commits. The lease is a file created
 * exclusively (`wx`); its holder touches it while it lives. It is stale when its holder's process is
 * gone (same machine) or it has not been touched for `staleMs`; a stale lease is broken by renaming
 * it aside and checking that what was moved is the stale holder's, so two processes breaking it at
 * once cannot both win. A holder that finds the file is no longer its own has lost the lease and
 * must stop writing (PackedParts checks before each commit).
 */
export class CacheLease {
  readonly id: string;
  private readonly file: string;
  private readonly staleMs: number;
  private readonly now: () => number;
  private readonly host: string;
  private readonly pid: number;
  private readonly isAlive: (pid: number) => boolean;

  constructor(readonly dir: string, opts: LeaseOptions = {}) {
    this.id = opts.id ?? randomUUID();
    this.file = path.join(dir, opts.file ?? LEASE_FILE);
    this.staleMs = opts.staleMs ?? STALE_MS;
    this.now = opts.now ?? Date.now;
    this.host = opts.host ?? hostname();
    this.pid = opts.pid ?? process.pid;
    this.isAlive = opts.isAlive ?? pidAlive;
  }

  /** Takes the lease if it is free or stale; true when this process holds it afterwards. */
  tryAcquire(): boolean {
    if (this.holds()) return this.renew();
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.create()) return true;
      const seen = this.read();
      if (seen === 'gone') continue;
      if (!this.stale(seen)) return false;
      this.breakStale(seen);
    }
    return false;
  }

  /** Whether the lease file is this process' (read, not assumed: another may have broken it). */
  holds(): boolean {
    const seen = this.read();
    return seen !== 'gone' && seen.holder?.id === this.id;
  }

  /** Touches the lease if it is still this process'; false when it was lost. */
  renew(): boolean {
    if (!this.holds()) return false;
    const t = new Date(this.now());
    try {
      fs.utimesSync(this.file, t, t);
      return true;
    } catch {
      return false;
    }
  }

  /** Gives the lease up, if held, so another window takes over at once. */
  release(): void {
    if (!this.holds()) return;
    try {
      fs.unlinkSync(this.file);
    } catch {
      // already gone
    }
  }

  /** Whether someone live holds the lease now (for a reader deciding whether to try). */
  heldByOther(): boolean {
    const seen = this.read();
    return seen !== 'gone' && seen.holder?.id !== this.id && !this.stale(seen);
  }

  private create(): boolean {
    const holder: Holder = { id: this.id, pid: this.pid, host: this.host, since: this.now() };
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(this.file, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  }

  private read(file = this.file): { holder: Holder | undefined; touchedAt: number } | 'gone' {
    try {
      const text = fs.readFileSync(file, 'utf8');
      const touchedAt = fs.statSync(file).mtimeMs;
      let holder: Holder | undefined;
      try {
        const h = JSON.parse(text) as Partial<Holder>;
        if (typeof h.id === 'string' && typeof h.pid === 'number' && typeof h.host === 'string') holder = h as Holder;
      } catch {
        // written halfway by a holder that died creating it
      }
      return { holder, touchedAt };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
      throw e;
    }
  }

  private stale(seen: { holder: Holder | undefined; touchedAt: number }): boolean {
    const age = this.now() - seen.touchedAt;
    if (!seen.holder) return age > EMPTY_GRACE_MS;
    if (seen.holder.host === this.host && seen.holder.pid !== this.pid && !this.isAlive(seen.holder.pid)) return true;
    return age > this.staleMs;
  }

  /**
   * Moves the stale lease aside; if what was moved is not the holder judged stale (another process
   * broke it and took a fresh one meanwhile), puts it back — a hard link fails if a third took the
   * name — and leaves the lease alone.
   */
  private breakStale(seen: { holder: Holder | undefined }): void {
    const aside = `${this.file}.${this.id}.stale`;
    try {
      fs.renameSync(this.file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    const moved = this.read(aside);
    if (moved !== 'gone' && moved.holder?.id !== seen.holder?.id) {
      try {
        fs.linkSync(aside, this.file);
      } catch {
        // the name was taken again: the moved holder will see it lost the lease
      }
    }
    fs.rmSync(aside, { force: true });
  }
}

/** Whether a process of this machine exists (EPERM: it does, under another user). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
