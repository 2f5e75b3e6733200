import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { MAX_ROWS_PER_BATCH } from '../../../src/shared/teamApi';

const gunzipAsync = promisify(gunzip);

/** A request the server refuses, with the HTTP status and a reason for the JSON error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    reason: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(reason);
  }
}

export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** A full batch (10,000 rows with their hours) inflates to about 4 MiB. */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;
/** Objects a body may hold: the batch, its rows and cleared days. */
const MAX_OBJECTS = 2 * MAX_ROWS_PER_BATCH + 1;
/** Values a body may hold: a row is 12 fields and 24 hours. */
const MAX_VALUES = MAX_ROWS_PER_BATCH * 40;

/**
 * Reads a JSON body (gzip allowed), refusing what is oversized, not JSON, or would build more
 * objects than a full batch has — counted on the bytes before `JSON.parse` runs, so a small gzip
 * of millions of `{}` never becomes millions of objects. Peak memory per request: the 2 MiB body,
 * the 8 MiB inflated text and at most 20,001 objects of 400,000 values.
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'unsupported_media_type', `content-type must be application/json, not ${type || 'missing'}`);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, 'body_too_large', `body over ${MAX_BODY_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'body_too_large', `body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let raw = Buffer.concat(chunks);
  const encoding = req.headers['content-encoding'];
  if (encoding === 'gzip') {
    try {
      raw = await gunzipAsync(raw, { maxOutputLength: MAX_INFLATED_BYTES });
    } catch (e) {
      const tooBig = (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test(String(e));
      throw tooBig ? new HttpError(413, 'body_too_large', `inflated body over ${MAX_INFLATED_BYTES} bytes`) : new HttpError(400, 'invalid_gzip', 'body is not valid gzip');
    }
  } else if (encoding && encoding !== 'identity') {
    throw new HttpError(415, 'unsupported_encoding', `content-encoding ${encoding} is not supported (use gzip)`);
  }
  const objects = count(raw, 0x7b); // {
  const values = count(raw, 0x2c); // ,
  if (objects > MAX_OBJECTS || values > MAX_VALUES) {
    throw new HttpError(422, 'too_many_rows', `a report holds at most ${MAX_ROWS_PER_BATCH} rows (this body has ${objects} objects and ${values} values)`);
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new HttpError(400, 'invalid_json', `body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Occurrences of one byte (braces and commas inside strings count too: a bound, not a parse). */
function count(buf: Buffer, byte: number): number {
  let n = 0;
  for (let i = buf.indexOf(byte); i !== -1; i = buf.indexOf(byte, i + 1)) n++;
  return n;
}
