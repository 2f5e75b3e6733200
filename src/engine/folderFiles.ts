import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FolderFiles } from '../sources/source';
import { openRegularFile } from './regularFile';

/** Most bytes one `read` hands out: a bigger request is a corrupt offset, not a log. */
const MAX_READ = 64 * 1024 * 1024;

/**
 * Read-only access to the files under `dir` for a database reader (see `FolderFiles`). Paths that
 * climb out of `dir` are refused: a reader sees its own folder and nothing else.
 */
export function folderFiles(dir: string): FolderFiles {
  const full = (rel: string): string | undefined => {
    const p = path.join(dir, ...rel.split('/'));
    return p === dir || p.startsWith(dir + path.sep) ? p : undefined;
  };
  return {
    list(relDir) {
      const p = full(relDir);
      try {
        return p ? fs.readdirSync(p) : [];
      } catch {
        return [];
      }
    },
    stat(rel) {
      const p = full(rel);
      try {
        const st = p ? fs.statSync(p) : undefined;
        return st?.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
      } catch {
        return undefined;
      }
    },
    read(rel, from, to) {
      const p = full(rel);
      if (!p || from < 0 || to < from) return undefined;
      let fd: number | undefined;
      try {
        fd = openRegularFile(p);
      } catch {
        return undefined;
      }
      if (fd === undefined) return undefined;
      try {
        const n = Math.max(0, Math.min(to, fs.fstatSync(fd).size, from + MAX_READ) - from);
        const buf = Buffer.alloc(n);
        const got = n > 0 ? fs.readSync(fd, buf, 0, n, from) : 0;
        return buf.subarray(0, got);
      } catch {
        return undefined;
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}
