import type { AgentId, TokenCounts, TokenKind } from '../shared/tokens';
import { addInto, countedTotal, totalOf, zeroCounts, TOKEN_KINDS } from '../shared/tokens';
import type { BreakdownRow, DayPoint, ScanReport, Snapshot } from '../shared/snapshot';
import type { LedgerRow } from './ledger';
import { SLOT_MS } from './ledger';
import { addDays, dateRange, Zone } from './time';
import type { Tier } from './tiers';
import { DEFAULT_TIERS } from './tiers';
import { smoothness, streak } from './metrics';
import { deriveStanding } from './standing';

export interface SnapshotOptions {
  timezone: string;
  now?: number;
  windowDays?: number;
  countedKinds?: readonly TokenKind[];
  tiers?: readonly Tier[];
  historyDays?: number;
  scan?: ScanReport | null;
  demo?: boolean;
}

interface DayAgg {
  counts: TokenCounts;
  agents: Partial<Record<AgentId, TokenCounts>>;
}

/** Local-day totals for every day that has tokens, in one zone. */
export function dailyTotals(rows: Iterable<LedgerRow>, zone: Zone): Map<string, DayAgg> {
  const days = new Map<string, DayAgg>();
  for (const r of rows) {
    const date = zone.date(r.slot * SLOT_MS);
    let d = days.get(date);
    if (!d) days.set(date, (d = { counts: zeroCounts(), agents: {} }));
    addInto(d.counts, r.counts);
    addInto((d.agents[r.agent] ??= zeroCounts()), r.counts);
  }
  return days;
}

/** Turns ledger rows into everything shown to the user; pure, so every view agrees. */
export function buildSnapshot(rows: readonly LedgerRow[], opts: SnapshotOptions): Snapshot {
  const zone = new Zone(opts.timezone);
  const now = opts.now ?? Date.now();
  const windowDays = Math.max(1, Math.floor(opts.windowDays ?? 7));
  const kinds = [...(opts.countedKinds ?? TOKEN_KINDS)];
  const tiers = opts.tiers ?? DEFAULT_TIERS;
  const today = zone.date(now);
  const historyDays = Math.max(opts.historyDays ?? 90, windowDays, 28);

  const perDay = dailyTotals(rows, zone);
  const days: DayPoint[] = dateRange(addDays(today, -(historyDays - 1)), today).map((date) => {
    const d = perDay.get(date);
    const counts = d ? { ...d.counts } : zeroCounts();
    return { date, counts, total: totalOf(counts), counted: countedTotal(counts, kinds), agents: d ? d.agents : {} };
  });

  const s = deriveStanding(new Map(days.map((d) => [d.date, d.counts])), today, { windowDays, tiers, countedKinds: kinds });
  const { windowStart, meanPerDay } = s;
  const windowCounted = days.filter((d) => d.date >= windowStart).map((d) => d.counted);

  const heatStart = addDays(today, -27);
  const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const week = new Array<number>(168).fill(0);
  const agentRows = new Map<string, BreakdownRow>();
  const modelRows = new Map<string, BreakdownRow>();
  for (const r of rows) {
    const p = zone.parts(r.slot * SLOT_MS);
    if (p.date > today || p.date < heatStart) continue;
    const counted = countedTotal(r.counts, kinds);
    heatmap[p.weekday]![p.hour]! += counted;
    if (p.date < windowStart) continue;
    week[p.weekday * 24 + p.hour]! += counted;
    addRow(agentRows, r.agent, '', r.counts);
    addRow(modelRows, r.agent, r.model, r.counts);
  }
  const todayPoint = days[days.length - 1]!;

  return {
    generatedAt: now,
    timezone: zone.id,
    today,
    windowDays,
    countedKinds: kinds,
    tiers: tiers.map((t) => ({ name: t.name, min: t.min, icon: t.icon, blurb: t.blurb })),
    standing: { tierIndex: s.index, meanPerDay, fraction: s.fraction, perDayNeeded: s.perDayNeeded, windowNeeded: s.windowNeeded },
    todayCounted: todayPoint.counted,
    todayCounts: todayPoint.counts,
    days,
    heatmap,
    smoothness: smoothness(week),
    activeHours: week.filter((v) => v > 0).length,
    activeDaysInWindow: windowCounted.filter((v) => v > 0).length,
    streak: streak(days.map((d) => d.counted)),
    byAgent: sortRows(agentRows),
    byModel: sortRows(modelRows),
    scan: opts.scan ?? null,
    demo: opts.demo ?? false,
  };
}

function addRow(map: Map<string, BreakdownRow>, agent: AgentId, model: string, counts: TokenCounts): void {
  const key = `${agent}|${model}`;
  let row = map.get(key);
  if (!row) map.set(key, (row = { agent, model, counts: zeroCounts(), total: 0 }));
  addInto(row.counts, counts);
  row.total = totalOf(row.counts);
}

function sortRows(map: Map<string, BreakdownRow>): BreakdownRow[] {
  return [...map.values()].sort((a, b) => b.total - a.total);
}
