import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { ingest } from '../api/ingest';
import { ingestOtlp } from '../otlp/store';
import type { OtlpMetric } from '../otlp/model';
import { addPerson, assignSubteam, createSubteam } from '../teams';
import { Zone } from '../../../src/core/time';
import { hostKey } from '../../../src/core/hostKey';
import type { UsageRow } from '../../../src/shared/teamApi';
import { demoPeople, DEMO_TEAMS } from './demoPeople';
import { rng } from '../../../src/shared/rng';
import type { DemoPerson } from './demoPeople';

const DAY = 86_400_000;
export const DEMO_DAYS = 90;

/** What a seeding made, for the command to print. */
export interface SeedResult {
  teams: number;
  people: number;
  rows: number;
  otlpDevices: number;
}

/**
 * Fills an empty organisation with the demo: 10 teams, 200 people, 90 days up to `now`. Everything
 * goes through the real ingest paths — extension reports through `ingest` (the same checks as
 * `POST /api/v1/usage/daily`), CI runners through `ingestOtlp` (as `POST /v1/metrics`) — so the
 * demo can hold nothing the API would refuse. Deterministic for a given `now` and seed.
 */
export async function seedDemo(db: Db, orgId: number, now = Date.now(), seed = 12): Promise<SeedResult> {
  const teamIds = new Map<string, number>();
  for (const name of DEMO_TEAMS) teamIds.set(name, (await createSubteam(db, orgId, name)).id);
  const result: SeedResult = { teams: DEMO_TEAMS.length, people: 0, rows: 0, otlpDevices: 0 };
  const people = demoPeople(seed);
  for (const [i, p] of people.entries()) {
    const { personId } = await addPerson(db, orgId, p.name, p.email);
    await assignSubteam(db, orgId, personId, teamIds.get(p.team)!);
    result.people++;
    if (p.arc === 'never') continue;
    const caller: Caller = { role: 'member', teamId: orgId, personId, email: p.email };
    const r = rng(seed * 1000 + i);
    const laptop = `laptop-${i}`;
    // A silent person last reported 15–40 days ago; the rest report today.
    const stop = p.arc === 'silent' ? 15 + Math.floor(r() * 25) : 0;
    const reportedAt = now - stop * DAY;
    const rows = extensionRows(p, r, now, stop, `dev-${String(i).padStart(4, '0')}-${seed}`);
    const zone = new Zone(p.zone);
    // Someone at zero still reports: the last days arrive as days without tokens.
    const cleared = p.arc === 'zero' ? [...new Set(Array.from({ length: 10 }, (_, d) => zone.date(now - d * DAY)))].map((date) => ({ deviceId: rows[0]!.deviceId, date })) : [];
    const kept = rows.filter((row) => !cleared.some((c) => c.date === row.date));
    if (kept.length || cleared.length) await ingest(db, caller, { rows: kept, cleared, host: hostKey(laptop) }, reportedAt);
    result.rows += kept.length;
    if (p.otlpHost) {
      await ingestOtlp(db, caller, ciExport(p, r, now, p.otlpIsLaptop ? laptop : p.otlpHost), now);
      result.otlpDevices++;
    }
  }
  return result;
}

/** Tokens per day for one person: their trend, the weekday, and a little luck. */
function dayTotal(p: DemoPerson, r: () => number, daysAgo: number, weekday: number): number {
  const top = p.arc === 'god' || p.arc === 'catalyst';
  const t = 1 - daysAgo / DEMO_DAYS;
  const mean = p.from * Math.pow(p.to / p.from, t);
  // Agents that run around the clock barely notice the weekend; people do.
  const weekend = weekday >= 5 ? (top ? 0.85 : weekday === 5 ? 0.08 : 0.03) : 1;
  if (!top && weekday < 5 && r() < 0.06) return 0; // a day off
  const noise = Math.exp((top ? 0.08 : 0.45) * gauss(r));
  return Math.round(mean * weekend * noise);
}

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** The share of a day's tokens in each local hour: office hours for people, all day and night for agents on their own. */
function hourWeights(p: DemoPerson, r: () => number): number[] {
  const top = p.arc === 'god' || p.arc === 'catalyst';
  return Array.from({ length: 24 }, (_, h) => {
    const office = h >= 9 && h < 18 ? (h === 12 ? 0.6 : 1) : h === 8 || h === 18 ? 0.35 : h >= 19 && h <= 22 ? 0.12 : 0.01;
    return (top ? 0.55 + 0.45 * office : office) * (0.8 + 0.4 * r());
  });
}

/** Whole numbers in proportion to `weights` that add up to `total` exactly. */
function spread(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  const rest = total - out.reduce((a, b) => a + b, 0);
  out[weights.indexOf(Math.max(...weights))]! += rest;
  return out;
}

function extensionRows(p: DemoPerson, r: () => number, now: number, stop: number, deviceId: string): UsageRow[] {
  const zone = new Zone(p.zone);
  const rows: UsageRow[] = [];
  // Someone at zero stopped using agents a week or two ago but kept reporting.
  const quietFrom = p.arc === 'zero' ? 8 + Math.floor(r() * 12) : 0;
  for (let d = p.firstDay; d >= stop; d--) {
    const date = zone.date(now - d * DAY);
    if (rows.some((x) => x.date === date)) continue;
    const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    const total = d < quietFrom ? 0 : dayTotal(p, r, d, weekday);
    if (total === 0) continue;
    for (const [k, a] of p.agents.entries()) {
      const part = Math.round(total * a.share * (0.85 + 0.3 * r()));
      if (part === 0) continue;
      const [input, output, cacheRead, cacheWrite] = spread(part, [0.08, 0.1, 0.72, 0.1]);
      const reasoning = a.agent === 'codex' || a.agent === 'gemini-cli' ? Math.floor(output! * 0.4) : 0;
      rows.push({ date, timezone: p.zone, deviceId, agent: a.agent, model: a.models[(d + k) % a.models.length]!, input: input!, output: output!, cacheRead: cacheRead!, cacheWrite: cacheWrite!, reasoning, hourly: spread(part, hourWeights(p, r)) });
    }
  }
  return rows;
}

/**
 * A CI runner's (or the laptop's) Claude Code export over the range: one delta point per night
 * and token kind, as `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta` sends them.
 */
function ciExport(p: DemoPerson, r: () => number, now: number, host: string): OtlpMetric[] {
  const points: OtlpMetric['points'] = [];
  let last = BigInt(now - (p.firstDay + 1) * DAY) * 1_000_000n;
  for (let d = p.firstDay; d >= 0; d--) {
    const time = BigInt(now - d * DAY - 3_600_000) * 1_000_000n;
    const total = Math.round(dayTotal(p, r, d, 2) * 0.25);
    const [input, output, cacheRead, cacheWrite] = spread(total, [0.08, 0.1, 0.72, 0.1]);
    const model = 'claude-sonnet-4-5';
    for (const [type, value] of [['input', input], ['output', output], ['cacheRead', cacheRead], ['cacheCreation', cacheWrite]] as const) points.push({ attrs: { type, model }, startNs: last, timeNs: time, value });
    last = time;
  }
  return [{ resource: { 'service.name': 'claude-code', 'host.name': host }, scope: 'com.anthropic.claude_code', name: 'claude_code.token.usage', kind: 'sum', temporality: 1, points, otherPoints: 0 }];
}
