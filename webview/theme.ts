import type { AgentId } from '../src/shared/tokens';
import type { Rgba } from './colors';
import { PALETTE_FALLBACK, parseColor, seriesColor, shadeOf, toCss } from './colors';
import { AGENT_HUES } from '../src/shared/agentHues';

/** Reads a VS Code theme variable, with a fallback for when the host has not set it. */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Any CSS colour the browser knows (named colours too), through a canvas. */
function resolve(text: string, fallback: string): Rgba {
  const direct = parseColor(text);
  if (direct) return direct;
  const ctx = document.createElement('canvas').getContext('2d');
  if (ctx) {
    ctx.fillStyle = '#000';
    ctx.fillStyle = text;
    const parsed = parseColor(String(ctx.fillStyle));
    if (parsed) return parsed;
  }
  return parseColor(fallback)!;
}

let cache: { key: string; colors: Map<string, string> } | undefined;

/** Opaque, readable colours for each agent and for "other agents", from the current theme. */
export function agentColor(agent: AgentId | 'other'): string {
  const bgText = cssVar('--vscode-sideBar-background', cssVar('--vscode-editor-background', '#1e1e1e'));
  const fgText = cssVar('--vscode-foreground', '#cccccc');
  const key = `${bgText}|${fgText}|${document.body.className}`;
  if (cache?.key !== key) cache = { key, colors: new Map() };
  const hit = cache.colors.get(agent);
  if (hit) return hit;
  const bg = resolve(bgText, '#1e1e1e');
  const fg = resolve(fgText, '#cccccc');
  let c: Rgba;
  if (agent === 'other') {
    c = seriesColor(resolve(cssVar('--vscode-descriptionForeground', '#9d9d9d'), '#9d9d9d'), bg, fg);
  } else {
    const [hue, shade] = AGENT_HUES[agent];
    const base = seriesColor(resolve(cssVar(`--vscode-charts-${hue}`, PALETTE_FALLBACK[hue]), PALETTE_FALLBACK[hue]), bg, fg);
    c = shadeOf(base, bg, fg, shade);
  }
  const css = toCss(c);
  cache.colors.set(agent, css);
  return css;
}

/** Calls `fn` when the user switches theme (VS Code swaps the body's theme classes). */
export function onThemeChange(fn: () => void): void {
  new MutationObserver(fn).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
}
