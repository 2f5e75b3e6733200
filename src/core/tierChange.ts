/**
 * The tier-up moment: when the window's mean crosses into a higher tier, one notification, at
 * most once per tier per 30 days; a drop is recorded (the panel shows the last change) but never
 * notified. Pure, with the clock passed in.
 */
export interface TierChange {
  from: string;
  to: string;
  /** When it was seen (ms). */
  at: number;
}

export interface TierMemory {
  /** The tier last seen; undefined before the first snapshot (installing is not a tier-up). */
  lastIndex?: number;
  lastChange?: TierChange;
  /** When each tier was last announced (ms), by name. */
  notified: Record<string, number>;
}

export const RENOTIFY_MS = 30 * 86_400_000;

/**
 * `quiet`: the tier changed because history was found (old logs, a first scan, a rebuild), not
 * made: it is recorded as reached, and so not announced later either.
 */
export function observeTier(memory: TierMemory, index: number, tiers: ReadonlyArray<{ name: string }>, now: number, opts: { quiet?: boolean } = {}): { memory: TierMemory; notify?: { reached: string; next?: string } } {
  const before = memory.lastIndex;
  if (before === undefined || index === before || !tiers[index]) return { memory: { ...memory, lastIndex: index } };
  const change: TierChange = { from: tiers[before]?.name ?? '', to: tiers[index]!.name, at: now };
  const next: TierMemory = { ...memory, lastIndex: index, lastChange: change };
  if (index < before) return { memory: next };
  const last = memory.notified[change.to];
  if (last !== undefined && now - last < RENOTIFY_MS) return { memory: next };
  next.notified = { ...memory.notified, [change.to]: now };
  if (opts.quiet) return { memory: next };
  return { memory: next, notify: { reached: change.to, next: tiers[index + 1]?.name } };
}
