/**
 * SQLite's record format (https://www.sqlite.org/fileformat2.html#record_format): a header of
 * serial types, then the values. Only the columns asked for are decoded, so a row's big JSON
 * column is never turned into a string unless a source needs it.
 */

import type { SqlValue } from '../../sources/source';

export type { SqlValue };

/** A varint at `pos`: [value, next position]. Values past 2^53 lose precision (never a token count). */
export function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const b = buf[pos + i];
    if (b === undefined) throw new RangeError('varint runs past the page');
    v = v * 128 + (b & 0x7f);
    if (b < 0x80) return [v, pos + i + 1];
  }
  const last = buf[pos + 8];
  if (last === undefined) throw new RangeError('varint runs past the page');
  return [v * 256 + last, pos + 9];
}

/** Bytes a value of this serial type takes in the record body. */
function serialSize(t: number): number {
  if (t <= 4) return t;
  if (t === 5) return 6;
  if (t === 6 || t === 7) return 8;
  if (t <= 11) return 0; // 8, 9: the constants 0 and 1; 10, 11: reserved
  return Math.floor((t - 12) / 2);
}

export interface RecordDecoder {
  /** Text columns' encoding, from the database header. */
  text: TextDecoder;
}

/**
 * Decodes the record in `payload` into `out[i]` for each wanted column index `i` (others stay
 * undefined). Columns past the record's end — added by ALTER TABLE after the row was written —
 * are `undefined`, for the caller to give their declared default.
 */
export function decodeRecord(payload: Uint8Array, wanted: readonly number[], dec: RecordDecoder, out: Array<SqlValue | undefined>): void {
  out.length = 0;
  const [headerSize, first] = readVarint(payload, 0);
  if (headerSize > payload.length) throw new RangeError('record header runs past its payload');
  const maxWanted = wanted.length ? Math.max(...wanted) : -1;
  let hp = first;
  let body = headerSize;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  for (let col = 0; hp < headerSize && col <= maxWanted; col++) {
    const [t, next] = readVarint(payload, hp);
    hp = next;
    const size = serialSize(t);
    if (body + size > payload.length) throw new RangeError('record value runs past its payload');
    if (wanted.includes(col)) out[col] = value(t, view, payload, body, size, dec);
    body += size;
  }
}

function value(t: number, view: DataView, payload: Uint8Array, at: number, size: number, dec: RecordDecoder): SqlValue {
  switch (t) {
    case 0:
      return null;
    case 1:
      return view.getInt8(at);
    case 2:
      return view.getInt16(at);
    case 3:
      return (view.getInt8(at) << 16) | view.getUint16(at + 1);
    case 4:
      return view.getInt32(at);
    case 5:
      return view.getInt16(at) * 2 ** 32 + view.getUint32(at + 2);
    case 6:
      return Number(view.getBigInt64(at));
    case 7:
      return view.getFloat64(at);
    case 8:
      return 0;
    case 9:
      return 1;
  }
  if (t < 12) throw new RangeError(`reserved serial type ${t}`);
  const bytes = payload.subarray(at, at + size);
  return t % 2 === 0 ? bytes : dec.text.decode(bytes);
}
