import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { Snapshot } from '../src/shared/snapshot';
import type { AgentId } from '../src/shared/tokens';
import { AGENT_IDS, AGENT_LABELS, countedTotal } from '../src/shared/tokens';
import { costText, formatTokens } from '../src/shared/format';
import { agentColor, cssVar } from './theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

/** Agents drawn as their own series; the rest of the range's agents share one "other" series. */
export const MAX_SERIES = 5;
/** In a sidebar narrower than this, three agents by name: the legend stays two lines, the bars keep their height. */
const NARROW_PX = 400;

/** The range's agents by tokens, biggest first, split into those shown alone and the rest. */
export function seriesAgents(s: Snapshot, range: number, max = MAX_SERIES): { shown: AgentId[]; other: AgentId[] } {
  const days = s.days.slice(-range);
  const sums = AGENT_IDS.map((a) => [a, days.reduce((n, d) => n + (d.agents[a] ? countedTotal(d.agents[a]!, s.countedKinds) : 0), 0)] as const).filter(([, n]) => n > 0);
  sums.sort((x, y) => y[1] - x[1]);
  const all = sums.map(([a]) => a);
  // Grouping one agent as "other" hides its name for nothing: only two or more are grouped.
  return all.length <= max + 1 ? { shown: all, other: [] } : { shown: all.slice(0, max), other: all.slice(max) };
}

/**
 * The daily curve: stacked bars per agent (counted kinds), zero days drawn as zero, and the current
 * and next tier as dashed lines named in the legend (never as labels over the bars).
 */
export class DailyChart {
  private chart: Chart | undefined;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  render(s: Snapshot, range: number): void {
    const days = s.days.slice(-range);
    const { shown, other } = seriesAgents(s, range, (this.canvas.parentElement ?? this.canvas).clientWidth < NARROW_PX ? 3 : MAX_SERIES);
    const perDay = (agents: AgentId[]) => days.map((d) => agents.reduce((n, a) => n + (d.agents[a] ? countedTotal(d.agents[a]!, s.countedKinds) : 0), 0));
    const bar = (label: string, data: number[], color: string) => ({ type: 'bar' as const, label, data, backgroundColor: color, borderWidth: 0, stack: 'tokens', order: 2, pointStyle: 'rect' as const });
    const bars = shown.map((a) => bar(AGENT_LABELS[a], perDay([a]), agentColor(a)));
    if (other.length) bars.push(bar(`${other.length} other agents`, perDay(other), agentColor('other')));
    const tier = s.tiers[s.standing.tierIndex]!;
    const next = s.tiers[s.standing.tierIndex + 1];
    const counted = days.map((d) => d.counted);
    const barPeak = Math.max(...counted, 0);
    const candidates = [
      ...(s.standing.tierIndex > 0 ? [{ name: tier.name, value: tier.min, color: cssVar('--vscode-charts-green', '#89d185') }] : []),
      ...(next && s.standing.tierIndex > 0 ? [{ name: next.name, value: next.min, color: cssVar('--vscode-charts-yellow', '#cca700') }] : []),
    ];
    // The axis follows the bars: a threshold far above them (Intermediate's 1M over 40K days) would
    // flatten them to a few pixels, so it stays in the legend, marked with an arrow as above the chart.
    const fits = (v: number) => barPeak === 0 || v <= barPeak * 3;
    const axisTop = Math.max(barPeak, ...candidates.filter((l) => fits(l.value)).map((l) => l.value), 1);
    // A line that would sit on the axis (Beginner's "1 token a day") says nothing: only lines that clear 2 % are drawn.
    const lines = candidates.filter((l) => l.value >= axisTop * 0.02).map((l) => ({
      type: 'line' as const,
      label: `${l.name} ${formatTokens(l.value)}/day${fits(l.value) ? '' : ' ↑'}`,
      data: days.map(() => l.value),
      borderColor: l.color,
      backgroundColor: l.color,
      borderDash: [4, 3],
      borderWidth: 1,
      pointRadius: 0,
      pointHoverRadius: 0,
      pointStyle: 'line' as const,
      order: 1,
      // Its own stack: with the y axis stacked, lines sharing one would be drawn at their sum (5M + 20M at 25M).
      stack: `tier-${l.name}`,
    }));
    const peak = axisTop;
    const fg = cssVar('--vscode-descriptionForeground', '#999');
    const grid = cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#80808040'));
    const config = {
      data: { labels: days.map((d) => d.date.slice(5)), datasets: [...bars, ...lines] },
      options: {
        animation: false as const,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index' as const, intersect: false },
        scales: {
          x: { stacked: true, ticks: { color: fg, maxRotation: 0, autoSkipPadding: 8 }, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, max: niceCeil(peak * 1.08), title: { display: true, text: 'tokens/day', color: fg }, ticks: { color: fg, precision: 0, maxTicksLimit: 5, callback: (v: string | number) => formatTokens(Number(v)) }, grid: { color: grid } },
        },
        plugins: {
          legend: {
            display: bars.length > 0,
            position: 'bottom' as const,
            // Agents first, biggest first; then the tier lines.
            labels: { color: fg, boxWidth: 8, boxHeight: 8, padding: 6, font: { size: 11 }, usePointStyle: true, sort: (a: { datasetIndex?: number }, b: { datasetIndex?: number }) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0) },
          },
          tooltip: {
            filter: (item: { dataset: { type?: string }; parsed: { y: number | null } }) => item.dataset.type !== 'line' && (item.parsed.y ?? 0) > 0,
            callbacks: {
              label: (c: { dataset: { label?: string }; parsed: { y: number | null } }) => `${c.dataset.label}: ${formatTokens(c.parsed.y ?? 0)} tokens`,
              footer: (items: Array<{ dataIndex: number }>) => {
                const day = items[0] ? days[items[0].dataIndex] : undefined;
                if (!day) return '';
                const cost = day.total > 0 ? `Est. ${costText((day.counts.costMicros ?? 0) / 1e6, day.counts.unpriced ?? 0)} (list price)` : '';
                return [other.length ? otherFooter(day, other, s) : '', cost].filter(Boolean).join('\n');
              },
            },
          },
        },
      },
    };
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, config as never);
    // What the bars stand for, readable without the canvas (tests, and the table's caption).
    this.canvas.dataset.series = bars.map((b) => b.label).join('|');
    this.canvas.dataset.colors = bars.map((b) => b.backgroundColor).join('|');
    // Where each tier line was drawn, as a value on the axis (the tests check it against the tier).
    const chart = this.chart;
    this.canvas.dataset.tierLines = JSON.stringify(lines.map((l, i) => {
      const y = (chart.getDatasetMeta(bars.length + i).data[0] as { y?: number } | undefined)?.y;
      return { label: l.label, value: l.data[0], drawnAt: y === undefined || !Number.isFinite(y) ? null : chart.scales.y!.getValueForPixel(y) };
    }));
  }
}

/** Which agents "other" stands for on a day. */
function otherFooter(day: Snapshot['days'][number], other: AgentId[], s: Snapshot): string {
  const parts = other.filter((a) => day.agents[a]).map((a) => `${AGENT_LABELS[a]} ${formatTokens(countedTotal(day.agents[a]!, s.countedKinds))}`);
  return parts.length ? `Other: ${parts.join(', ')}` : '';
}

/** The next round axis top (1, 2, 2.5 or 5 times a power of ten): "25M", not "21.6M". */
export function niceCeil(x: number): number {
  const mag = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= x) return m * mag;
  return 10 * mag;
}
