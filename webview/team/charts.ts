import { BarController, BarElement, CategoryScale, Chart, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { TeamView } from '../../src/shared/protocol';
import { formatTokens } from '../../src/shared/format';
import { cssVar } from '../theme';
import { parseColor, seriesColor, toCss } from '../colors';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Filler);

type Summary = NonNullable<TeamView['summary']>;
const charts: Chart[] = [];

/** Tier distribution (bars) and the daily curve from the first day with data, in the theme's colours. */
export function renderCharts(s: Summary): void {
  charts.splice(0).forEach((c) => c.destroy());
  const fg = cssVar('--vscode-descriptionForeground', '#999');
  const grid = cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#80808040'));
  const axes = (yTitle: string, tokens: boolean) => ({
    x: { ticks: { color: fg, maxRotation: 0, autoSkipPadding: 8 }, grid: { display: false } },
    y: { beginAtZero: true, title: { display: true, text: yTitle, color: fg }, ticks: { color: fg, precision: 0, maxTicksLimit: 5, ...(tokens ? { callback: (v: string | number) => formatTokens(Number(v)) } : {}) }, grid: { color: grid } },
  });
  const base = { animation: false as const, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } };
  // The themes' chart colours may be translucent (Modern's orange is 33 % alpha): made opaque and
  // readable on the editor's background, as the panel's series are.
  const bg = parseColor(cssVar('--vscode-editor-background', '#1e1e1e')) ?? parseColor('#1e1e1e')!;
  const text = parseColor(cssVar('--vscode-foreground', '#cccccc')) ?? parseColor('#cccccc')!;
  const solid = (name: string, fallback: string) => toCss(seriesColor(parseColor(cssVar(name, fallback)) ?? parseColor(fallback)!, bg, text));
  const blue = solid('--vscode-charts-blue', '#3794ff');
  const orange = solid('--vscode-charts-orange', '#d18616');
  charts.push(new Chart(document.getElementById('tiers-chart') as HTMLCanvasElement, { type: 'bar', data: { labels: s.tierDistribution.map((t) => t.tier), datasets: [{ label: 'People', data: s.tierDistribution.map((t) => t.count), backgroundColor: blue }] }, options: { ...base, scales: axes('people', false) } }));
  charts.push(new Chart(document.getElementById('daily-chart') as HTMLCanvasElement, { type: 'line', data: { labels: s.daily.map((d) => d.date.slice(5)), datasets: [{ label: 'Tokens', data: s.daily.map((d) => d.total), borderColor: orange, backgroundColor: orange, pointRadius: s.daily.length < 3 ? 3 : 0, borderWidth: 2 }] }, options: { ...base, scales: axes('tokens/day', true) } }));
}
