import type { AgentId, TokenCounts, TokenKind } from '../shared/tokens';
import { addInto, countedTotal, totalOf, zeroCounts, TOKEN_KINDS } from '../shared/tokens';
import type { BreakdownRow, Coach, DayPoint, ScanReport, Snapshot, WeekStats } from '../shared/snapshot';
import { guideFor, nextSteps } from './enablement';
import type { CoachInput } from './enablement';
import type { LedgerRow } from './ledger';
import { SLOT_MS } from './ledger';
import { addDays, dateRange, Zone } from './time';
import type { Tier } from './tiers';
import { DEFAULT_TIERS } from './tiers';
import { smoothness, streak } from './metrics';
import { deriveStanding } from './standing';
import { PRICE_LIST } from './prices/priceList';

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
  const zone = Zone.of(opts.timezone);
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
  const windowCounts = zeroCounts();
  for (const r of rows) {
    const p = zone.parts(r.slot * SLOT_MS);
    if (p.date > today || p.date < heatStart) continue;
    const counted = countedTotal(r.counts, kinds);
    heatmap[p.weekday]![p.hour]! += counted;
    if (p.date < windowStart) continue;
    week[p.weekday * 24 + p.hour]! += counted;
    addRow(agentRows, r.agent, '', r.counts);
    addRow(modelRows, r.agent, r.model, r.counts);
    addInto(windowCounts, r.counts);
  }
  const todayPoint = days[days.length - 1]!;
  const byAgent = sortRows(agentRows);
  const byModel = sortRows(modelRows);
  const coach = coachFor(rows, zone, s.index, tiers, { windowDays, windowStart, today, kinds, heatmap, activeHours: week.filter((v) => v > 0).length, days, agentsUsed: byAgent.map((r) => r.agent), scan: opts.scan ?? undefined });

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
    byAgent,
    byModel,
    scan: opts.scan ?? null,
    demo: opts.demo ?? false,
    coach,
    value: {
      freshTokens: windowCounts.input + windowCounts.output,
      cacheReadTokens: windowCounts.cacheRead,
      cacheWriteTokens: windowCounts.cacheWrite,
      costMicros: windowCounts.costMicros ?? 0,
      todayCostMicros: todayPoint.counts.costMicros ?? 0,
      unpricedTokens: windowCounts.unpriced ?? 0,
      unpricedModels: byModel.filter((r) => (r.counts.unpriced ?? 0) > 0).map((r) => r.model),
      priceList: PRICE_LIST,
    },
    lastTierChange: null,
    recap: { thisWeek: weekStats(rows, zone, addDays(today, -6), today, kinds, days), lastWeek: weekStats(rows, zone, addDays(today, -13), addDays(today, -7), kinds, days) },
  };
}

interface CoachContext {
  windowDays: number;
  windowStart: string;
  today: string;
  kinds: TokenKind[];
  heatmap: number[][];
  activeHours: number;
  days: DayPoint[];
  agentsUsed: AgentId[];
  scan: ScanReport | undefined;
}

/** The tier card's "you are here", "next" and steps, from the window's rows. */
function coachFor(rows: readonly LedgerRow[], zone: Zone, index: number, tiers: readonly Tier[], c: CoachContext): Coach {
  // Parallel work: quarter-hours of the window in which two or more agents ran.
  const agentsPerSlot = new Map<number, Set<AgentId>>();
  for (const r of rows) {
    const date = zone.date(r.slot * SLOT_MS);
    if (date < c.windowStart || date > c.today || countedTotal(r.counts, c.kinds) === 0) continue;
    let set = agentsPerSlot.get(r.slot);
    if (!set) agentsPerSlot.set(r.slot, (set = new Set()));
    set.add(r.agent);
  }
  const parallelSlots = [...agentsPerSlot.values()].filter((s) => s.size > 1).length;
  const sum = (rowsOf: number[][]) => rowsOf.reduce((n, hours) => n + hours.reduce((a, b) => a + b, 0), 0);
  const input: CoachInput = {
    tierIndex: index,
    windowDays: c.windowDays,
    activeDays: c.days.filter((d) => d.date >= c.windowStart && d.counted > 0).length,
    activeHours: c.activeHours,
    agentsUsed: c.agentsUsed,
    agentsFound: (c.scan?.sources ?? []).filter((src) => src.files > 0).map((src) => src.agent),
    activeSlots: agentsPerSlot.size,
    parallelSlots,
    weekendTokens: sum(c.heatmap.slice(5)),
    weekdayTokens: sum(c.heatmap.slice(0, 5)),
  };
  const tier = tiers[index]!;
  const next = tiers[index + 1];
  return {
    here: { tier: tier.name, ...guideFor(tier.name) },
    next: next ? { tier: next.name, ...guideFor(next.name) } : null,
    steps: nextSteps(input),
  };
}

/** One week's figures for the recap row. */
function weekStats(rows: readonly LedgerRow[], zone: Zone, from: string, to: string, kinds: TokenKind[], days: DayPoint[]): WeekStats {
  const inWeek = days.filter((d) => d.date >= from && d.date <= to);
  const hours = new Array<number>(168).fill(0);
  let fresh = 0;
  let all = 0;
  for (const r of rows) {
    const p = zone.parts(r.slot * SLOT_MS);
    if (p.date < from || p.date > to) continue;
    hours[p.weekday * 24 + p.hour]! += countedTotal(r.counts, kinds);
    fresh += r.counts.input + r.counts.output;
    all += totalOf(r.counts);
  }
  return {
    meanPerDay: inWeek.reduce((n, d) => n + d.counted, 0) / 7,
    activeDays: inWeek.filter((d) => d.counted > 0).length,
    smoothness: smoothness(hours),
    freshShare: all > 0 ? fresh / all : 0,
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
