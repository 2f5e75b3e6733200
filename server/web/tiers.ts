import { formatShare } from '../../src/shared/format';

/**
 * One set of tier colours for every bar, chart and legend: the stylesheet's `--tier-0` … `--tier-6`
 * (light and dark), read here for Chart.js and set on bar parts as `var(--tier-N)`.
 */

/** The CSS colour of the tier at `index` on the ladder (Not started = 0). */
export function tierVar(index: number): string {
  return `var(--tier-${Math.min(6, Math.max(0, index))})`;
}

/** The same colour as a value Chart.js can paint with (it can't resolve CSS variables). */
export function tierColor(index: number): string {
  return getComputedStyle(document.documentElement).getPropertyValue(`--tier-${Math.min(6, Math.max(0, index))}`).trim() || '#888';
}

/** A mix of people per tier as one bar of tier-coloured parts; each part says its tier, count and share. */
export function tierBar(mix: ReadonlyArray<{ tier: string; count: number }>, label: string): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'tier-bar';
  bar.setAttribute('role', 'img');
  const total = mix.reduce((n, m) => n + m.count, 0);
  bar.setAttribute('aria-label', `${label}: ${mix.filter((m) => m.count).map((m) => `${m.tier} ${m.count}`).join(', ') || 'nobody'}`);
  mix.forEach((m, i) => {
    if (!m.count) return;
    const seg = document.createElement('span');
    seg.className = 'seg';
    seg.dataset.tier = m.tier;
    seg.style.width = `${(100 * m.count) / total}%`;
    seg.style.background = tierVar(i);
    seg.title = `${m.tier}: ${m.count} (${formatShare(m.count / total)})`;
    bar.append(seg);
  });
  return bar;
}

/** A legend of the tiers that have anyone, with their counts. */
export function tierLegend(mix: ReadonlyArray<{ tier: string; count: number }>): HTMLElement[] {
  return mix.flatMap((m, i) => {
    if (!m.count) return [];
    const key = document.createElement('span');
    key.className = 'key';
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.dataset.tier = m.tier;
    sw.style.background = tierVar(i);
    key.append(sw, `${m.tier} ${m.count}`);
    return [key];
  });
}
