import * as fs from 'node:fs';

/**
 * The write-ahead log as SQLite defines it (https://www.sqlite.org/fileformat2.html#walformat):
 * a 32-byte header, then frames of a 24-byte header and one page. A frame counts only if its
 * salts match the header's and its running checksum is right, and only up to the last commit
 * frame: exactly what a reader that opened the database at this moment would see. An agent's
 * newest rows often live only here until its next checkpoint.
 */
export interface WalIndex {
  /** The header's 32 bytes: if they change, the log was restarted or rewritten. */
  header: Buffer;
  pageSize: number;
  /** Page number → file offset of its newest committed copy. */
  pages: Map<number, number>;
  /** Database size in pages after the last commit, or 0 when the log holds no commit. */
  dbPages: number;
  /** Committed frames. */
  frames: number;
}

const HEADER = 32;
const FRAME_HEADER = 24;
const FRAMES_PER_READ = 64;

/** An empty index: no log, or a log that holds nothing committed. */
export function emptyWal(): WalIndex {
  return { header: Buffer.alloc(0), pageSize: 0, pages: new Map(), dbPages: 0, frames: 0 };
}

/** Reads the log's frame headers and checksums (never writes, never locks). */
export function readWal(fd: number, size: number): WalIndex {
  if (size < HEADER) return emptyWal();
  const header = Buffer.alloc(HEADER);
  fs.readSync(fd, header, 0, HEADER, 0);
  const magic = header.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return emptyWal();
  const bigEndian = (magic & 1) === 1;
  const pageSize = header.readUInt32BE(8) === 1 ? 65536 : header.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return emptyWal();
  const salt1 = header.readUInt32BE(16);
  const salt2 = header.readUInt32BE(20);
  let sum = checksum(header, 0, 24, bigEndian, [0, 0]);
  if (sum[0] !== header.readUInt32BE(24) || sum[1] !== header.readUInt32BE(28)) return emptyWal();

  const frameSize = FRAME_HEADER + pageSize;
  const chunk = Buffer.alloc(frameSize * FRAMES_PER_READ);
  const pending = new Map<number, number>();
  const pages = new Map<number, number>();
  let dbPages = 0;
  let frames = 0;
  let offset = HEADER;
  let n = 0;
  scan: while (offset + frameSize <= size) {
    const want = Math.min(FRAMES_PER_READ, Math.floor((size - offset) / frameSize));
    const got = fs.readSync(fd, chunk, 0, want * frameSize, offset);
    for (let f = 0; f + frameSize <= got; f += frameSize) {
      const pgno = chunk.readUInt32BE(f);
      const commit = chunk.readUInt32BE(f + 4);
      if (pgno === 0 || chunk.readUInt32BE(f + 8) !== salt1 || chunk.readUInt32BE(f + 12) !== salt2) break scan;
      sum = checksum(chunk, f, 8, bigEndian, sum);
      sum = checksum(chunk, f + FRAME_HEADER, pageSize, bigEndian, sum);
      if (sum[0] !== chunk.readUInt32BE(f + 16) || sum[1] !== chunk.readUInt32BE(f + 20)) break scan;
      n++;
      pending.set(pgno, offset + f + FRAME_HEADER);
      if (commit !== 0) {
        for (const [p, at] of pending) pages.set(p, at);
        pending.clear();
        dbPages = commit;
        frames = n;
      }
    }
    if (got < want * frameSize) break;
    offset += got;
  }
  return { header, pageSize, pages, dbPages, frames };
}

/** SQLite's WAL checksum: pairs of 32-bit words, in the byte order the magic number names. */
function checksum(buf: Buffer, start: number, len: number, bigEndian: boolean, [s1, s2]: [number, number]): [number, number] {
  for (let i = start; i < start + len; i += 8) {
    const x0 = bigEndian ? buf.readUInt32BE(i) : buf.readUInt32LE(i);
    const x1 = bigEndian ? buf.readUInt32BE(i + 4) : buf.readUInt32LE(i + 4);
    s1 = (s1 + x0 + s2) >>> 0;
    s2 = (s2 + x1 + s1) >>> 0;
  }
  return [s1, s2];
}
