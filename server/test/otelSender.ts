import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { AggregationTemporalityPreference, OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import type { Attributes } from '@opentelemetry/api';

/** How an agent would export: protobuf or JSON over HTTP, delta or cumulative. */
export interface SenderOptions {
  url: string;
  token?: string;
  protocol: 'http/protobuf' | 'http/json';
  temporality: 'delta' | 'cumulative';
  resource: Record<string, string>;
  /** `OTEL_EXPORTER_OTLP_COMPRESSION=gzip`. */
  gzip?: boolean;
}

/**
 * An agent's metrics pipeline built from the official OpenTelemetry JS SDK, as Claude Code and
 * Gemini CLI build theirs: a MeterProvider with a PeriodicExportingMetricReader and the OTLP/HTTP
 * exporter. `flush()` makes the reader export now (the interval is an hour, so only flushes send).
 */
export class OtelSender {
  private readonly provider: MeterProvider;
  private readonly reader: PeriodicExportingMetricReader;
  readonly failures: string[] = [];

  constructor(o: SenderOptions) {
    const config = {
      url: `${o.url}/v1/metrics`,
      headers: (o.token ? { Authorization: `Bearer ${o.token}` } : {}) as Record<string, string>,
      temporalityPreference: o.temporality === 'delta' ? AggregationTemporalityPreference.DELTA : AggregationTemporalityPreference.CUMULATIVE,
    };
    // As a user turns compression on: the exporter reads the variable when it is built.
    const saved = process.env.OTEL_EXPORTER_OTLP_COMPRESSION;
    if (o.gzip) process.env.OTEL_EXPORTER_OTLP_COMPRESSION = 'gzip';
    let exporter: ProtoExporter | JsonExporter;
    try {
      exporter = o.protocol === 'http/protobuf' ? new ProtoExporter(config) : new JsonExporter(config);
    } finally {
      if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_COMPRESSION;
      else process.env.OTEL_EXPORTER_OTLP_COMPRESSION = saved;
    }
    // The exporters carry their own copy of sdk-metrics (a patch version apart): the same interface.
    this.reader = new PeriodicExportingMetricReader({ exporter: exporter as never, exportIntervalMillis: 3_600_000, exportTimeoutMillis: 20_000 });
    this.provider = new MeterProvider({ resource: resourceFromAttributes(o.resource), readers: [this.reader] });
  }

  /** A monotonic counter (Claude Code's and Gemini CLI's kind of token metric). */
  counter(name: string): (value: number, attrs: Attributes) => void {
    const c = this.provider.getMeter('agent').createCounter(name, { unit: 'tokens' });
    return (v, a) => c.add(v, a);
  }

  /** A histogram (Codex's per-turn `codex.turn.token_usage`). */
  histogram(name: string): (value: number, attrs: Attributes) => void {
    const h = this.provider.getMeter('agent').createHistogram(name, { unit: 'tokens' });
    return (v, a) => h.record(v, a);
  }

  /** Exports what was recorded now; rejects when the exporter reports a failure. */
  async flush(): Promise<void> {
    await this.reader.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown().catch(() => undefined);
  }
}
