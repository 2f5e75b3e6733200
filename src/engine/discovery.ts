import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Source } from '../sources/source';

export interface FoundFile {
  path: string;
  /** Relative to its root, `/`-separated: what the source's `readerFor` decides on. */
  rel: string;
  /** For a database, the main file and its `-wal` together: the log changes without the file. */
  size: number;
  mtimeMs: number;
  source: Source;
}

/** A folder to watch for changes, whole tree or only its own entries. */
export interface WatchTarget {
  path: string;
  recursive: boolean;
}

export interface DiscoveryResult {
  files: FoundFile[];
  /** Each root and whether it exists. */
  roots: Array<{ source: Source; path: string; found: boolean }>;
  watch: WatchTarget[];
  /** Files not read because a sibling supersedes them (a session's `.json` beside its `.jsonl`). */
  shadowed: string[];
  problems: string[];
}

/**
 * Walks each source's folders for its log files. Symlinked folders are followed once (a loop or a
 * folder reachable twice is read once); folders a source cannot use are not entered; unreadable
 * or vanishing entries are reported, not fatal.
 */
export function discover(plan: Array<{ source: Source; roots: string[] }>): DiscoveryResult {
  const files: FoundFile[] = [];
  const roots: DiscoveryResult['roots'] = [];
  const watch = new Map<string, WatchTarget>();
  const problems: string[] = [];
  const shadowed: string[] = [];
  for (const { source, roots: dirs } of plan) {
    // Per source: two agents may be pointed at one folder, but one agent reads a folder once.
    const seenDirs = new Set<string>();
    for (const root of dirs) {
      let st: fs.Stats;
      try {
        st = fs.statSync(root);
      } catch (e) {
        roots.push({ source, path: root, found: false });
        if (errorText(e) !== 'ENOENT' && errorText(e) !== 'ENOTDIR') problems.push(`${root}: ${errorText(e)}`);
        continue;
      }
      roots.push({ source, path: root, found: st.isDirectory() });
      if (!st.isDirectory()) continue;
      const before = files.length;
      walk(source, root, '', st, files, problems, seenDirs);
      const mine = files.splice(before);
      const kept = unshadowed(source, mine);
      files.push(...kept);
      if (kept.length < mine.length) {
        const keep = new Set(kept);
        for (const f of mine) if (!keep.has(f)) shadowed.push(f.path);
        foldIntoDatabases(source, kept, mine.filter((f) => !keep.has(f)));
      }
      if (!source.watchFileFolders) watch.set(root, { path: root, recursive: true });
      else for (const f of mine) watch.set(path.dirname(f.path), { path: path.dirname(f.path), recursive: false });
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, roots, watch: [...watch.values()], shadowed, problems };
}

function walk(source: Source, dir: string, rel: string, st: fs.Stats, files: FoundFile[], problems: string[], seenDirs: Set<string>): void {
  const id = `${st.dev}:${st.ino}`;
  if (seenDirs.has(id)) return;
  seenDirs.add(id);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if (errorText(e) !== 'ENOENT') problems.push(`${dir}: ${errorText(e)}`);
    return;
  }
  for (const ent of entries) {
    const full = path.join(dir, ent.name);
    const childRel = rel ? `${rel}/${ent.name}` : ent.name;
    const isLink = ent.isSymbolicLink();
    if (!isLink && !ent.isDirectory() && !ent.isFile()) continue;
    if (!isLink && ent.isFile() && !source.readerFor(childRel)) continue;
    if (!isLink && ent.isDirectory() && source.acceptsDir && !source.acceptsDir(childRel)) continue;
    let cst: fs.Stats;
    try {
      cst = fs.statSync(full);
    } catch (e) {
      if (errorText(e) !== 'ENOENT') problems.push(`${full}: ${errorText(e)}`);
      continue;
    }
    if (cst.isDirectory()) {
      if (!source.acceptsDir || source.acceptsDir(childRel)) walk(source, full, childRel, cst, files, problems, seenDirs);
    } else if (cst.isFile()) {
      const found = foundFile(source, full, childRel, cst);
      if (found) files.push(found);
    }
  }
}

/** A usage file as found: a database counts its write-ahead log into its size and time. */
function foundFile(source: Source, full: string, rel: string, st: fs.Stats): FoundFile | undefined {
  const reader = source.readerFor(rel);
  if (!reader) return undefined;
  let { size, mtimeMs } = st;
  if (reader.kind === 'database') {
    try {
      const wal = fs.statSync(`${full}-wal`);
      size += wal.size;
      mtimeMs = Math.max(mtimeMs, wal.mtimeMs);
    } catch {
      // no log: everything is in the main file
    }
  }
  return { path: full, rel, size, mtimeMs, source };
}

/** Drops files that the source says are stale copies of a sibling that exists. */
function unshadowed(source: Source, files: FoundFile[]): FoundFile[] {
  if (!source.shadowedBy) return files;
  const rels = new Set(files.map((f) => f.rel));
  return files.filter((f) => {
    const sibling = source.shadowedBy!(f.rel);
    return sibling === undefined || !rels.has(sibling);
  });
}

/**
 * A database that reads the files it shadows itself (Copilot CLI's store and its sessions'
 * events) changes when they do: their sizes and times are part of its own, so a new line in one
 * of them reads the database again.
 */
function foldIntoDatabases(source: Source, kept: FoundFile[], shadowedFiles: FoundFile[]): void {
  const byRel = new Map(kept.map((f) => [f.rel, f]));
  for (const f of shadowedFiles) {
    const db = byRel.get(source.shadowedBy!(f.rel)!);
    if (!db || source.readerFor(db.rel)?.kind !== 'database') continue;
    db.size += f.size;
    db.mtimeMs = Math.max(db.mtimeMs, f.mtimeMs);
  }
}

/** An error as one short line: its errno code, else its message. */
export function errorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code ?? (e instanceof Error ? e.message : String(e));
}

/** A watcher's path for a database's companion file names the database itself. */
function mainFileOf(p: string): string {
  return p.replace(/-(wal|shm|journal)$/, '');
}

/**
 * Only the given files (reported by a watcher), resolved against the roots of the last full
 * discovery: a live update then costs a few `stat`s however big the tree. Paths outside the roots,
 * not accepted by their source, or gone are left to the next full scan.
 */
export function discoverPaths(paths: Iterable<string>, last: DiscoveryResult): DiscoveryResult {
  const files: FoundFile[] = [];
  for (const p of new Set([...paths].map(mainFileOf))) {
    const root = last.roots.find((r) => r.found && p.startsWith(r.path + path.sep));
    if (!root) continue;
    const rel = path.relative(root.path, p).split(path.sep).join('/');
    const sibling = root.source.shadowedBy?.(rel);
    let target = p;
    let targetRel = rel;
    if (sibling !== undefined && fs.existsSync(path.join(root.path, ...sibling.split('/')))) {
      // A database that reads this file itself is read again; any other shadowing sibling means the file is not read.
      if (root.source.readerFor(sibling)?.kind !== 'database') continue;
      target = path.join(root.path, ...sibling.split('/'));
      targetRel = sibling;
    }
    try {
      const st = fs.statSync(target);
      const found = st.isFile() && !files.some((f) => f.path === target) ? foundFile(root.source, target, targetRel, st) : undefined;
      if (found) files.push(found);
    } catch {
      // vanished between the event and now: the next full scan settles it
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, roots: last.roots, watch: last.watch, shadowed: [], problems: [] };
}
