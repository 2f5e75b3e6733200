import { MAX_TOKENS_PER_ROW, cleanModelName } from '../../../src/shared/teamApi';
import type { OtlpMetric, OtlpPoint } from './model';
import { TOKEN_METRICS, mapPoint } from './agents';
import type { Weights } from './agents';
import { otlpDevice } from './hosts';
import { seriesKey } from './series';

/** Data points of known metrics one export may carry; the rest are rejected (partial success). */
export const MAX_POINTS = 20_000;

/** A point ready to count: its series, device and what it adds to which columns. */
export interface Ready {
  series: string;
  cumulative: boolean;
  point: OtlpPoint;
  value: number;
  deviceId: string;
  hostKey: string | null;
  service: string | null;
  agent: string;
  model: string;
  weights: Weights;
}

/** Points that cannot count, by reason, for the answer's `partialSuccess`. */
export class Rejections {
  count = 0;
  readonly reasons = new Map<string, number>();

  add(why: string, n = 1): void {
    if (n <= 0) return;
    this.count += n;
    this.reasons.set(why, (this.reasons.get(why) ?? 0) + n);
  }
}

/**
 * The points of an export that can count, each with its series and device; the points of other
 * metrics are only counted (and a few of their names kept), bad points of known metrics rejected.
 */
export function readyPoints(metrics: OtlpMetric[], rejected: Rejections): { ready: Ready[]; ignored: number; ignoredNames: string[] } {
  const ready: Ready[] = [];
  let ignored = 0;
  const ignoredNames = new Set<string>();
  for (const m of metrics) {
    const known = Object.hasOwn(TOKEN_METRICS, m.name) ? TOKEN_METRICS[m.name]! : undefined;
    if (!known) {
      ignored += m.points.length + m.otherPoints;
      if (ignoredNames.size < 10) ignoredNames.add(m.name.slice(0, 80));
      continue;
    }
    if (m.kind === 'other' || m.temporality === 0) {
      rejected.add(`${m.name} must be a sum or histogram with delta or cumulative temporality`, m.points.length + m.otherPoints);
      continue;
    }
    const device = otlpDevice(m.resource);
    const service = typeof m.resource['service.name'] === 'string' ? m.resource['service.name'].slice(0, 64) : null;
    for (const p of m.points) {
      if (ready.length >= MAX_POINTS) {
        rejected.add(`more than ${MAX_POINTS} token data points in one export`);
        continue;
      }
      const mapped = mapPoint(known, p.attrs);
      if ('skip' in mapped) continue;
      if ('reject' in mapped) rejected.add(mapped.reject);
      else if (p.value === undefined || p.value < 0 || p.value > MAX_TOKENS_PER_ROW) rejected.add(`${m.name}: a value must be a number of tokens from 0 to ${MAX_TOKENS_PER_ROW}`);
      else if (p.timeNs === 0n || p.startNs > p.timeNs) rejected.add(`${m.name}: timeUnixNano must be set and not before startTimeUnixNano`);
      else {
        const series = seriesKey(m.resource, m.scope, m.name, p.attrs);
        ready.push({ series, cumulative: m.temporality === 2, point: p, value: p.value, deviceId: device.deviceId, hostKey: device.hostKey, service, agent: mapped.agent, model: cleanModelName(mapped.model), weights: mapped.weights });
      }
    }
  }
  return { ready, ignored, ignoredNames: [...ignoredNames] };
}
