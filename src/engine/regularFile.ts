import * as fs from 'node:fs';

/** Not on Windows, where a FIFO cannot be named like a file anyway. */
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

/**
 * A file opened for reading only if it is a regular file: opened non-blocking and checked with
 * `fstat` before any read, since a FIFO, socket or device named like a log or a database's
 * companion would otherwise block the scan forever. Undefined when it is missing or not a regular
 * file; other errors (permissions) are thrown.
 */
export function openRegularFile(file: string): number | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  if (fs.fstatSync(fd).isFile()) return fd;
  fs.closeSync(fd);
  return undefined;
}
