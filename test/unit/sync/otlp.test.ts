import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dailyMetrics, sendOtlp } from '../../../src/sync/otlp';
import type { ReportRow } from '../../../src/core/report';

// The official OTLP protobuf definitions (generated from opentelemetry-proto), to decode what arrives.
const root = createRequire(__filename)('otlp-proto-defs/build/src/generated/root.js');
const Request = root.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

interface Received {
  headers: http.IncomingHttpHeaders;
  url: string;
  message: ReturnType<typeof Request.fromObject>;
}

function receiver(status = 200): Promise<{ url: string; got: Received[]; close: () => void }> {
  const got: Received[] = [];
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    // OTLP/JSON → message with the official definitions, checked, and round-tripped through the
    // binary encoding, so only a valid ExportMetricsServiceRequest gets through.
    const decoded = Request.fromObject(JSON.parse(body));
    const err = Request.verify(decoded);
    if (err) throw new Error(`not an ExportMetricsServiceRequest: ${err}`);
    const message = Request.decode(Request.encode(decoded).finish());
    got.push({ headers: req.headers, url: req.url ?? '', message });
    res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/otlp`, got, close: () => server.close() })));
}

const row = (date: string, input: number): ReportRow => ({ date, timezone: 'Europe/Berlin', agent: 'codex', model: 'gpt-5.1-codex', input, output: 20, cacheRead: 300, cacheWrite: 0, reasoning: 5, hourly: new Array(24).fill(0) });

test('daily counters arrive as OTLP/HTTP JSON cumulative sums with the day start as start time', async () => {
  const r = await receiver();
  try {
    const now = Date.parse('2026-11-21T12:00:00Z');
    const outcome = await sendOtlp(r.url, dailyMetrics([row('2026-11-20', 100), row('2026-11-21', 7)], 'dev-123', '0.1.0', now), { authorization: 'Bearer x' });
    assert.deepEqual(outcome, { ok: true });
    assert.equal(r.got.length, 1);
    const { url, headers, message } = r.got[0]!;
    assert.equal(url, '/otlp/v1/metrics');
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers.authorization, 'Bearer x');
    const rm = message.resourceMetrics[0];
    const attrs = Object.fromEntries(rm.resource.attributes.map((a: { key: string; value: { stringValue: string } }) => [a.key, a.value.stringValue]));
    assert.equal(attrs['service.name'], 'token-tier');
    assert.equal(attrs['token_tier.device_id'], 'dev-123');
    const metric = rm.scopeMetrics[0].metrics[0];
    assert.equal(metric.name, 'token_tier.tokens');
    assert.equal(metric.sum.aggregationTemporality, 2, 'CUMULATIVE');
    assert.equal(metric.sum.isMonotonic, true);
    assert.equal(metric.sum.dataPoints.length, 8);
    const point = metric.sum.dataPoints.find((p: { attributes: Array<{ key: string; value: { stringValue: string } }> }) => {
      const a = Object.fromEntries(p.attributes.map((x) => [x.key, x.value.stringValue]));
      return a.date === '2026-11-20' && a.type === 'input';
    });
    assert.equal(Number(point.asInt ?? point.asDouble), 100);
    // Berlin midnight of 2026-11-20 is 23:00 UTC the day before.
    assert.equal(BigInt(point.startTimeUnixNano.toString()), BigInt(Date.parse('2026-11-19T23:00:00Z')) * 1_000_000n);
    assert.equal(BigInt(point.timeUnixNano.toString()), BigInt(now) * 1_000_000n);
  } finally {
    r.close();
  }
});

test('a collector that is down or refuses is reported, not thrown', async () => {
  const down = await sendOtlp('http://127.0.0.1:9/', dailyMetrics([row('2026-11-20', 1)], 'd', '0.1.0'));
  assert.equal(down.ok ? 'ok' : down.kind, 'offline');
  const r = await receiver(400);
  try {
    const refused = await sendOtlp(r.url, dailyMetrics([row('2026-11-20', 1)], 'd', '0.1.0'));
    assert.equal(refused.ok ? 'ok' : refused.kind, 'rejected');
  } finally {
    r.close();
  }
});
