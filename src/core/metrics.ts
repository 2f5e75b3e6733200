/**
 * Smoothness: normalised Shannon entropy of tokens over the 168 hours of a week (0 = everything
 * in one hour, 1 = the same every hour). Agents working nights and weekends push it up; a single
 * spike pulls it down, whatever its size.
 */
export function smoothness(hourOfWeek: readonly number[]): number {
  const total = hourOfWeek.reduce((a, b) => a + b, 0);
  if (total <= 0 || hourOfWeek.length < 2) return 0;
  let h = 0;
  for (const v of hourOfWeek) {
    if (v <= 0) continue;
    const p = v / total;
    h -= p * Math.log(p);
  }
  return Math.min(1, h / Math.log(hourOfWeek.length));
}

/** Consecutive active days ending today; today may still be at zero without breaking it. */
export function streak(dailyCounted: readonly number[]): number {
  let i = dailyCounted.length - 1;
  if (i >= 0 && dailyCounted[i] === 0) i--;
  let n = 0;
  for (; i >= 0 && dailyCounted[i]! > 0; i--) n++;
  return n;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
