import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { addPerson, createTeam } from '../src/teams';
import { rawRequest, startBackend } from './harness';
import type { Backend } from './harness';
import { asJson, asProto, postMetrics, sumExport } from './otlpBodies';

/** /v1/metrics against what a hostile or broken client sends: a reason every time, never a crash. */
let b: Backend;
let ana: string;
let admin: string;
const now = Date.now();
const valid = sumExport('claude_code.token.usage', [{ value: 10, attrs: { type: 'input', model: 'm' }, startMs: now - 1000, endMs: now }]);

before(async () => {
  b = await startBackend('sqlite');
  admin = (await createTeam(b.db, 'Org')).adminToken;
  ana = (await addPerson(b.db, 1, 'Ana', 'ana@example.com')).token;
});
after(async () => b?.close());

test('no token or an unknown one: 401 with an OTLP Status in the request’s encoding; an admin token: 403', async () => {
  const json = await postMetrics(b, asJson(valid));
  assert.equal(json.status, 401);
  assert.equal(json.json.code, 16); // google.rpc.Code UNAUTHENTICATED
  assert.match(String(json.json.message), /OTEL_EXPORTER_OTLP_HEADERS/);
  const proto = await postMetrics(b, asProto(valid), { token: 'tt_' + 'x'.repeat(43), type: 'application/x-protobuf' });
  assert.equal(proto.status, 401);
  assert.equal(proto.type, 'application/x-protobuf');
  assert.deepEqual([...proto.bytes.subarray(0, 2)], [0x08, 16]); // Status.code = 16
  assert.equal((await postMetrics(b, asJson(valid), { token: admin })).status, 403);
});

test('a wrong content type is 415, another method 405, before anything is read', async () => {
  assert.equal((await postMetrics(b, asJson(valid), { token: ana, type: 'text/plain' })).status, 415);
  assert.equal((await postMetrics(b, asJson(valid), { token: ana, type: 'application/grpc' })).status, 415);
  const get = await fetch(`${b.url}/v1/metrics`, { headers: { authorization: `Bearer ${ana}` } });
  assert.equal(get.status, 405);
});

test('garbage, truncated and mutated protobuf is refused with 400 (or counted when it still parses), never a 500', async () => {
  const good = asProto(valid);
  assert.equal((await postMetrics(b, good.subarray(0, good.length - 3), { token: ana, type: 'application/x-protobuf' })).status, 400);
  assert.equal((await postMetrics(b, Buffer.from('not protobuf at all, just text'), { token: ana, type: 'application/x-protobuf' })).status, 400);
  // Field 1 as a group (wire type 3), a 10-byte varint overflow, a length past the end.
  for (const bytes of [[0x0b, 0x0c], [0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0x0a, 0x7f, 0x00]]) {
    assert.equal((await postMetrics(b, Buffer.from(bytes), { token: ana, type: 'application/x-protobuf' })).status, 400);
  }
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const statuses = new Set<number>();
  for (let i = 0; i < 400; i++) {
    const m = Buffer.from(good);
    for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) m[Math.floor(rand() * m.length)] = Math.floor(rand() * 256);
    const r = await postMetrics(b, m, { token: ana, type: 'application/x-protobuf' });
    statuses.add(r.status);
    assert.ok(r.status === 200 || r.status === 400, `mutation ${i}: ${r.status} ${r.bytes.toString('utf8')}`);
  }
  assert.ok(statuses.has(400));
  assert.equal((await fetch(`${b.url}/healthz`)).status, 200);
});

test('JSON that is not an export, nests too deep, or is not JSON: 400; bodies over the limits: 413', async () => {
  for (const body of ['[]', '"x"', 'null', '{"resourceMetrics":', '\u0000']) assert.equal((await postMetrics(b, body, { token: ana })).status, 400, body);
  assert.equal((await postMetrics(b, `{"a":${'['.repeat(100)}${']'.repeat(100)}}`, { token: ana })).status, 400);
  assert.equal((await postMetrics(b, Buffer.alloc(3 * 1024 * 1024, 0x20), { token: ana })).status, 413);
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
  assert.equal((await postMetrics(b, bomb, { token: ana, headers: { 'content-encoding': 'gzip' } })).status, 413);
  // An export the shape of which is wrong at every level is read as empty: nothing counted, 200.
  assert.equal((await postMetrics(b, '{"resourceMetrics":[1,{"scopeMetrics":"x"},{"scopeMetrics":[{"metrics":[null,{"sum":[]}]}]}]}', { token: ana })).status, 200);
});

test('unknown metrics are ignored and named; bad points of known metrics are rejected and counted (partialSuccess)', async () => {
  const body = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'host.name', value: { stringValue: 'h' } }] },
        scopeMetrics: [
          {
            metrics: [
              { name: 'claude_code.cost.usage', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ asDouble: 0.5, timeUnixNano: `${now}000000` }] } },
              { name: 'claude_code.session.count', sum: { aggregationTemporality: 1, dataPoints: [{ asInt: '1', timeUnixNano: `${now}000000` }, { asInt: '1', timeUnixNano: `${now}000000` }] } },
              {
                name: 'claude_code.token.usage',
                sum: {
                  aggregationTemporality: 1,
                  isMonotonic: true,
                  dataPoints: [
                    { asInt: '5', timeUnixNano: `${now}000000`, attributes: [{ key: 'type', value: { stringValue: 'input' } }] },
                    { asInt: '5', timeUnixNano: `${now}000000`, attributes: [{ key: 'type', value: { stringValue: 'prompt' } }] },
                    { asInt: '-5', timeUnixNano: `${now}000000`, attributes: [{ key: 'type', value: { stringValue: 'output' } }] },
                    { asDouble: 'NaN', timeUnixNano: `${now}000000`, attributes: [{ key: 'type', value: { stringValue: 'output' } }] },
                    { asInt: '99999999999999', timeUnixNano: `${now}000000`, attributes: [{ key: 'type', value: { stringValue: 'output' } }] },
                    { asInt: '5', attributes: [{ key: 'type', value: { stringValue: 'output' } }] },
                    { asInt: '5', timeUnixNano: '1000000000', attributes: [{ key: 'type', value: { stringValue: 'output' } }] },
                  ],
                },
              },
              { name: 'gemini_cli.token.usage', gauge: { dataPoints: [{ asInt: '5' }] } },
            ],
          },
        ],
      },
    ],
  };
  const r = await postMetrics(b, JSON.stringify(body), { token: ana });
  assert.equal(r.status, 200);
  const partial = r.json.partialSuccess as { rejectedDataPoints: string; errorMessage: string };
  assert.equal(partial.rejectedDataPoints, '7');
  assert.match(partial.errorMessage, /ignored 3 data points of metrics this server does not count \(claude_code\.cost\.usage, claude_code\.session\.count\)/);
  assert.match(partial.errorMessage, /type=prompt/);
  // A protobuf export gets its partial success in protobuf.
  const unknown = sumExport('claude_code.lines_of_code.count', [{ value: 3, attrs: {}, startMs: now - 1000, endMs: now }]);
  const p = await postMetrics(b, asProto(unknown), { token: ana, type: 'application/x-protobuf' });
  assert.equal(p.status, 200);
  assert.equal(p.bytes[0], 0x0a); // field 1, partial_success
  assert.match(p.bytes.toString('utf8'), /ignored 1 data points/);
});

test('a request line or headers Node cannot parse still gets an answer', async () => {
  const r = await rawRequest(b, 'POST /v1/metrics HTTP/1.1\r\ncontent-length: nope\r\n\r\n');
  assert.equal(r.status, 400);
});

/** A protobuf length-delimited field (tag for wire type 2, varint length, bytes). */
function field(n: number, bytes: Buffer): Buffer {
  const len: number[] = [];
  let v = bytes.length;
  while (v >= 0x80) {
    len.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  len.push(v);
  return Buffer.concat([Buffer.from([(n << 3) | 2, ...len]), bytes]);
}

test('a small gzip of a million empty data points is refused without building a million objects', async () => {
  const points = Buffer.alloc(2 * 1_000_000);
  for (let i = 0; i < points.length; i += 2) points[i] = 0x0a; // data_points, length 0
  const sum = field(7, points);
  const metric = field(2, Buffer.concat([field(1, Buffer.from('claude_code.token.usage')), sum]));
  const body = field(1, field(2, metric));
  const before = process.memoryUsage().heapUsed;
  const r = await postMetrics(b, gzipSync(body), { token: ana, type: 'application/x-protobuf', headers: { 'content-encoding': 'gzip' } });
  assert.equal(r.status, 413);
  assert.ok(process.memoryUsage().heapUsed - before < 150 * 1024 * 1024, 'heap grew by more than 150 MiB');
  // The same for a million metrics, and for a point with a million attributes (kept to a bounded few).
  const metrics = Buffer.concat(Array.from({ length: 1_000_000 }, () => Buffer.from([0x12, 0x00])));
  assert.equal((await postMetrics(b, gzipSync(field(1, field(2, metrics))), { token: ana, type: 'application/x-protobuf', headers: { 'content-encoding': 'gzip' } })).status, 413);
});

test('a point with twenty thousand attributes is counted, with a bounded few of them kept', async () => {
  const attrs = Array.from({ length: 20_000 }, (_, i) => ({ key: `k${i}`, value: { stringValue: 'v' } }));
  const body = { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'claude_code.token.usage', sum: { aggregationTemporality: 1, dataPoints: [{ asInt: '3', timeUnixNano: `${Date.now()}000000`, attributes: [{ key: 'type', value: { stringValue: 'input' } }, ...attrs] }] } }] }] }] };
  const r = await postMetrics(b, JSON.stringify(body), { token: ana });
  assert.equal(r.status, 200);
  const long = { ...body };
  long.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.sum.dataPoints[0]!.attributes = [{ key: 'type', value: { stringValue: 'x'.repeat(100_000) } }];
  const bad = await postMetrics(b, JSON.stringify(long), { token: ana });
  assert.equal(bad.status, 200);
  assert.ok(String((bad.json.partialSuccess as { errorMessage: string }).errorMessage).length <= 1000);
});

test('a day for one device, agent and model cannot grow past the per-row limit, however many exports add to it', async () => {
  const bo = (await addPerson(b.db, 1, 'Bo', 'bo@example.com')).token;
  const now = Date.now();
  const big = (startMs: number) => asProto(sumExport('claude_code.token.usage', [{ value: 6_000_000_000, attrs: { type: 'input', model: 'm' }, startMs, endMs: now }], { resource: { 'host.name': 'inflated' } }));
  assert.equal((await postMetrics(b, big(now - 2000), { token: bo, type: 'application/x-protobuf' })).status, 200);
  // A "restart" (a later start time) would add the whole value again: 12 billion in one row.
  const r = await postMetrics(b, big(now - 1000), { token: bo, type: 'application/x-protobuf' });
  assert.equal(r.status, 422);
  const [row] = await b.db.all<{ n: number }>("SELECT SUM(input) AS n FROM usage_daily u JOIN people p ON p.id = u.person_id WHERE p.email = 'bo@example.com'");
  assert.equal(Number(row!.n), 6_000_000_000);
});
