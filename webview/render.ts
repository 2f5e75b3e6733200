import type { Snapshot, BreakdownRow } from '../src/shared/snapshot';
import type { PanelStatus } from '../src/shared/protocol';
import { AGENT_LABELS } from '../src/shared/tokens';
import { formatExact, formatPercent, formatTokens, progressText, tierName } from '../src/shared/format';
import { byId, el, setText } from './dom';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const SVG = 'http://www.w3.org/2000/svg';

/** Fills every section (except the chart) from a snapshot. */
export function renderSnapshot(s: Snapshot, range: number): void {
  const tier = s.tiers[s.standing.tierIndex]!;
  document.getElementById('app')!.setAttribute('aria-busy', 'false');
  setText('tier-name', `${tierName(s)}${s.demo ? ' (demo)' : ''}`);
  setText('tier-figures', `${formatTokens(s.standing.meanPerDay)} tokens/day over ${s.windowDays} days · ${formatTokens(s.todayCounted)} today`);
  renderEmblem(s.standing.tierIndex, s.tiers.length);
  const bar = byId('progress');
  bar.setAttribute('value', String(Math.round(s.standing.fraction * 100)));
  bar.setAttribute('aria-valuetext', `${formatPercent(s.standing.fraction)} of the way from ${tier.name}`);
  setText('progress-pct', s.standing.tierIndex + 1 < s.tiers.length ? formatPercent(s.standing.fraction) : '');
  setText('progress-text', progressText(s));
  byId('first-step').hidden = s.standing.tierIndex !== 0;
  renderTable(s, range);
  renderHeatmap(s.heatmap);
  setText('smoothness', `Smoothness ${s.smoothness.toFixed(2)} — active in ${s.activeHours} of the week’s 168 hours; ${s.activeDaysInWindow} of ${s.windowDays} days active; streak ${s.streak} day${s.streak === 1 ? '' : 's'}.`);
  renderBreakdown('by-agent', 'Agent', s.byAgent, (r) => AGENT_LABELS[r.agent]);
  renderBreakdown('by-model', 'Model', s.byModel, (r) => r.model);
  renderSources(s);
}

export function renderStatus(status: PanelStatus): void {
  const p = byId('status');
  p.textContent = status.state === 'ready' ? '' : status.message ?? (status.state === 'scanning' ? 'Refreshing…' : 'Reading agent logs…');
  p.className = `status ${status.state}`;
}

/** A rung-ladder emblem: one filled bar per tier reached. */
function renderEmblem(index: number, count: number): void {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${count * 8} 48`);
  for (let i = 1; i < count; i++) {
    const r = document.createElementNS(SVG, 'rect');
    const h = 8 + i * 6;
    r.setAttribute('x', String((i - 1) * 8 + 2));
    r.setAttribute('y', String(48 - h));
    r.setAttribute('width', '6');
    r.setAttribute('height', String(h));
    r.setAttribute('rx', '1');
    r.setAttribute('class', i <= index ? 'rung on' : 'rung');
    svg.append(r);
  }
  byId('emblem').replaceChildren(svg);
}

function renderTable(s: Snapshot, range: number): void {
  const body = byId('daily-table').querySelector('tbody')!;
  body.replaceChildren(...s.days.slice(-range).reverse().map((d) => el('tr', {}, el('td', {}, d.date), el('td', {}, formatExact(d.counted)), el('td', {}, formatExact(d.total)))));
  byId('daily-chart').setAttribute('aria-label', `Daily tokens for the last ${range} days; peak ${formatTokens(Math.max(0, ...s.days.slice(-range).map((d) => d.counted)))}. The table below has every value.`);
}

function renderHeatmap(grid: number[][]): void {
  const max = Math.max(1, ...grid.flat());
  const head = el('tr', {}, el('th', {}, ''), ...Array.from({ length: 24 }, (_, h) => el('th', { scope: 'col', class: 'hour' }, h % 6 === 0 ? String(h) : '')));
  const rows = grid.map((hours, wd) =>
    el('tr', {}, el('th', { scope: 'row' }, WEEKDAYS[wd]!), ...hours.map((v, h) => {
      const cell = el('td', { class: 'cell', title: `${WEEKDAYS[wd]} ${String(h).padStart(2, '0')}:00 — ${formatTokens(v)}`, 'aria-label': `${WEEKDAYS[wd]} ${h}:00, ${formatTokens(v)} tokens` });
      cell.style.setProperty('--level', v === 0 ? '0' : String(0.15 + 0.85 * (v / max)));
      if (v === 0) cell.classList.add('zero');
      return cell;
    })),
  );
  byId('heatmap').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

function renderBreakdown(id: string, title: string, rows: BreakdownRow[], name: (r: BreakdownRow) => string): void {
  const head = el('tr', {}, ...[title, 'Input', 'Output', 'Cache read', 'Cache write', 'Total'].map((h) => el('th', { scope: 'col' }, h)));
  const body = rows.length
    ? rows.map((r) => el('tr', {}, el('th', { scope: 'row' }, name(r)), ...[r.counts.input, r.counts.output, r.counts.cacheRead, r.counts.cacheWrite, r.total].map((v) => el('td', { title: formatExact(v) }, formatTokens(v)))))
    : [el('tr', {}, el('td', { colspan: '6', class: 'hint' }, 'No tokens in this window.'))];
  byId(id).replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
}

function renderSources(s: Snapshot): void {
  const r = s.scan;
  const list = byId('sources');
  if (!r) {
    list.replaceChildren(el('li', {}, 'Not scanned yet.'));
    return;
  }
  list.replaceChildren(...r.sources.map((src) => el('li', {},
    el('strong', {}, AGENT_LABELS[src.agent]), ` — ${src.files} file${src.files === 1 ? '' : 's'}`,
    el('ul', {}, ...src.folders.map((f) => el('li', { class: f.found ? 'found' : 'missing' }, `${f.found ? '✓' : '✗'} ${f.path}`))))));
  const skips = Object.entries(r.skipped).filter(([, n]) => n > 0);
  setText('skipped', `${skips.length ? `Skipped: ${skips.map(([k, n]) => `${formatExact(n)} ${k.replace(/-/g, ' ')}`).join(', ')}. ` : ''}Last refresh ${new Date(r.finishedAt).toLocaleTimeString()} (${r.durationMs} ms).`);
  const empty = byId('empty');
  empty.hidden = r.filesSeen > 0;
  empty.textContent = r.filesSeen > 0 ? '' : 'No Claude Code or Codex logs were found in the folders above. If your agents keep logs elsewhere, add the folder in the “Token Tier: Extra Log Folders” setting.';
}
