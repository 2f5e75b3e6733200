/**
 * What the server keeps of an OTLP `ExportMetricsServiceRequest`, whichever encoding it came in:
 * only the fields that counting needs. Both decoders (protobuf.ts, json.ts) produce this.
 */

/** An attribute value as the agents send them; arrays, maps and bytes are not needed and are dropped. */
export type AttrValue = string | number | boolean;
export type Attrs = Record<string, AttrValue>;

/** `AggregationTemporality`: 0 unspecified, 1 delta, 2 cumulative (metrics.proto). */
export type Temporality = 0 | 1 | 2;

/** One number to count: a `Sum`'s data point, or a `Histogram`'s point by its `sum`. */
export interface OtlpPoint {
  attrs: Attrs;
  /** Nanoseconds since the epoch, exactly as sent (fixed64). */
  startNs: bigint;
  timeNs: bigint;
  /** undefined when the point carries no usable number (a histogram without `sum`, NaN). */
  value: number | undefined;
}

/** One metric of one resource and scope, with its points. */
export interface OtlpMetric {
  resource: Attrs;
  scope: string;
  name: string;
  /** `gauge` and the rest are counted only to say they were ignored. */
  kind: 'sum' | 'histogram' | 'other';
  temporality: Temporality;
  points: OtlpPoint[];
  /** Data points of a kind the server does not read (gauges, summaries, exponential histograms). */
  otherPoints: number;
}

/** A request the server cannot read at all: answered 400 with this reason. */
export class OtlpDecodeError extends Error {}

/** A request bigger than any real export: answered 413 (an exporter should export more often). */
export class OtlpTooLargeError extends OtlpDecodeError {}

/**
 * What one export may hold once decoded. Bytes are bounded by the body limits, but a few bytes
 * can be a data point (two, when empty): these bound the objects built, whatever the bytes.
 */
export const DECODE_LIMITS = { metrics: 10_000, points: 50_000, attributes: 64 };

/** Counts what a decode has built and refuses past DECODE_LIMITS. */
export class DecodeBudget {
  private metrics = 0;
  private points = 0;

  metric(): void {
    if (++this.metrics > DECODE_LIMITS.metrics) throw new OtlpTooLargeError(`more than ${DECODE_LIMITS.metrics} metrics in one export`);
  }

  point(): void {
    if (++this.points > DECODE_LIMITS.points) throw new OtlpTooLargeError(`more than ${DECODE_LIMITS.points} data points in one export`);
  }
}

/** Sets an attribute unless the map already holds DECODE_LIMITS.attributes of them (the rest are dropped). */
export function putAttr(into: Attrs, key: string, value: AttrValue): void {
  if (key in into || Object.keys(into).length < DECODE_LIMITS.attributes) into[key] = value;
}
