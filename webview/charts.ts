import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { Plugin } from 'chart.js';
import type { Snapshot } from '../src/shared/snapshot';
import type { AgentId } from '../src/shared/tokens';
import { AGENT_IDS, AGENT_LABELS, countedTotal } from '../src/shared/tokens';
import { formatTokens } from '../src/shared/format';
import { agentColor, cssVar } from './theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

interface TierLine {
  name: string;
  value: number;
  color: string;
}

/** Draws the current and next tier thresholds as labelled horizontal lines. */
const tierLines: Plugin<'bar', { lines: TierLine[] }> = {
  id: 'tierLines',
  afterDatasetsDraw(chart, _args, opts) {
    const { ctx, chartArea, scales } = chart;
    const y = scales.y!;
    for (const line of opts.lines) {
      if (line.value <= 0 || line.value > y.max) continue;
      const py = y.getPixelForValue(line.value);
      ctx.save();
      ctx.strokeStyle = line.color;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(chartArea.left, py);
      ctx.lineTo(chartArea.right, py);
      ctx.stroke();
      ctx.fillStyle = line.color;
      ctx.font = `11px ${cssVar('--vscode-font-family', 'sans-serif')}`;
      ctx.textAlign = 'right';
      ctx.fillText(`${line.name} ${formatTokens(line.value)}/day`, chartArea.right - 2, py - 3);
      ctx.restore();
    }
  },
};

/** The daily curve: stacked bars per agent (counted kinds), zero days drawn as zero. */
export class DailyChart {
  private chart: Chart<'bar', number[], string> | undefined;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  render(s: Snapshot, range: number): void {
    const days = s.days.slice(-range);
    const agents = AGENT_IDS.filter((a) => days.some((d) => d.agents[a]));
    const datasets = (agents.length ? agents : (['claude-code'] as AgentId[])).map((a) => ({
      label: AGENT_LABELS[a],
      data: days.map((d) => (d.agents[a] ? countedTotal(d.agents[a]!, s.countedKinds) : 0)),
      backgroundColor: agentColor(a),
      borderWidth: 0,
      stack: 'tokens',
    }));
    const tier = s.tiers[s.standing.tierIndex]!;
    const next = s.tiers[s.standing.tierIndex + 1];
    const lines: TierLine[] = [{ name: tier.name, value: tier.min, color: cssVar('--vscode-charts-green', '#89d185') }];
    if (next) lines.push({ name: next.name, value: next.min, color: cssVar('--vscode-charts-yellow', '#cca700') });
    const peak = Math.max(...days.map((d) => d.counted), next?.min ?? tier.min, 1);
    const fg = cssVar('--vscode-descriptionForeground', '#999');
    const grid = cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#80808040'));
    const labels = days.map((d) => d.date.slice(5));
    const config = {
      type: 'bar' as const,
      data: { labels, datasets },
      options: {
        animation: false as const,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { color: fg, maxRotation: 0, autoSkipPadding: 8 }, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, max: peak * 1.08, ticks: { color: fg, precision: 0, callback: (v: string | number) => formatTokens(Number(v)) }, grid: { color: grid } },
        },
        plugins: {
          legend: { display: agents.length > 0, labels: { color: fg, boxWidth: 10 } },
          tooltip: { callbacks: { label: (c: { dataset: { label?: string }; parsed: { y: number | null } }) => `${c.dataset.label}: ${formatTokens(c.parsed.y ?? 0)}` } },
          tierLines: { lines },
        },
      },
      plugins: [tierLines],
    };
    this.chart?.destroy();
    this.chart = new Chart(this.canvas, config as never);
  }
}
