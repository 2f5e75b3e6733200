import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { Backend } from './harness';

/** One data point of a sum, as an agent's SDK would hold it: times in ms. */
export interface Pt {
  value: number;
  attrs: Record<string, string>;
  startMs: number;
  endMs: number;
}

/**
 * An export of one sum metric, built with the SDK's own types and encoded by the official
 * serializer (what the exporters send): for tests that need exact start and end times.
 */
export function sumExport(name: string, points: Pt[], o: { resource?: Record<string, string>; temporality?: 'delta' | 'cumulative' } = {}): ResourceMetrics {
  const hr = (ms: number): [number, number] => [Math.floor(ms / 1000), (ms % 1000) * 1e6];
  return {
    resource: resourceFromAttributes(o.resource ?? { 'service.name': 'claude-code', 'host.name': 'test-host' }),
    scopeMetrics: [
      {
        scope: { name: 'com.anthropic.claude_code' },
        metrics: [
          {
            descriptor: { name, description: '', unit: 'tokens', valueType: ValueType.INT },
            aggregationTemporality: o.temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: points.map((p) => ({ startTime: hr(p.startMs), endTime: hr(p.endMs), attributes: p.attrs, value: p.value })),
          },
        ],
      },
    ],
  };
}

export const asProto = (m: ResourceMetrics): Buffer => Buffer.from(ProtobufMetricsSerializer.serializeRequest(m)!);
export const asJson = (m: ResourceMetrics): Buffer => Buffer.from(JsonMetricsSerializer.serializeRequest(m)!);

/** POSTs bytes to /v1/metrics as they are; the answer's status, content type and raw body. */
export async function postMetrics(b: Backend, body: Buffer | string, o: { token?: string; type?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'content-type': o.type ?? 'application/json', ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const res = await fetch(`${b.url}/v1/metrics`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    /* a protobuf answer */
  }
  return { status: res.status, type: res.headers.get('content-type'), bytes, json };
}
