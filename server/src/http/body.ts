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
/** Objects and arrays a body may hold: the batch, its two lists, each row with its hours, cleared days. */
const MAX_CONTAINERS = 3 * MAX_ROWS_PER_BATCH + 3;
/** Values a body may hold: a row is 12 fields and 24 hours. */
const MAX_VALUES = MAX_ROWS_PER_BATCH * 40;
/** The deepest a report nests: batch → rows → row → hourly. */
const MAX_DEPTH = 8;

/**
 * Reads a JSON body (gzip allowed), refusing what is oversized, not JSON, or would build more
 * than a full batch has — counted on the bytes before `JSON.parse` runs, so a small gzip of
 * millions of `{}` or of `[[[[…]]]]` never becomes millions of objects. Peak memory per request:
 * the 2 MiB body, the 8 MiB inflated text and at most 30,003 objects and arrays of 400,000 values,
 * nested at most 8 deep.
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const [mediaType, ...params] = String(req.headers['content-type'] ?? '').split(';');
  const type = mediaType!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'unsupported_media_type', `content-type must be application/json, not ${type || 'missing'}`);
  // JSON on the wire is UTF-8 (RFC 8259 §8.1); a body labelled otherwise would be misread.
  const charset = params.map((p) => /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p)?.[1]?.toLowerCase()).find(Boolean);
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw new HttpError(415, 'unsupported_media_type', `JSON must be UTF-8, not ${charset}`);
  const raw = await readBody(req);
  const shape = measure(raw);
  if (shape.depth > MAX_DEPTH) throw new HttpError(422, 'too_deep', `a report nests at most ${MAX_DEPTH} levels deep`);
  if (shape.containers > MAX_CONTAINERS || shape.values > MAX_VALUES) {
    throw new HttpError(422, 'too_many_rows', `a report holds at most ${MAX_ROWS_PER_BATCH} rows (this body has ${shape.containers} objects and arrays and ${shape.values} values)`);
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new HttpError(400, 'invalid_json', `body is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * The request's bytes, inflated when `Content-Encoding: gzip`: at most MAX_BODY_BYTES on the wire
 * and MAX_INFLATED_BYTES inflated, else 413; a broken gzip is 400, another encoding 415.
 */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
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
  return raw;
}

/**
 * Objects and arrays, values (commas) and nesting depth of JSON text, outside strings, in one pass
 * over the bytes. Stops counting once past the depth limit: that alone refuses the body.
 */
export function measure(buf: Buffer, maxDepth = MAX_DEPTH): { containers: number; values: number; depth: number } {
  let containers = 0;
  let values = 0;
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === 0x22) {
      // Skip the string: to the next quote not escaped by a backslash.
      for (i++; i < buf.length && buf[i] !== 0x22; i++) if (buf[i] === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) {
      containers++;
      if (++depth > deepest && (deepest = depth) > maxDepth) break;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c) values++;
  }
  return { containers, values, depth: deepest };
}
