import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where a part's text is: which pack, at which byte, how long. */
type PartRef = [pack: number, offset: number, length: number];

/** The one file whose rename commits a persist; everything else is reached through it. */
export interface Manifest {
  schema: number;
  parsers: Record<string, number>;
  packs: string[];
  /** Each pack's length: with the live parts, how much of it is dead. */
  sizes: number[];
  parts: Record<string, PartRef>;
  /**
   * Packs no part points to any more, with when they were let go: kept for `RETIRE_MS`, since a
   * reader in another process may have loaded the manifest that still names them.
   */
  retired?: Record<string, number>;
}

export const MANIFEST = 'meta.json';

/** A part's content: text, bytes, or a function that makes either when the pack is written. */
export type PartText = string | Buffer | (() => string | Buffer);
const PACK_PREFIX = 'pack-';
/** More packs than this and the small ones are folded into the next. */
const MAX_PACKS = 6;
/**
 * A pack let go by a commit stays this long: any process that loaded an older manifest (a window
 * following the writer, a CLI run) reads its parts within seconds of loading it.
 */
export const RETIRE_MS = 10 * 60 * 1000;
/**
 * A pack no manifest knows (written by a writer killed, or stopped, before its commit) is removed
 * once it is this old — long after any writer that made it could still commit.
 */
const ORPHAN_AGE_MS = 60 * 60 * 1000;

/** A damaged part or manifest: the caller answers it by rebuilding. */
export class PackCorruptError extends Error {}

/**
 * The commit was not made: another process committed since this one loaded the manifest, or this
 * process no longer holds the right to write. Nothing changed on disk; the caller loads again.
 */
export class CommitRefusedError extends Error {}

/** What a manifest file is on disk: a commit's rename gives it a new inode. */
type FileStamp = string;

/**
 * Named text parts stored copy-on-write in a few pack files. A commit writes every changed part
 * into ONE new pack (fsync'd once), then replaces the manifest (temp + fsync + rename): a kill at
 * any point leaves the old manifest with its untouched packs, or the new one. Packs are never
 * modified; those no part points to any more are deleted after the commit.
 */
export class PackedParts {
  private manifest: Manifest | undefined;
  private readonly fds = new Map<number, number>();
  /** Packs of the cache a rebuild replaces: retired once the rebuilt one is committed. */
  private replaced = new Set<string>();
  /** Files of older layouts a rebuild removes once it is committed. */
  private legacy: readonly string[] = [];
  /** The manifest in memory differs from the committed one even without changes (a rebuild). */
  private cleared = false;
  /** The manifest file this process loaded or committed last ('' when there was none). */
  private stamp: FileStamp = '';

  /**
   * `mayCommit` is asked just before a commit replaces the manifest: false (this process lost the
   * right to write, see CacheLease) refuses the commit.
   */
  constructor(
    readonly dir: string,
    private readonly mayCommit: () => boolean = () => true,
  ) {}

  /** The committed manifest, or undefined when there is none; throws PackCorruptError if unreadable. */
  load(): Manifest | undefined {
    this.close();
    this.manifest = undefined;
    this.cleared = false;
    this.replaced.clear();
    let text: string;
    try {
      const fd = fs.openSync(path.join(this.dir, MANIFEST), 'r');
      try {
        // The stamp of the very file read: a commit that lands meanwhile is a new inode.
        this.stamp = stampOf(fs.fstatSync(fd));
        text = fs.readFileSync(fd, 'utf8');
      } finally {
        fs.closeSync(fd);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.stamp = '';
        return (this.manifest = undefined);
      }
      throw e;
    }
    try {
      this.manifest = JSON.parse(text) as Manifest;
    } catch (e) {
      throw new PackCorruptError(`${MANIFEST}: ${(e as Error).message}`);
    }
    return this.manifest;
  }

  /** Whether the manifest on disk is still the one this process loaded or committed last. */
  current(): boolean {
    return currentStamp(path.join(this.dir, MANIFEST)) === this.stamp;
  }

  /**
   * Starts from nothing (what a rebuild does); the old manifest's packs, and the `legacy` files of
   * older layouts, stay until the next commit.
   */
  clear(schema: number, parsers: Record<string, number>, legacy: readonly string[] = []): void {
    this.close();
    const old = this.manifest;
    this.replaced = new Set([...(old?.packs ?? []), ...Object.keys(old?.retired ?? {})]);
    this.legacy = legacy;
    this.cleared = true;
    this.manifest = { schema, parsers, packs: [], sizes: [], parts: {}, retired: old?.retired };
  }

  /** Records new parser versions: the next commit writes the manifest even with no part changed. */
  setParsers(parsers: Record<string, number>): void {
    if (!this.manifest) throw new Error('setParsers before load');
    this.manifest = { ...this.manifest, parsers };
    this.cleared = true;
  }

  names(prefix: string): string[] {
    return Object.keys(this.manifest?.parts ?? {}).filter((n) => n.startsWith(prefix));
  }

  read(name: string): Buffer | undefined {
    const ref = this.manifest?.parts[name];
    if (!ref) return undefined;
    const [pack, offset, length] = ref;
    const file = this.manifest!.packs[pack];
    if (file === undefined) throw new PackCorruptError(`${name}: no pack ${pack}`);
    let fd = this.fds.get(pack);
    if (fd === undefined) {
      try {
        fd = fs.openSync(path.join(this.dir, file), 'r');
      } catch (e) {
        throw new PackCorruptError(`${file}: ${(e as Error).message}`);
      }
      this.fds.set(pack, fd);
    }
    const buf = Buffer.allocUnsafe(length);
    const n = fs.readSync(fd, buf, 0, length, offset);
    if (n !== length) throw new PackCorruptError(`${name}: ${file} is short`);
    return buf;
  }

  /**
   * Writes `changes` (undefined removes a part) as one new pack and commits a new manifest. A part
   * may be given as a function that makes its text: it is called while the pack is written, so
   * only one part's text is held at a time.
   */
  commit(changes: Map<string, PartText | undefined>): void {
    const old = this.manifest;
    if (!old) throw new Error('commit before load or clear');
    if (changes.size === 0 && !this.cleared) return;
    const parts: Record<string, PartRef> = {};
    for (const [name, ref] of Object.entries(old.parts)) if (!changes.has(name)) parts[name] = [...ref];
    // Small packs are folded in as raw bytes (no parse), so their number stays bounded.
    const fold = packsToFold(old, parts);
    const texts: Array<[string, PartText]> = [];
    for (const [name, ref] of Object.entries(parts)) {
      if (!fold.has(ref[0])) continue;
      texts.push([name, this.read(name)!]);
      delete parts[name];
    }
    for (const [name, text] of changes) if (text !== undefined) texts.push([name, text]);

    fs.mkdirSync(this.dir, { recursive: true });
    const packName = `${PACK_PREFIX}${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const kept = [...new Set(Object.values(parts).map((r) => r[0]))].sort((a, b) => a - b);
    const packs = kept.map((i) => old.packs[i]!);
    const sizes = kept.map((i) => old.sizes[i]!);
    const renumber = new Map(kept.map((i, j) => [i, j]));
    for (const ref of Object.values(parts)) ref[0] = renumber.get(ref[0])!;
    if (texts.length > 0) {
      const fd = fs.openSync(path.join(this.dir, packName), 'w', 0o600);
      try {
        let offset = 0;
        const me = packs.push(packName) - 1;
        for (const [name, text] of texts) {
          const content = typeof text === 'function' ? text() : text;
          const bytes = typeof content === 'string' ? fs.writeSync(fd, content, offset, 'utf8') : fs.writeSync(fd, content, 0, content.length, offset);
          parts[name] = [me, offset, bytes];
          offset += bytes;
        }
        sizes.push(offset);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    // Packs let go now join the retired; those retired long enough are removed after the commit.
    const now = Date.now();
    const retired: Record<string, number> = {};
    const expired: string[] = [];
    for (const [name, at] of Object.entries(old.retired ?? {})) {
      if (packs.includes(name)) continue;
      if (now - at >= RETIRE_MS) expired.push(name);
      else retired[name] = at;
    }
    for (const name of [...this.replaced, ...old.packs]) if (!packs.includes(name) && !(name in retired) && !expired.includes(name)) retired[name] = now;
    const next: Manifest = { schema: old.schema, parsers: old.parsers, packs, sizes, parts, ...(Object.keys(retired).length ? { retired } : {}) };
    const manifestFile = path.join(this.dir, MANIFEST);
    const tmp = `${manifestFile}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(next), { mode: 0o600, flush: true });
    this.close();
    // The last moment to find that another process wrote: then this commit never happened.
    if (!this.mayCommit() || !this.current()) {
      fs.rmSync(tmp, { force: true });
      if (texts.length > 0) fs.rmSync(path.join(this.dir, packName), { force: true });
      throw new CommitRefusedError(this.current() ? 'this process no longer holds the cache' : 'another process committed first');
    }
    const stamp = stampOf(fs.statSync(tmp));
    fs.renameSync(tmp, manifestFile);
    this.stamp = stamp;
    this.manifest = next;
    this.sweep(expired, new Set([...packs, ...Object.keys(retired)]));
    for (const name of this.legacy) fs.rmSync(path.join(this.dir, name), { recursive: true, force: true });
    this.legacy = [];
    this.replaced.clear();
    this.cleared = false;
  }

  private packFiles(): string[] {
    try {
      return fs.readdirSync(this.dir).filter((n) => n.startsWith(PACK_PREFIX));
    } catch {
      return [];
    }
  }

  /**
   * Removes the packs retired long enough, and orphans: packs no manifest knows, once they are so
   * old that no writer that made them can still commit. Nothing any reader may still need.
   */
  private sweep(expired: readonly string[], known: ReadonlySet<string>): void {
    for (const name of expired) fs.rmSync(path.join(this.dir, name), { force: true });
    for (const name of this.packFiles()) {
      if (known.has(name)) continue;
      const file = path.join(this.dir, name);
      try {
        if (Date.now() - fs.statSync(file).mtimeMs > ORPHAN_AGE_MS) fs.rmSync(file, { recursive: true, force: true });
      } catch {
        // Another process may have removed it first.
      }
    }
  }

  close(): void {
    for (const fd of this.fds.values()) fs.closeSync(fd);
    this.fds.clear();
  }
}

/**
 * Which packs to fold into the next: none while there are few; otherwise every pack but the one
 * with most live bytes, and that one too once most of it is dead.
 */
function packsToFold(m: Manifest, kept: Record<string, PartRef>): Set<number> {
  if (m.packs.length + 1 <= MAX_PACKS) return new Set();
  const live = new Map<number, number>();
  for (const [p, , len] of Object.values(kept)) live.set(p, (live.get(p) ?? 0) + len);
  let biggest = -1;
  for (const [p, n] of live) if (biggest < 0 || n > live.get(biggest)!) biggest = p;
  const fold = new Set(m.packs.map((_, i) => i));
  if (biggest >= 0 && live.get(biggest)! * 2 >= m.sizes[biggest]!) fold.delete(biggest);
  return fold;
}

function stampOf(st: fs.Stats): FileStamp {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
}

function currentStamp(file: string): FileStamp {
  try {
    return stampOf(fs.statSync(file));
  } catch {
    return '';
  }
}
