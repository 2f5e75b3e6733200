import type { PaletteName, Shade } from '../src/shared/agentHues';

/**
 * Colour arithmetic for the chart (pure, so it is unit-tested in Node). VS Code's `charts.*`
 * colours are sometimes translucent — Dark Modern's `charts.orange` is the minimap's find-match
 * highlight, `#EA5C0055` — and a translucent fill reads as mud on the sidebar. Series colours are
 * therefore made opaque (the theme's hue at full strength) and, where that is too close to the
 * background to read, moved toward the foreground until it stands out.
 */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()` / `rgba()` (comma or space syntax); undefined otherwise. */
export function parseColor(text: string): Rgba | undefined {
  const s = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(s)?.[1];
  if (hex && [3, 4, 6, 8].includes(hex.length)) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
    const n = (i: number) => parseInt(full.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: full.length === 8 ? n(6) / 255 : 1 };
  }
  const fn = /^rgba?\(([^)]+)\)$/.exec(s)?.[1];
  if (!fn) return undefined;
  const parts = fn.split(/[\s,/]+/).filter(Boolean);
  if (parts.length < 3) return undefined;
  const channel = (p: string) => (p.endsWith('%') ? (parseFloat(p) * 255) / 100 : parseFloat(p));
  const alpha = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
  const c = { r: channel(parts[0]!), g: channel(parts[1]!), b: channel(parts[2]!), a: alpha };
  return Object.values(c).every(Number.isFinite) ? c : undefined;
}

export function toCss(c: Rgba): string {
  const h = (v: number) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}`;
}

export function mix(a: Rgba, b: Rgba, t: number): Rgba {
  return { r: a.r + (b.r - a.r) * t, g: a.g + (b.g - a.g) * t, b: a.b + (b.b - a.b) * t, a: 1 };
}

/** WCAG relative luminance. */
function luminance(c: Rgba): number {
  const lin = (v: number) => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

export function contrast(a: Rgba, b: Rgba): number {
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
  return (x! + 0.05) / (y! + 0.05);
}

/** An opaque series colour from a theme colour: full strength, then toward `fg` until it reads on `bg` (3:1). */
export function seriesColor(theme: Rgba, bg: Rgba, fg: Rgba): Rgba {
  let c: Rgba = { ...theme, a: 1 };
  for (let t = 0.15; contrast(c, bg) < 3 && t <= 0.9; t += 0.15) c = mix({ ...theme, a: 1 }, fg, t);
  return c;
}

/** VS Code's own defaults (colorRegistry), for hosts that leave a variable unset. */
export const PALETTE_FALLBACK: Record<PaletteName, string> = {
  orange: '#d18616',
  blue: '#3794ff',
  purple: '#b180d7',
  green: '#89d185',
  yellow: '#cca700',
  red: '#f14c4c',
};

/**
 * The `shade`-th variant of a series colour: 0 itself; 1 toward the foreground (lighter on dark
 * themes); 2 toward the background (darker on dark themes), kept readable; 3 far toward the foreground.
 */
export function shadeOf(base: Rgba, bg: Rgba, fg: Rgba, shade: Shade): Rgba {
  if (shade === 0) return base;
  return seriesColor(shade === 2 ? mix(base, bg, 0.4) : mix(base, fg, shade === 1 ? 0.45 : 0.75), bg, fg);
}

