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
