import * as fs from 'node:fs';

/** Lines longer than this are skipped (and counted) rather than held in memory. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
/**
 * Small enough that what a read brings in is still in the core's cache when the line search and
 * JSON.parse go over it: reading the 1 GiB bench corpus in 128 KiB chunks took ~0.3 s here against
 * ~0.8 s in 1 MiB ones (`.bench`, page cache warm). Longer lines are carried across chunks.
 */
const CHUNK_BYTES = 128 * 1024;

export interface ReadResult {
  /** Offset just past the last complete line: where the next scan resumes. */
  endOffset: number;
  bytesRead: number;
  tooLong: number;
  /** An unterminated last line (still being written) was left for next time. */
  pendingTail: boolean;
}

/**
 * `Buffer.indexOf` is several times slower for needles longer than 7 bytes (V8 switches search
 * algorithm), so a longer marker is searched by its first 7 bytes and the rest compared in place.
 */
const HEAD_BYTES = 7;

/** The next position of `marker` in `buf` at or after `from`, or -1. */
function indexOfMarker(buf: Buffer, marker: Buffer, head: Buffer, from: number): number {
  if (head === marker) return buf.indexOf(marker, from);
  const len = marker.length;
  for (let pos = buf.indexOf(head, from); pos >= 0; pos = buf.indexOf(head, pos + 1)) {
    if (pos + len > buf.length) return -1;
    let i = HEAD_BYTES;
    while (i < len && buf[pos + i] === marker[i]) i++;
    if (i === len) return pos;
  }
  return -1;
}

/**
 * Finds which lines of a chunk contain a marker, scanning the chunk once per marker (not once per
 * line): each marker's next position is kept until the line cursor passes it.
 */
class MarkerFilter {
  private readonly next: number[];
  private readonly heads: Buffer[];
  constructor(private readonly markers: readonly Buffer[]) {
    this.next = markers.map(() => -1);
    this.heads = markers.map((m) => (m.length > HEAD_BYTES ? m.subarray(0, HEAD_BYTES) : m));
  }
  /** Starts a new chunk. */
  reset(): void {
    this.next.fill(-1);
  }
  hits(buf: Buffer, s: number, e: number): boolean {
    for (let i = 0; i < this.markers.length; i++) {
      let pos = this.next[i]!;
      if (pos === Infinity) continue;
      if (pos < s) {
        pos = indexOfMarker(buf, this.markers[i]!, this.heads[i]!, s);
        this.next[i] = pos < 0 ? Infinity : pos;
      }
      if (pos >= s && pos + this.markers[i]!.length <= e) return true;
    }
    return false;
  }
}

/**
 * Streams complete lines of `fd` between `start` and `end` in 128 KiB chunks, passing on those that
 * contain a marker; a line never has to fit in one string, and a half-written last line is not
 * consumed.
 */
// One read buffer per thread: a scan opens thousands of files, and a fresh buffer each would only feed the GC.
let shared: Buffer | undefined;
function chunkBuffer(): Buffer {
  return (shared ??= Buffer.allocUnsafe(CHUNK_BYTES));
}

export function readLines(
  fd: number,
  start: number,
  end: number,
  markers: readonly Buffer[],
  onLine: (buf: Buffer, s: number, e: number) => void,
): ReadResult {
  const filter = new MarkerFilter(markers);
  const single = new MarkerFilter(markers);
  const whole = chunkBuffer();
  let pos = start;
  let committed = start;
  let parts: Buffer[] = [];
  let carried = 0;
  let discarding = false;
  let tooLong = 0;
  while (pos < end) {
    const n = fs.readSync(fd, whole, 0, Math.min(CHUNK_BYTES, end - pos), pos);
    if (n <= 0) break;
    // Searches must stop at the bytes just read, not run on into what an earlier read left behind.
    const buf = whole.subarray(0, n);
    const base = pos;
    pos += n;
    filter.reset();
    // A UTF-8 byte-order mark (Windows editors, some exporters) is not part of the first line's JSON.
    let s = base === 0 && n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    for (;;) {
      const nl = buf.indexOf(10, s);
      if (nl < 0) break;
      if (discarding) {
        discarding = false;
        tooLong++;
      } else if (carried > 0) {
        parts.push(buf.subarray(s, nl));
        const line = Buffer.concat(parts, carried + nl - s);
        parts = [];
        carried = 0;
        single.reset();
        if (line.length > MAX_LINE_BYTES) tooLong++;
        else if (single.hits(line, 0, line.length)) onLine(line, 0, line.length);
      } else if (nl > s && filter.hits(buf, s, nl)) {
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
