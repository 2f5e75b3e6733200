import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { formatShare, formatTokens, mixShares } from '../../src/shared/format';
import { AGENT_LABELS } from '../../src/shared/tokens';
import type { AgentId } from '../../src/shared/tokens';
import type { Dashboard } from '../shared/dashboardApi';
import { $, cell, table, tokensCell } from './dom';
import type { Cell } from './dom';
import { renderOrgByPerson } from './orgBeside';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

/**
 * Below the first screen: the daily curve, when the agents work, agent and model mix (withheld
 * below 5 people), agents per tier, the org APIs beside what was reported, devices, leaderboard.
 */

type Mix = Dashboard['agentMix'];

function mixRows(m: Mix): Cell[][] {
  return mixShares(m).map((x) => [{ text: x.label, title: x.label }, tokensCell(x.total), x.share]);
}

export function renderDetails(s: Dashboard, charts: Chart[]): void {
  $('withheld').hidden = s.withheld === null;
  $('withheld').textContent = s.withheld ?? '';
  for (const id of ['agent-mix', 'model-mix', 'heatmap']) $(id).hidden = s.withheld !== null;
  $('smoothness').textContent = s.smoothness.toFixed(2);
  const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim();
  charts.push(new Chart($('daily-chart') as HTMLCanvasElement, { type: 'line', data: { labels: s.daily.map((d) => d.date.slice(5)), datasets: [{ label: 'Tokens', data: s.daily.map((d) => d.total), borderColor: accent, pointRadius: 0 }] }, options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { callback: (v) => formatTokens(Number(v)) } } } } }));
  renderHeatmap(s.heatmap);
  const { weeks, definition, agentMixByTier } = s.trends;
  table('trend-weeks', ['Week of', 'Days', 'Smoothness', 'Office hours'], [...weeks].reverse().map((w) => [w.weekOf, String(w.days), w.smoothness.toFixed(2), formatShare(w.officeHoursShare)]));
  $('smoothness-definition').textContent = definition;
  table('tier-agents', ['Tier', 'People', 'Agents'], agentMixByTier.map((t) => [t.tier, String(t.people), t.withheld ?? mixShares(t.agentMix).slice(0, 3).map((m) => `${m.label} ${m.share}`).join(', ')]));
  table('agent-mix', ['Agent', 'Tokens', 'Share'], mixRows(s.agentMix));
  table('model-mix', ['Model', 'Tokens', 'Share'], mixRows(s.modelMix));
  $('top-tier-title').textContent = `Among the top tier (${s.topTier.tier}, ${s.topTier.people} ${s.topTier.people === 1 ? 'person' : 'people'})`;
  table('top-agent-mix', ['Agent', 'Tokens', 'Share'], mixRows(s.topTier.agentMix));
  table('top-model-mix', ['Model', 'Tokens', 'Share'], mixRows(s.topTier.modelMix));
  $('top-agent-mix').hidden = $('top-model-mix').hidden = $('top-model-title').hidden = s.topTier.withheld !== null;
  $('top-withheld').hidden = s.topTier.withheld === null;
  $('top-withheld').textContent = s.topTier.withheld ?? '';
  $('leaderboard-off').hidden = s.leaderboard !== null;
  $('leaderboard').hidden = s.leaderboard === null;
  if (s.leaderboard) table('leaderboard', ['Name', 'Tier', 'Tokens/day'], s.leaderboard.map((l) => [{ text: l.name, title: l.name }, l.tier, formatTokens(l.meanPerDay)]));
  renderAnalytics(s.analytics);
  renderOrgByPerson(s.orgByPerson);
  renderDevices(s.devices);
}

function renderHeatmap(heatmap: number[][]): void {
  const max = Math.max(1, ...heatmap.flat());
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const head = document.createElement('thead');
  const hr = document.createElement('tr');
  hr.append(cell('th', ''));
  for (let h = 0; h < 24; h += 6) {
    const th = cell('th', String(h));
    th.className = 'hour';
    (th as HTMLTableCellElement).colSpan = 6;
    hr.append(th);
  }
  head.append(hr);
  $('heatmap').replaceChildren(head, ...heatmap.map((hours, d) => {
    const tr = document.createElement('tr');
    tr.append(cell('th', days[d]!));
    for (const [h, v] of hours.entries()) {
      const td = cell('td', '');
      td.title = `${days[d]} ${h}:00 — ${formatTokens(v)}`;
      td.style.opacity = v === 0 ? '0.08' : String(0.2 + 0.8 * (v / max));
      tr.append(td);
    }
    return tr;
  }));
}

/** The org's own count of Claude Code beside what developers reported, with why they differ. */
function renderAnalytics(rows: Dashboard['analytics']): void {
  $('analytics-section').hidden = rows.length === 0;
  if (!rows.length) return;
  const a = rows.reduce((n, r) => n + r.analytics, 0);
  const r = rows.reduce((n, x) => n + x.reported, 0);
  $('analytics-summary').textContent = `Last ${rows.length} days: Claude Code Analytics counts ${formatTokens(a)} tokens, developers reported ${formatTokens(r)} for Claude Code (${r >= a ? '+' : '−'}${formatTokens(Math.abs(r - a))}).`;
  table('analytics', ['Date', 'Analytics', 'Reported', 'Gap'], [...rows].reverse().map((x) => [x.date, tokensCell(x.analytics), tokensCell(x.reported), tokensCell(Math.abs(x.reported - x.analytics), x.reported >= x.analytics ? '+' : '−')]));
}

/** Which channel each device reports through (the extension or an agent's OTLP export). */
function renderDevices(d: Dashboard['devices']): void {
  $('devices-section').hidden = !d || d.list.length === 0;
  if (!d || !d.list.length) return;
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  $('devices-summary').textContent = `${n(d.extension + d.otlp, 'device', 'devices')}: ${d.extension} through the extension, ${d.otlp} through their agents' own OpenTelemetry export${d.shared ? ` (${d.shared} of them on machines that also run the extension, where the extension's numbers count)` : ''}.`;
  const channel = (x: (typeof d.list)[number]) => (x.channel === 'extension' ? 'Extension' : x.extensionWins ? 'OTLP (extension counts)' : 'OTLP');
  table('devices', ['Name', 'Channel', 'Agents', 'Last report'], d.list.map((x) => [{ text: x.name, title: x.name }, channel(x), x.agents.map((a) => (AGENT_LABELS[a as AgentId] ?? a).replace(/ /g, '\u00a0')).join(', ') || '—', x.lastSeen]));
}
