import * as fs from 'node:fs';
import type { LookFs } from '../sources/noCounts';

/** `stat` and `readdir` for `findNoCounts`: nothing is opened, so a FIFO or a huge database costs one call. */
export const nodeLookFs: LookFs = {
  kind(p) {
    try {
      return fs.statSync(p).isDirectory() ? 'dir' : 'file';
    } catch {
      return undefined;
    }
  },
  list(dir) {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  },
};
