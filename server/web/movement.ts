import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, Legend } from 'chart.js';
import { formatShare } from '../../src/shared/format';
import type { Dashboard } from '../shared/dashboardApi';
import { $, table } from './dom';
import { tierVar } from './tiers';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/**
 * Who moved up: per week, people above and below their tier of 4 weeks earlier (a chart and its
 * table), and each tier's share of the people week by week as small multiples, each on its own
 * scale, so Architect, Catalyst and AI God read as clearly as the big tiers.
 */
export function renderMovement(d: Dashboard, charts: Chart[]): void {
  const weeks = d.overview.movement;
  const last = weeks.at(-1);
  $('moved-summary').textContent = last
    ? `Week of ${last.weekOf}: ${last.up} ${last.up === 1 ? 'person' : 'people'} moved up a tier, ${last.down} down, ${last.same} stayed (against 4 weeks earlier).`
    : 'No weeks in this range.';
  const css = getComputedStyle(document.documentElement);
  charts.push(
    new Chart($('movement-chart') as HTMLCanvasElement, {
      type: 'bar',
      data: {
        labels: weeks.map((w) => w.weekOf.slice(5)),
        datasets: [
          { label: 'Moved up', data: weeks.map((w) => w.up), backgroundColor: css.getPropertyValue('--up').trim() },
          { label: 'Moved down', data: weeks.map((w) => -w.down), backgroundColor: css.getPropertyValue('--down').trim() },
        ],
      },
      options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0, callback: (v) => String(Math.abs(Number(v))) } } } },
    }),
  );
  table('movement', ['Week of', 'Moved up', 'Moved down', 'Stayed'], [...weeks].reverse().map((w) => [w.weekOf, String(w.up), String(w.down), String(w.same)]));
  renderShares(d);
}

function renderShares(d: Dashboard): void {
  const { weeks } = d.trends;
  const tierNames = d.tierDistribution.map((t) => t.tier);
  const people = (w: (typeof weeks)[number]) => Object.values(w.tiers).reduce((a, b) => a + b, 0) || 1;
  const panels = tierNames.map((tier, i) => {
    const shares = weeks.map((w) => (w.tiers[tier] ?? 0) / people(w));
    const max = Math.max(...shares, 0);
    const box = document.createElement('div');
    box.className = 'multiple';
    box.dataset.tier = tier;
    const h = document.createElement('h4');
    const name = Object.assign(document.createElement('span'), { textContent: tier });
    name.style.color = tierVar(i);
    h.append(name, Object.assign(document.createElement('span'), { textContent: formatShare(shares.at(-1) ?? 0), title: 'share at the end of the last week' }));
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 100 40');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `${tier}: ${shares.map((s) => formatShare(s)).join(', ')}`);
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', shares.map((v, k) => `${(k * 100) / Math.max(1, shares.length - 1)},${38 - (max ? v / max : 0) * 36}`).join(' '));
    line.setAttribute('vector-effect', 'non-scaling-stroke');
    line.style.stroke = tierVar(i);
    svg.append(line);
    const note = Object.assign(document.createElement('p'), { className: 'range-note', textContent: `scale 0–${formatShare(max || 0)}` });
    box.append(h, svg, note);
    return box;
  });
  $('tier-shares').replaceChildren(...panels);
  table('trend-tier-counts', ['Week of', ...tierNames], [...weeks].reverse().map((w) => [w.weekOf, ...tierNames.map((t) => String(w.tiers[t] ?? 0))]));
}
