import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Source } from '../sources/source';

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
  source: Source;
}

export interface DiscoveryResult {
  files: FoundFile[];
  /** Each root and whether it exists. */
  roots: Array<{ source: Source; path: string; found: boolean }>;
  problems: string[];
}

/**
 * Walks each source's folders for its log files. Symlinked folders are followed once (a loop or a
 * folder reachable twice is read once); unreadable or vanishing entries are reported, not fatal.
 */
export function discover(plan: Array<{ source: Source; roots: string[] }>): DiscoveryResult {
  const files: FoundFile[] = [];
  const roots: DiscoveryResult['roots'] = [];
  const problems: string[] = [];
  const seenDirs = new Set<string>();
  for (const { source, roots: dirs } of plan) {
    for (const root of dirs) {
      let st: fs.Stats;
      try {
        st = fs.statSync(root);
      } catch (e) {
        roots.push({ source, path: root, found: false });
        if (errCode(e) !== 'ENOENT' && errCode(e) !== 'ENOTDIR') problems.push(`${root}: ${errCode(e)}`);
        continue;
      }
      roots.push({ source, path: root, found: st.isDirectory() });
      if (st.isDirectory()) walk(source, root, '', st, files, problems, seenDirs);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, roots, problems };
}

function walk(
  source: Source,
  dir: string,
  rel: string,
  st: fs.Stats,
  files: FoundFile[],
  problems: string[],
  seenDirs: Set<string>,
): void {
  const id = `${st.dev}:${st.ino}`;
  if (seenDirs.has(id)) return;
  seenDirs.add(id);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if (errCode(e) !== 'ENOENT') problems.push(`${dir}: ${errCode(e)}`);
    return;
  }
  for (const ent of entries) {
    const full = path.join(dir, ent.name);
    const childRel = rel ? `${rel}/${ent.name}` : ent.name;
    const isLink = ent.isSymbolicLink();
    if (!isLink && !ent.isDirectory() && !ent.isFile()) continue;
    if (!isLink && ent.isFile() && !source.acceptsFile(childRel)) continue;
    let cst: fs.Stats;
    try {
      cst = fs.statSync(full);
    } catch (e) {
      if (errCode(e) !== 'ENOENT') problems.push(`${full}: ${errCode(e)}`);
      continue;
    }
    if (cst.isDirectory()) walk(source, full, childRel, cst, files, problems, seenDirs);
    else if (cst.isFile() && source.acceptsFile(childRel)) files.push({ path: full, size: cst.size, mtimeMs: cst.mtimeMs, source });
  }
}

export function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? String(e);
}

/**
 * Only the given files (reported by a watcher), resolved against the roots of the last full
 * discovery: a live update then costs a few `stat`s however big the tree. Paths outside the roots,
 * not accepted by their source, or gone are left to the next full scan.
 */
export function discoverPaths(paths: Iterable<string>, last: DiscoveryResult): DiscoveryResult {
  const files: FoundFile[] = [];
  for (const p of new Set(paths)) {
    const root = last.roots.find((r) => r.found && p.startsWith(r.path + path.sep));
    if (!root) continue;
    const rel = path.relative(root.path, p).split(path.sep).join('/');
    if (!root.source.acceptsFile(rel)) continue;
    try {
      const st = fs.statSync(p);
      if (st.isFile()) files.push({ path: p, size: st.size, mtimeMs: st.mtimeMs, source: root.source });
    } catch {
      // vanished between the event and now: the next full scan settles it
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, roots: last.roots, problems: [] };
}
