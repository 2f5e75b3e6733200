import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';

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
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/** Reads a JSON body (gzip allowed), refusing oversized or malformed ones before parsing them. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
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
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new HttpError(400, 'invalid_json', `body is not valid JSON: ${(e as Error).message}`);
  }
}
