import type { AttrValue, Attrs, OtlpMetric, OtlpPoint, Temporality } from './model';
import { DecodeBudget, OtlpDecodeError, putAttr } from './model';

/*
 * A reader of the protobuf wire format for just the OTLP messages counting needs
 * (opentelemetry-proto `collector/metrics/v1/metrics_service.proto`, `metrics/v1/metrics.proto`,
 * `common/v1/common.proto`, `resource/v1/resource.proto`). Why hand-written rather than protobufjs
 * and the generated OTLP root: the server bundle stays free of a reflection runtime and of a
 * dev-only package; every length is checked against the bytes left, nothing recurses deeper than
 * the fixed message nesting (AnyValue arrays and maps are skipped, not descended), and unknown
 * fields are skipped as the protobuf rules require — so garbage costs one linear pass and a 400.
 * Field numbers are the .proto's; the tests decode what the official SDK's proto exporter sends.
 */

class Reader {
  private readonly view: DataView;
  constructor(
    private readonly buf: Uint8Array,
    public pos: number,
    private readonly end: number,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get more(): boolean {
    return this.pos < this.end;
  }

  /** A varint as a Number (exact to 2^53; larger counts are refused later as implausible). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new OtlpDecodeError('truncated varint');
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new OtlpDecodeError('varint longer than 10 bytes');
  }

  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Math.floor(t / 8);
    if (field === 0) throw new OtlpDecodeError('field number 0');
    return { field, wire: t & 7 };
  }

  fixed64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  sfixed64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A length-delimited field as a reader over its bytes (the caller's position moves past it). */
  sub(): Reader {
    const len = this.varint();
    this.need(len);
    const r = new Reader(this.buf, this.pos, this.pos + len);
    this.pos += len;
    return r;
  }

  string(): string {
    const r = this.sub();
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + r.pos, r.end - r.pos).toString('utf8');
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.advance(8);
    else if (wire === 2) this.sub();
    else if (wire === 5) this.advance(4);
    else throw new OtlpDecodeError(`wire type ${wire} is not used by OTLP`);
  }

  private advance(n: number): void {
    this.need(n);
    this.pos += n;
  }

  private need(n: number): void {
    if (n > this.end - this.pos) throw new OtlpDecodeError('a field runs past the end of its message');
  }
}

/** What the decode in progress has built (decoding is synchronous: one request at a time). */
let budget = new DecodeBudget();

/** A wrong wire type for a known field is as bad as garbage: refuse rather than guess. */
function expect(wire: number, want: number, what: string): void {
  if (wire !== want) throw new OtlpDecodeError(`${what}: wire type ${wire}, expected ${want}`);
}

/** Decodes an `ExportMetricsServiceRequest` (field 1: repeated ResourceMetrics). */
export function decodeMetricsRequest(bytes: Uint8Array): OtlpMetric[] {
  budget = new DecodeBudget();
  const out: OtlpMetric[] = [];
  const r = new Reader(bytes, 0, bytes.length);
  while (r.more) {
    const { field, wire } = r.tag();
    if (field === 1) { expect(wire, 2, 'resource_metrics'); resourceMetrics(r.sub(), out); }
    else r.skip(wire);
  }
  return out;
}

/** ResourceMetrics: 1 resource, 2 scope_metrics, 3 schema_url. */
function resourceMetrics(r: Reader, out: OtlpMetric[]): void {
  let resource: Attrs = {};
  const scopes: Reader[] = [];
  while (r.more) {
    const { field, wire } = r.tag();
    if (field === 1) { expect(wire, 2, 'resource'); resource = attributesOf(r.sub(), 1); }
    else if (field === 2) { expect(wire, 2, 'scope_metrics'); scopes.push(r.sub()); }
    else r.skip(wire);
  }
  // The resource may come after its scopes on the wire: read the scopes once it is known.
  for (const s of scopes) scopeMetrics(s, resource, out);
}

/** ScopeMetrics: 1 scope (InstrumentationScope: 1 name), 2 metrics. */
function scopeMetrics(r: Reader, resource: Attrs, out: OtlpMetric[]): void {
  let scope = '';
  const metrics: Reader[] = [];
  while (r.more) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expect(wire, 2, 'scope');
      const s = r.sub();
      while (s.more) {
        const t = s.tag();
        if (t.field === 1 && t.wire === 2) scope = s.string();
        else s.skip(t.wire);
      }
    } else if (field === 2) { expect(wire, 2, 'metrics'); metrics.push(r.sub()); }
    else r.skip(wire);
  }
  for (const m of metrics) out.push(metric(m, resource, scope));
}

/** Metric: 1 name, 5 gauge, 7 sum, 9 histogram, 10 exponential_histogram, 11 summary. */
function metric(r: Reader, resource: Attrs, scope: string): OtlpMetric {
  budget.metric();
  const m: OtlpMetric = { resource, scope, name: '', kind: 'other', temporality: 0, points: [], otherPoints: 0 };
  while (r.more) {
    const { field, wire } = r.tag();
    if (field === 1) { expect(wire, 2, 'name'); m.name = r.string(); }
    else if (field === 7 || field === 9) {
      expect(wire, 2, field === 7 ? 'sum' : 'histogram');
      m.kind = field === 7 ? 'sum' : 'histogram';
      // Sum: 1 data_points, 2 aggregation_temporality; Histogram: the same two numbers.
      const d = r.sub();
      while (d.more) {
        const t = d.tag();
        if (t.field === 1 && t.wire === 2) m.points.push(field === 7 ? numberPoint(d.sub()) : histogramPoint(d.sub()));
        else if (t.field === 2 && t.wire === 0) m.temporality = temporality(d.varint());
        else d.skip(t.wire);
      }
    } else if (field === 5 || field === 10 || field === 11) {
      expect(wire, 2, 'data');
      const n = countField(r.sub(), 1);
      for (let i = 0; i < n; i++) budget.point();
      m.otherPoints += n;
    } else r.skip(wire);
  }
  return m;
}

function temporality(v: number): Temporality {
  return v === 1 || v === 2 ? v : 0;
}

/** NumberDataPoint: 2 start_time_unix_nano, 3 time_unix_nano, 4 as_double, 6 as_int, 7 attributes. */
function numberPoint(r: Reader): OtlpPoint {
  budget.point();
  const p: OtlpPoint = { attrs: {}, startNs: 0n, timeNs: 0n, value: undefined };
  while (r.more) {
    const { field, wire } = r.tag();
    if (field === 2) { expect(wire, 1, 'start_time_unix_nano'); p.startNs = r.fixed64(); }
    else if (field === 3) { expect(wire, 1, 'time_unix_nano'); p.timeNs = r.fixed64(); }
    else if (field === 4) { expect(wire, 1, 'as_double'); p.value = finite(r.double()); }
    else if (field === 6) { expect(wire, 1, 'as_int'); p.value = Number(r.sfixed64()); }
    else if (field === 7) { expect(wire, 2, 'attributes'); keyValue(r.sub(), p.attrs); }
    else r.skip(wire);
  }
  return p;
}

/** HistogramDataPoint: 2 start, 3 time, 5 sum (optional double), 9 attributes. */
function histogramPoint(r: Reader): OtlpPoint {
  budget.point();
  const p: OtlpPoint = { attrs: {}, startNs: 0n, timeNs: 0n, value: undefined };
  while (r.more) {
    const { field, wire } = r.tag();
    if (field === 2) { expect(wire, 1, 'start_time_unix_nano'); p.startNs = r.fixed64(); }
    else if (field === 3) { expect(wire, 1, 'time_unix_nano'); p.timeNs = r.fixed64(); }
    else if (field === 5) { expect(wire, 1, 'sum'); p.value = finite(r.double()); }
    else if (field === 9) { expect(wire, 2, 'attributes'); keyValue(r.sub(), p.attrs); }
    else r.skip(wire);
  }
  return p;
}

function finite(v: number): number | undefined {
  return Number.isFinite(v) ? v : undefined;
}

/** How many times `field` occurs in a message (data points of a kind that is only counted). */
function countField(r: Reader, field: number): number {
  let n = 0;
  while (r.more) {
    const t = r.tag();
    if (t.field === field) n++;
    r.skip(t.wire);
  }
  return n;
}

/** The `attributes` (repeated KeyValue at `field`) of a Resource. */
function attributesOf(r: Reader, field: number): Attrs {
  const attrs: Attrs = {};
  while (r.more) {
    const t = r.tag();
    if (t.field === field && t.wire === 2) keyValue(r.sub(), attrs);
    else r.skip(t.wire);
  }
  return attrs;
}

/** KeyValue: 1 key, 2 value (AnyValue: 1 string, 2 bool, 3 int, 4 double; 5–7 skipped). */
function keyValue(r: Reader, into: Attrs): void {
  let key: string | undefined;
  let value: AttrValue | undefined;
  while (r.more) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === 2) key = r.string();
    else if (field === 2 && wire === 2) {
      const v = r.sub();
      while (v.more) {
        const t = v.tag();
        if (t.field === 1 && t.wire === 2) value = v.string();
        else if (t.field === 2 && t.wire === 0) value = v.varint() !== 0;
        else if (t.field === 3 && t.wire === 0) value = v.varint();
        else if (t.field === 4 && t.wire === 1) value = v.double();
        else v.skip(t.wire);
      }
    } else r.skip(wire);
  }
  if (key !== undefined && value !== undefined) putAttr(into, key, value);
}

/** `ExportMetricsServiceResponse { partial_success: { rejected_data_points, error_message } }`. */
export function encodeMetricsResponse(rejected: number, message: string): Buffer {
  if (rejected === 0 && !message) return Buffer.alloc(0);
  const inner = Buffer.concat([rejected ? Buffer.from([0x08, ...varintBytes(rejected)]) : Buffer.alloc(0), message ? lengthDelimited(2, Buffer.from(message, 'utf8')) : Buffer.alloc(0)]);
  return lengthDelimited(1, inner);
}

/** `google.rpc.Status { code, message }`: the body of an OTLP/HTTP error answer in protobuf. */
export function encodeStatus(code: number, message: string): Buffer {
  return Buffer.concat([Buffer.from([0x08, ...varintBytes(code)]), lengthDelimited(2, Buffer.from(message, 'utf8'))]);
}

function lengthDelimited(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varintBytes(bytes.length)]), bytes]);
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
