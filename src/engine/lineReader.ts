import * as fs from 'node:fs';

/** Lines longer than this are skipped (and counted) rather than held in memory. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

export interface ReadResult {
  /** Offset just past the last complete line: where the next scan resumes. */
  endOffset: number;
  bytesRead: number;
  tooLong: number;
  /** An unterminated last line (still being written) was left for next time. */
  pendingTail: boolean;
}

/**
 * Streams complete lines of `fd` between `start` and `end` in 1 MiB chunks; a line never has to fit
 * in one string, and a half-written last line is not consumed.
 */
export function readLines(
  fd: number,
  start: number,
  end: number,
  onLine: (buf: Buffer, s: number, e: number) => void,
): ReadResult {
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let pos = start;
  let committed = start;
  let parts: Buffer[] = [];
  let carried = 0;
  let discarding = false;
  let tooLong = 0;
  while (pos < end) {
    const n = fs.readSync(fd, buf, 0, Math.min(CHUNK_BYTES, end - pos), pos);
    if (n <= 0) break;
    const base = pos;
    pos += n;
    let s = 0;
    for (;;) {
      const nl = buf.indexOf(10, s);
      if (nl < 0 || nl >= n) break;
      if (discarding) {
        discarding = false;
        tooLong++;
      } else if (carried > 0) {
        parts.push(buf.subarray(s, nl));
        const line = Buffer.concat(parts, carried + nl - s);
        parts = [];
        carried = 0;
        if (line.length > MAX_LINE_BYTES) tooLong++;
        else if (line.length > 0) onLine(line, 0, line.length);
      } else if (nl > s) {
        onLine(buf, s, nl);
      }
      s = nl + 1;
      committed = base + s;
    }
    if (s < n && !discarding) {
      if (carried + (n - s) > MAX_LINE_BYTES) {
        discarding = true;
        parts = [];
        carried = 0;
      } else {
        parts.push(Buffer.from(buf.subarray(s, n)));
        carried += n - s;
      }
    }
  }
  return { endOffset: committed, bytesRead: pos - start, tooLong, pendingTail: carried > 0 || discarding };
}
