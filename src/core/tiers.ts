/** A rung of the ladder: reached when the window's mean tokens/day is at least `min`. */
export interface Tier {
  name: string;
  min: number;
  /** Codicon id for badges. */
  icon: string;
  /** One line on what this tier means, for the top tier's "you are here" text. */
  blurb: string;
}

/**
 * The default ladder (tokens/day, mean over the window). "AI God" is the published
 * >100M/day mark; the rungs between grow roughly ×3–5 so each is a real step.
 */
export const DEFAULT_TIERS: readonly Tier[] = [
  { name: 'Not started', min: 0, icon: 'circle-outline', blurb: 'No agent tokens in the window yet.' },
  { name: 'Beginner', min: 1, icon: 'sparkle', blurb: 'Agents are part of some days.' },
  { name: 'Intermediate', min: 1_000_000, icon: 'rocket', blurb: 'Agents help every working day.' },
  { name: 'Expert', min: 5_000_000, icon: 'flame', blurb: 'Agents do a large share of the work.' },
  { name: 'Architect', min: 20_000_000, icon: 'layers', blurb: 'You design work for several agents at once.' },
  { name: 'Catalyst', min: 50_000_000, icon: 'zap', blurb: 'Agents run much of the day and night.' },
  { name: 'AI God', min: 100_000_000, icon: 'star-full', blurb: 'Agents work around the clock: the top of the ladder.' },
];

/** Overrides by tier name (e.g. `{ "Expert": 8000000 }`); the ladder must stay increasing. */
export function tiersWithOverrides(overrides: Readonly<Record<string, number>> | undefined, base = DEFAULT_TIERS): Tier[] {
  const tiers = base.map((t) => ({ ...t, min: overrides?.[t.name] ?? t.min }));
  tiers[0]!.min = 0;
  for (let i = 1; i < tiers.length; i++) {
    const t = tiers[i]!;
    if (!Number.isFinite(t.min) || t.min <= tiers[i - 1]!.min) {
      throw new Error(`Tier thresholds must increase: ${t.name} (${t.min}) is not above ${tiers[i - 1]!.name} (${tiers[i - 1]!.min})`);
    }
  }
  return tiers;
}

export interface TierStanding {
  tier: Tier;
  index: number;
  next: Tier | undefined;
  /** 0–1 between this tier's threshold and the next; 1 at the top. */
  fraction: number;
  /** Mean tokens/day still missing to reach the next tier. */
  perDayNeeded: number;
  /** Tokens still to add within the current window to reach the next tier. */
  windowNeeded: number;
}

export function standing(meanPerDay: number, windowDays: number, tiers: readonly Tier[] = DEFAULT_TIERS): TierStanding {
  let index = 0;
  for (let i = 0; i < tiers.length; i++) if (meanPerDay >= tiers[i]!.min) index = i;
  const tier = tiers[index]!;
  const next = tiers[index + 1];
  if (!next) return { tier, index, next, fraction: 1, perDayNeeded: 0, windowNeeded: 0 };
  const fraction = Math.min(1, Math.max(0, (meanPerDay - tier.min) / (next.min - tier.min)));
  const perDayNeeded = Math.max(0, next.min - meanPerDay);
  return { tier, index, next, fraction, perDayNeeded, windowNeeded: Math.ceil(perDayNeeded * windowDays) };
}
