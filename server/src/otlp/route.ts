import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/db';
import { authenticate } from '../auth';
import { HttpError, measure, readBody } from '../http/body';
import { metricsFromJson } from './json';
import { OtlpDecodeError, OtlpTooLargeError } from './model';
import type { OtlpMetric } from './model';
import { decodeMetricsRequest, encodeMetricsResponse, encodeStatus } from './protobuf';
import { ingestOtlp } from './store';

/** An answer for the HTTP layer to send as it is. */
export interface OtlpAnswer {
  status: number;
  body: Buffer;
  type: string;
  headers?: Record<string, string>;
}

/** JSON bodies may nest this deep (an attribute's AnyValue sits 11 levels down) and hold this much. */
const JSON_MAX_DEPTH = 32;
const JSON_MAX_CONTAINERS = 300_000;
const JSON_MAX_VALUES = 1_000_000;

/** google.rpc.Code for each status this route answers with (OTLP/HTTP puts a Status in error bodies). */
const RPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 405: 12, 413: 8, 415: 3, 422: 3 };

/**
 * `POST /v1/metrics`, OTLP/HTTP (opentelemetry-proto docs/specification.md): an
 * `ExportMetricsServiceRequest` as `application/x-protobuf` or `application/json` (gzip allowed),
 * with the developer's token in `Authorization: Bearer …` (`OTEL_EXPORTER_OTLP_HEADERS`).
 * Success is 200 with an `ExportMetricsServiceResponse` in the request's encoding, its
 * `partialSuccess` saying how many points were rejected and which metrics were ignored; a refusal
 * is its HTTP status with a `google.rpc.Status` body. 4xx other than 429 tell an exporter not to retry.
 */
export async function handleOtlpMetrics(db: Db, req: IncomingMessage, now: number): Promise<OtlpAnswer> {
  const mediaType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const format = mediaType === 'application/x-protobuf' ? 'proto' : 'json';
  try {
    if (req.method !== 'POST') throw new HttpError(405, 'method_not_allowed', 'OTLP metrics are POSTed to /v1/metrics', { allow: 'POST' });
    if (mediaType !== 'application/x-protobuf' && mediaType !== 'application/json') {
      throw new HttpError(415, 'unsupported_media_type', `content-type must be application/x-protobuf or application/json, not ${mediaType || 'missing'}`);
    }
    const caller = await authenticate(db, req.headers.authorization);
    if (!caller) throw new HttpError(401, 'unauthorized', 'missing or unknown bearer token: set OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer tt_…" to your Token Tier token', { 'www-authenticate': 'Bearer' });
    if (caller.role !== 'member') throw new HttpError(403, 'forbidden', 'OTLP needs a developer token (an admin token reports no one)');
    const raw = await readBody(req);
    const metrics = format === 'proto' ? decodeProto(raw) : decodeJson(raw);
    const out = await ingestOtlp(db, caller, metrics, now);
    const message = out.messages.join('; ').slice(0, 1000);
    if (format === 'proto') return { status: 200, body: encodeMetricsResponse(out.rejected, message), type: 'application/x-protobuf' };
    const partial = out.rejected || message ? { partialSuccess: { rejectedDataPoints: String(out.rejected), errorMessage: message } } : {};
    return { status: 200, body: Buffer.from(JSON.stringify(partial)), type: 'application/json' };
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    const code = RPC_CODE[e.status] ?? 3;
    const body = format === 'proto' ? encodeStatus(code, e.message) : Buffer.from(JSON.stringify({ code, message: e.message, error: e.code, reason: e.message }));
    return { status: e.status, body, type: format === 'proto' ? 'application/x-protobuf' : 'application/json', headers: e.headers };
  }
}

function decodeProto(raw: Buffer): OtlpMetric[] {
  try {
    return decodeMetricsRequest(raw);
  } catch (e) {
    if (e instanceof OtlpTooLargeError) throw new HttpError(413, 'too_large', `${e.message}; export more often`);
    if (e instanceof OtlpDecodeError || e instanceof RangeError) throw new HttpError(400, 'invalid_protobuf', `body is not an ExportMetricsServiceRequest: ${e.message}`);
    throw e;
  }
}

function decodeJson(raw: Buffer): OtlpMetric[] {
  const shape = measure(raw, JSON_MAX_DEPTH);
  if (shape.depth > JSON_MAX_DEPTH) throw new HttpError(400, 'too_deep', `an OTLP JSON body nests at most ${JSON_MAX_DEPTH} levels deep`);
  if (shape.containers > JSON_MAX_CONTAINERS || shape.values > JSON_MAX_VALUES) throw new HttpError(413, 'body_too_large', 'too many objects and values in one export; export more often');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new HttpError(400, 'invalid_json', `body is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return metricsFromJson(parsed);
  } catch (e) {
    if (e instanceof OtlpTooLargeError) throw new HttpError(413, 'too_large', `${e.message}; export more often`);
    if (e instanceof OtlpDecodeError) throw new HttpError(400, 'invalid_json', e.message);
    throw e;
  }
}
