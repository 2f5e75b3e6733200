import type { AttrValue, Attrs, OtlpMetric, OtlpPoint, Temporality } from './model';
import { DecodeBudget, OtlpDecodeError, putAttr } from './model';

/*
 * OTLP/HTTP JSON (opentelemetry-proto `docs/specification.md`, "JSON Protobuf Encoding"):
 * lowerCamelCase keys, 64-bit integers (`asInt`, `*UnixNano`) as decimal strings (numbers are
 * accepted too), enums as integers (the enum names are accepted as well), unknown fields ignored.
 * Anything of the wrong shape is skipped at the smallest level it occurs, not fatal: only a body
 * that is not an object is refused.
 */

type J = Record<string, unknown>;
const obj = (v: unknown): J | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Decodes a parsed `ExportMetricsServiceRequest` JSON body. */
export function metricsFromJson(body: unknown): OtlpMetric[] {
  const root = obj(body);
  if (!root) throw new OtlpDecodeError('the body is not an ExportMetricsServiceRequest object');
  const out: OtlpMetric[] = [];
  const budget = new DecodeBudget();
  for (const rm of arr(root.resourceMetrics).map(obj)) {
    if (!rm) continue;
    const resource = attrs(obj(rm.resource)?.attributes);
    for (const sm of arr(rm.scopeMetrics).map(obj)) {
      if (!sm) continue;
      const scope = str(obj(sm.scope)?.name) ?? '';
      for (const m of arr(sm.metrics).map(obj)) if (m) out.push(metric(m, resource, scope, budget));
    }
  }
  return out;
}

function metric(m: J, resource: Attrs, scope: string, budget: DecodeBudget): OtlpMetric {
  budget.metric();
  const out: OtlpMetric = { resource, scope, name: str(m.name) ?? '', kind: 'other', temporality: 0, points: [], otherPoints: 0 };
  const data = obj(m.sum) ?? obj(m.histogram);
  if (data) {
    out.kind = obj(m.sum) ? 'sum' : 'histogram';
    out.temporality = temporality(data.aggregationTemporality);
    out.points = arr(data.dataPoints).map((p) => {
      budget.point();
      return point(obj(p) ?? {}, out.kind === 'sum');
    });
  } else {
    const other = obj(m.gauge) ?? obj(m.exponentialHistogram) ?? obj(m.summary);
    out.otherPoints = arr(other?.dataPoints).length;
    for (let i = 0; i < out.otherPoints; i++) budget.point();
  }
  return out;
}

const TEMPORALITY: Record<string, Temporality> = { AGGREGATION_TEMPORALITY_DELTA: 1, AGGREGATION_TEMPORALITY_CUMULATIVE: 2 };

function temporality(v: unknown): Temporality {
  if (v === 1 || v === 2) return v;
  return typeof v === 'string' ? (TEMPORALITY[v] ?? 0) : 0;
}

function point(p: J, isSum: boolean): OtlpPoint {
  const raw = isSum ? (p.asInt ?? p.asDouble) : p.sum;
  return { attrs: attrs(p.attributes), startNs: nanos(p.startTimeUnixNano), timeNs: nanos(p.timeUnixNano), value: num(raw) };
}

/** A 64-bit time as a decimal string (or a safe number); anything else is 0, which the store refuses. */
function nanos(v: unknown): bigint {
  if (typeof v === 'string' && /^\d{1,20}$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  return 0n;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function attrs(list: unknown): Attrs {
  const out: Attrs = {};
  for (const kv of arr(list).map(obj)) {
    const key = str(kv?.key);
    const v = obj(kv?.value);
    if (key === undefined || !v) continue;
    const value: AttrValue | undefined = str(v.stringValue) ?? (typeof v.boolValue === 'boolean' ? v.boolValue : undefined) ?? num(v.intValue) ?? num(v.doubleValue);
    if (value !== undefined) putAttr(out, key, value);
  }
  return out;
}
