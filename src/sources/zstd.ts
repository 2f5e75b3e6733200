import { Decompress } from 'fzstd';

/**
 * Zstandard decompression for Zed's thread rows, in plain JavaScript: VS Code's Node has no zstd
 * (`zlib.zstdDecompressSync` arrived in Node 22.15) and the extension ships no native module.
 * The decoder is fzstd (101arrowz/fzstd, MIT, no dependencies); this file adds the limits a
 * reader of other programs' files needs, since fzstd allocates whatever window a frame declares.
 */

/** The most a row may decompress to (a thread's JSON is a few MB; more is damage or a bomb). */
export const MAX_DECOMPRESSED = 256 * 1024 * 1024;

/** Why bytes could not be decompressed: not zstd, cut short, or over the limit. */
export class ZstdError extends Error {}

const FRAME_MAGIC = 0xfd2fb528;

/**
 * Walks the frames' headers and block headers (RFC 8878 §3.1) without decoding, so a frame that
 * declares a window or a size over `limit`, a dictionary, or a truncated block is refused before
 * anything is allocated for it.
 */
function checkFrames(data: Uint8Array, limit: number): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  if (data.length < 4) throw new ZstdError('too short for a zstd frame');
  while (at < data.length) {
    if (at + 4 > data.length) throw new ZstdError('data after the last frame');
    const magic = view.getUint32(at, true);
    if (magic >>> 4 === 0x184d2a5) {
      // A skippable frame: magic, 4-byte size, content.
      if (at + 8 > data.length) throw new ZstdError('skippable frame cut short');
      at += 8 + view.getUint32(at + 4, true);
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new ZstdError('not a zstd frame');
    const flags = data[at + 4];
    if (flags === undefined) throw new ZstdError('frame header cut short');
    const single = (flags >> 5) & 1;
    const dictBytes = [0, 1, 2, 4][flags & 3]!;
    const sizeBytes = [single, 2, 4, 8][flags >> 6]!;
    let p = at + 5;
    let window = 0;
    if (!single) {
      const d = data[p++];
      if (d === undefined) throw new ZstdError('frame header cut short');
      const base = 2 ** (10 + (d >> 3));
      window = base + (base / 8) * (d & 7);
    }
    if (dictBytes && data.subarray(p, p + dictBytes).some((b) => b !== 0)) throw new ZstdError('frame needs a dictionary');
    p += dictBytes;
    let size = 0;
    for (let i = 0; i < sizeBytes; i++) size += (data[p + i] ?? 0) * 2 ** (8 * i);
    if (sizeBytes === 2) size += 256;
    p += sizeBytes;
    if (p > data.length) throw new ZstdError('frame header cut short');
    if (window > limit || size > limit) throw new ZstdError(`frame declares more than ${limit} bytes`);
    for (let last = 0; !last; ) {
      if (p + 3 > data.length) throw new ZstdError('block cut short');
      const h = data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16);
      last = h & 1;
      const type = (h >> 1) & 3;
      if (type === 3) throw new ZstdError('reserved block type');
      p += 3 + (type === 1 ? 1 : h >>> 3);
      if (p > data.length) throw new ZstdError('block cut short');
    }
    if ((flags >> 2) & 1) p += 4; // content checksum
    if (p > data.length) throw new ZstdError('checksum cut short');
    at = p;
  }
}

/** The decompressed bytes of one or more zstd frames, or a `ZstdError`. */
export function zstdDecompress(data: Uint8Array, limit = MAX_DECOMPRESSED): Uint8Array {
  checkFrames(data, limit);
  const parts: Uint8Array[] = [];
  let size = 0;
  const d = new Decompress((chunk) => {
    size += chunk.length;
    if (size > limit) throw new ZstdError(`decompresses to more than ${limit} bytes`);
    // A block may be a view of the decoder's window, which the next block overwrites.
    parts.push(chunk.slice());
  });
  try {
    d.push(data, true);
  } catch (e) {
    throw e instanceof ZstdError ? e : new ZstdError(`damaged zstd data (${e instanceof Error ? e.message : String(e)})`);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
