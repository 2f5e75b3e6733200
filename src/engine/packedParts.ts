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
}

export const MANIFEST = 'meta.json';

/** A part's content: text, bytes, or a function that makes either when the pack is written. */
export type PartText = string | Buffer | (() => string | Buffer);
const PACK_PREFIX = 'pack-';
/** More packs than this and the small ones are folded into the next. */
const MAX_PACKS = 6;
/** An orphan pack (written by a run killed before its commit) is removed once it is this old. */
const ORPHAN_AGE_MS = 10 * 60 * 1000;

/** A damaged part or manifest: the caller answers it by rebuilding. */
export class PackCorruptError extends Error {}

/**
 * Named text parts stored copy-on-write in a few pack files. A commit writes every changed part
 * into ONE new pack (fsync'd once), then replaces the manifest (temp + fsync + rename): a kill at
 * any point leaves the old manifest with its untouched packs, or the new one. Packs are never
 * modified; those no part points to any more are deleted after the commit.
 */
export class PackedParts {
  private manifest: Manifest | undefined;
  private readonly fds = new Map<number, number>();
  /** Packs of the cache a rebuild replaces: deleted once the rebuilt one is committed. */
  private replaced = new Set<string>();
  /** The manifest in memory differs from the committed one even without changes (a rebuild). */
  private cleared = false;

  constructor(readonly dir: string) {}

  /** The committed manifest, or undefined when there is none; throws PackCorruptError if unreadable. */
  load(): Manifest | undefined {
    this.close();
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.dir, MANIFEST), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return (this.manifest = undefined);
      throw e;
    }
    try {
      this.manifest = JSON.parse(text) as Manifest;
    } catch (e) {
      throw new PackCorruptError(`${MANIFEST}: ${(e as Error).message}`);
    }
    return this.manifest;
  }

  /**
   * Starts from nothing (what a rebuild does); the old packs, and the `legacy` files of older
   * layouts, stay until the next commit.
   */
  clear(schema: number, parsers: Record<string, number>, legacy: readonly string[] = []): void {
    this.close();
    this.replaced = new Set([...this.packFiles(), ...legacy]);
    this.cleared = true;
    this.manifest = { schema, parsers, packs: [], sizes: [], parts: {} };
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
    const next: Manifest = { schema: old.schema, parsers: old.parsers, packs, sizes, parts };
    const manifestFile = path.join(this.dir, MANIFEST);
    const tmp = `${manifestFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(next), { mode: 0o600, flush: true });
    this.close();
    fs.renameSync(tmp, manifestFile);
    this.manifest = next;
    this.sweep(new Set([...this.replaced, ...old.packs].filter((p) => !packs.includes(p))));
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

  /** Packs the old manifest held and the new one does not, and orphans of killed runs. */
  private sweep(released: Set<string>): void {
    const live = new Set(this.manifest!.packs);
    for (const name of new Set([...released, ...this.packFiles()])) {
      if (live.has(name)) continue;
      const file = path.join(this.dir, name);
      try {
        if (released.has(name) || Date.now() - fs.statSync(file).mtimeMs > ORPHAN_AGE_MS) fs.rmSync(file, { recursive: true, force: true });
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
