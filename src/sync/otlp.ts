import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { ReportRow } from '../core/report';
import type { SendOutcome } from './teamClient';
import { retryAfter } from './teamClient';

const KINDS = [
  ['input', 'input'],
  ['output', 'output'],
  ['cacheRead', 'cache_read'],
  ['cacheWrite', 'cache_write'],
] as const;

/** Local midnight of `date` in the zone of the row, as an instant (ms), found by stepping from UTC. */
function dayStart(date: string, timezone: string): number {
  const utc = Date.parse(`${date}T00:00:00Z`);
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const parts = Object.fromEntries(fmt.formatToParts(utc).map((p) => [p.type, p.value]));
  const asLocal = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`);
  return utc - (asLocal - utc);
}

const hr = (ms: number): [number, number] => [Math.floor(ms / 1000), (ms % 1000) * 1e6];

/**
 * Daily counters as OTLP metrics: one cumulative, monotonic sum `token_tier.tokens` per
 * (date, agent, model, type) whose start time is the day's start, so a resend of the same day is
 * the same series with its latest value — safe, never double counted.
 */
export function dailyMetrics(rows: readonly ReportRow[], deviceId: string, version: string, now = Date.now()): ResourceMetrics {
  const dataPoints = rows.flatMap((r) =>
    KINDS.map(([field, type]) => ({
      startTime: hr(dayStart(r.date, r.timezone)),
      endTime: hr(now),
      attributes: { date: r.date, agent: r.agent, model: r.model, type },
      value: r[field],
    })),
  );
  return {
    resource: resourceFromAttributes({ 'service.name': 'token-tier', 'service.version': version, 'token_tier.device_id': deviceId }),
    scopeMetrics: [
      {
        scope: { name: 'token-tier', version },
        metrics: [
          {
            descriptor: { name: 'token_tier.tokens', description: 'AI coding agent tokens per local day', unit: '{token}', valueType: ValueType.INT },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints,
          },
        ],
      },
    ],
  };
}

/** POSTs the metrics as OTLP/HTTP JSON to `{endpoint}/v1/metrics`. */
export async function sendOtlp(endpoint: string, metrics: ResourceMetrics, headers: Record<string, string> = {}, fetchImpl: typeof fetch = fetch): Promise<SendOutcome> {
  const body = JsonMetricsSerializer.serializeRequest(metrics);
  if (!body) return { ok: false, kind: 'rejected', message: 'nothing to encode' };
  let res: Response;
  try {
    res = await fetchImpl(new URL('v1/metrics', endpoint.endsWith('/') ? endpoint : `${endpoint}/`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: new Uint8Array(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (e) {
    return { ok: false, kind: 'offline', message: `collector unreachable (${(e as Error).cause ?? (e as Error).message})` };
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return { ok: true };
  if (res.status === 429 || res.status === 502 || res.status === 503 || res.status === 504) {
    return { ok: false, kind: 'retry', message: `collector busy (${res.status})`, retryAfterMs: retryAfter(res.headers.get('retry-after')) };
  }
  return { ok: false, kind: 'rejected', message: `collector answered ${res.status}: ${text.slice(0, 200)}` };
}
