import './zodSetup';
import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { formatShare, formatTokens, mixShares } from '../../src/shared/format';
import { TeamSummarySchema } from '../../src/shared/teamApi';
import type { TeamSummary } from '../../src/shared/teamApi';
import { AGENT_LABELS } from '../../src/shared/tokens';
import type { AgentId } from '../../src/shared/tokens';
import { renderOrgByPerson } from './orgBeside';
import { toCsv } from './csv';
import { api, session } from './api';
import { $, cell, table, tokensCell } from './dom';
import type { Cell } from './dom';
import { loadTokens, renderPeople } from './people';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

type Mix = TeamSummary['agentMix'];
type Summary = TeamSummary;

const charts: Chart[] = [];

function mixRows(m: Mix): Cell[][] {
  return mixShares(m).map((x) => [x.label, tokensCell(x.total), x.share]);
}

/** Every data table gets a "CSV" button: the exact figures (a cell's title) where the page shows rounded ones. */
function addCsvButtons(): void {
  for (const t of Array.from(document.querySelectorAll<HTMLTableElement>('table.data'))) {
    if (document.querySelector(`button.csv[data-table="${t.id}"]`)) continue;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'csv';
    b.dataset.table = t.id;
    b.textContent = 'CSV';
    b.title = 'Download this table as CSV';
    b.addEventListener('click', () => downloadCsv(t));
    t.before(b);
  }
  for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('button.csv'))) b.hidden = (document.getElementById(b.dataset.table!) as HTMLElement).hidden;
}

function downloadCsv(t: HTMLTableElement): void {
  const rows = Array.from(t.rows).map((r) => Array.from(r.cells).map((c) => (c.title ? c.title.replace(/ tokens$/, '').replace(/,/g, '') : c.textContent ?? '').trim()));
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv' }));
  a.download = `${t.id}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function render(s: Summary): void {
  $('team-name').textContent = `— ${s.team.name}`;
  $('people-count').textContent = String(s.people);
  $('reporting-count').textContent = String(s.people - s.roster.notReporting.length);
  $('zero-count').textContent = `(${s.roster.atZero.length})`;
  $('not-reporting-count').textContent = `(${s.roster.notReporting.length})`;
  const who = (list: Summary['roster']['atZero'], last: boolean) => list.map((p) => [p.name, p.team ?? '—', ...(last ? [p.lastReport ?? 'never'] : [])]);
  const none = (rows: Cell[][], text: string) => (rows.length ? rows : [[text, '', '']]);
  table('not-reporting', ['Name', 'Team', 'Last report'], none(who(s.roster.notReporting, true), 'Everyone reports'));
  table('at-zero', ['Name', 'Team', 'Last report'], none(who(s.roster.atZero, true), 'Nobody'));
  $('withheld').hidden = s.withheld === null;
  $('withheld').textContent = s.withheld ?? '';
  for (const id of ['agent-mix', 'model-mix', 'heatmap']) $(id).hidden = s.withheld !== null;
  $('smoothness').textContent = s.smoothness.toFixed(2);
  charts.splice(0).forEach((c) => c.destroy());
  themeCharts();
  charts.push(new Chart($('tiers-chart') as HTMLCanvasElement, { type: 'bar', data: { labels: s.tierDistribution.map((t) => t.tier), datasets: [{ label: 'People', data: s.tierDistribution.map((t) => t.count), backgroundColor: '#3794ff' }] }, options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } }));
  charts.push(new Chart($('daily-chart') as HTMLCanvasElement, { type: 'line', data: { labels: s.daily.map((d) => d.date.slice(5)), datasets: [{ label: 'Tokens', data: s.daily.map((d) => d.total), borderColor: '#d18616', pointRadius: 0 }] }, options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { callback: (v) => formatTokens(Number(v)) } } } } }));
  const max = Math.max(1, ...s.heatmap.flat());
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
  $('heatmap').replaceChildren(head, ...s.heatmap.map((hours, d) => {
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
  renderTrends(s);
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
  if (s.leaderboard) table('leaderboard', ['Name', 'Tier', 'Tokens/day'], s.leaderboard.map((l) => [l.name, l.tier, formatTokens(l.meanPerDay)]));
  ($('leaderboard-toggle') as HTMLInputElement).checked = s.team.leaderboardEnabled;
  guides = s.team.tierGuides;
  fillGuide();
  renderAnalytics(s.analytics);
  renderOrgByPerson(s.orgByPerson);
  renderDevices(s.devices);
  $('empty-state').hidden = s.daily.some((d) => d.total > 0);
  addCsvButtons();
}

/** Chart text and grid in the page's own colours (Chart.js's defaults are for a light page: #666 on black is unreadable). */
function themeCharts(): void {
  const css = getComputedStyle(document.documentElement);
  Chart.defaults.color = css.getPropertyValue('--muted').trim() || Chart.defaults.color;
  Chart.defaults.borderColor = css.getPropertyValue('--line').trim() || Chart.defaults.borderColor;
}

/** Week by week: people per tier as stacked areas, and the week's smoothness and office-hours share in words. */
function renderTrends(s: Summary): void {
  const { weeks, definition, agentMixByTier } = s.trends;
  const tierNames = s.tierDistribution.map((t) => t.tier);
  const palette = ['#8c959f', '#54aeff', '#2da44e', '#bf8700', '#fb8500', '#cf222e', '#8250df'];
  charts.push(
    new Chart($('trend-tiers') as HTMLCanvasElement, {
      type: 'line',
      data: {
        labels: weeks.map((w) => (w.days < 7 ? `${w.weekOf.slice(5)} (${w.days} d)` : w.weekOf.slice(5))),
        datasets: tierNames.map((t, i) => ({ label: t, data: weeks.map((w) => w.tiers[t] ?? 0), fill: true, backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length], pointRadius: 0, stack: 'tiers' })),
      },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    }),
  );
  // The chart's numbers, for reading and for its CSV (the table beside it holds the weeks' other figures).
  table('trend-tier-counts', ['Week of', ...tierNames], [...weeks].reverse().map((w) => [w.weekOf, ...tierNames.map((t) => String(w.tiers[t] ?? 0))]));
  table('trend-weeks', ['Week of', 'Days', 'Smoothness', 'Office hours'], [...weeks].reverse().map((w) => [w.weekOf, String(w.days), w.smoothness.toFixed(2), formatShare(w.officeHoursShare)]));
  $('smoothness-definition').textContent = definition;
  table('tier-agents', ['Tier', 'People', 'Agents'], agentMixByTier.map((t) => [t.tier, String(t.people), t.withheld ?? mixShares(t.agentMix).slice(0, 3).map((m) => `${m.label} ${m.share}`).join(', ')]));
}

/** The org's own count of Claude Code beside what developers reported, with why they differ. */
function renderAnalytics(rows: Summary['analytics']): void {
  $('analytics-section').hidden = rows.length === 0;
  if (!rows.length) return;
  const a = rows.reduce((n, r) => n + r.analytics, 0);
  const r = rows.reduce((n, x) => n + x.reported, 0);
  $('analytics-summary').textContent = `Last ${rows.length} days: Claude Code Analytics counts ${formatTokens(a)} tokens, developers reported ${formatTokens(r)} for Claude Code (${r >= a ? '+' : '−'}${formatTokens(Math.abs(r - a))}).`;
  table('analytics', ['Date', 'Analytics', 'Reported', 'Gap'], [...rows].reverse().map((x) => [x.date, tokensCell(x.analytics), tokensCell(x.reported), tokensCell(Math.abs(x.reported - x.analytics), x.reported >= x.analytics ? '+' : '−')]));
}

/** Which channel each device reports through (the extension or an agent's OTLP export). */
function renderDevices(d: Summary['devices']): void {
  $('devices-section').hidden = !d || d.list.length === 0;
  if (!d || !d.list.length) return;
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  $('devices-summary').textContent = `${n(d.extension + d.otlp, 'device', 'devices')}: ${d.extension} through the extension, ${d.otlp} through their agents' own OpenTelemetry export${d.shared ? ` (${d.shared} of them on machines that also run the extension, where the extension's numbers count)` : ''}.`;
  const channel = (x: (typeof d.list)[number]) => (x.channel === 'extension' ? 'Extension' : x.extensionWins ? 'OTLP (extension counts)' : 'OTLP');
  table('devices', ['Name', 'Channel', 'Agents', 'Last report'], d.list.map((x) => [x.name, channel(x), x.agents.map((a) => (AGENT_LABELS[a as AgentId] ?? a).replace(/ /g, '\u00a0')).join(', ') || '—', x.lastSeen]));
}

/** What the page covers: a team (or all) and a preset or custom range, as the summary's query. */
const scope = { team: '', days: '90', from: '', to: '' };

function scopeQuery(): string {
  const q = new URLSearchParams();
  if (scope.team) q.set('team', scope.team);
  if (scope.from && scope.to) {
    q.set('from', scope.from);
    q.set('to', scope.to);
  } else q.set('days', scope.days);
  return q.toString();
}

async function loadAdmin(): Promise<void> {
  const [teams, people] = await Promise.all([api<{ teams: Array<{ id: number; name: string; people: number }> }>('GET', '/api/v1/admin/teams'), api<{ people: Array<{ id: number; name: string; email: string; team: number | null }> }>('GET', '/api/v1/admin/people')]);
  const select = $('scope-team') as HTMLSelectElement;
  select.replaceChildren(new Option('All teams', ''), ...teams.teams.map((t) => new Option(`${t.name} (${t.people})`, String(t.id))));
  select.value = scope.team;
  renderPeople(people.people, teams.teams, load);
  await loadTokens(load);
}

async function load(): Promise<void> {
  try {
    const parsed = TeamSummarySchema.safeParse(await api<unknown>('GET', `/api/v1/team/summary?${scopeQuery()}`));
    if (!parsed.success) throw new Error(`the server answered the summary in an unexpected shape (${parsed.error.issues[0]?.path.join('.')})`);
    render(parsed.data);
    await loadAdmin();
    $('scope-error').textContent = '';
    $('login').hidden = true;
    $('login-error').textContent = '';
    $('dash').hidden = false;
    session.keep();
  } catch (e) {
    $('login-error').textContent = (e as Error).message;
    $('login').hidden = false;
  }
}

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  session.use(($('token') as HTMLInputElement).value.trim());
  void load();
});
$('scope-team').addEventListener('change', (e) => {
  scope.team = (e.target as HTMLSelectElement).value;
  void load();
});
for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('.range button'))) {
  b.addEventListener('click', () => {
    scope.days = b.dataset.days!;
    scope.from = scope.to = '';
    for (const o of Array.from(document.querySelectorAll('.range button'))) o.setAttribute('aria-pressed', String(o === b));
    void load();
  });
}
$('scope-apply').addEventListener('click', async () => {
  scope.from = ($('scope-from') as HTMLInputElement).value;
  scope.to = ($('scope-to') as HTMLInputElement).value;
  try {
    const parsed = TeamSummarySchema.parse(await api<unknown>('GET', `/api/v1/team/summary?${scopeQuery()}`));
    for (const o of Array.from(document.querySelectorAll('.range button'))) o.setAttribute('aria-pressed', 'false');
    render(parsed);
    $('scope-error').textContent = '';
  } catch (err) {
    $('scope-error').textContent = (err as Error).message;
  }
});
$('add-team').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const name = ($('team-new') as HTMLInputElement).value.trim();
    await api('POST', '/api/v1/admin/teams', { name });
    $('team-status').textContent = `Team ${name} added; pick it for people in the table below.`;
    await load();
  } catch (err) {
    $('team-status').textContent = (err as Error).message;
  }
});
$('leaderboard-toggle').addEventListener('change', async (e) => {
  await api('PATCH', '/api/v1/admin/team', { leaderboardEnabled: (e.target as HTMLInputElement).checked });
  await load();
});
$('add-person').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const r = await api<{ token: string }>('POST', '/api/v1/admin/people', { name: ($('person-name') as HTMLInputElement).value, email: ($('person-email') as HTMLInputElement).value });
    const name = ($('person-name') as HTMLInputElement).value.trim();
    const copy = Object.assign(document.createElement('button'), { type: 'button', id: 'copy-token', textContent: 'Copy' });
    copy.addEventListener('click', () => void navigator.clipboard.writeText(r.token).then(() => (copy.textContent = 'Copied'), () => (copy.textContent = 'Select and copy it')));
    const code = Object.assign(document.createElement('code'), { textContent: r.token });
    $('new-token').replaceChildren('Token for the developer (shown once): ', code, ' ', copy, document.createElement('br'), `Next: send it to ${name || 'them'}; they paste it in VS Code with “Token Tier: Set Team Token”.`);
    await load();
  } catch (err) {
    $('new-token').textContent = (err as Error).message;
  }
});
/** The team's tier texts as last loaded; the form edits one tier at a time. */
let guides: Summary['team']['tierGuides'] = {};
const TIERS = ['Not started', 'Beginner', 'Intermediate', 'Expert', 'Architect', 'Catalyst', 'AI God'];
const tierSelect = $('guide-tier') as HTMLSelectElement;
if (tierSelect.options.length === 0) for (const t of TIERS) tierSelect.add(new Option(t, t));

function fillGuide(): void {
  const g = guides[tierSelect.value] ?? {};
  ($('guide-text') as HTMLTextAreaElement).value = g.text ?? '';
  ($('guide-links') as HTMLTextAreaElement).value = (g.links ?? []).map((l) => `${l.label} | ${l.url}`).join('\n');
}

tierSelect.addEventListener('change', fillGuide);
$('guide-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = ($('guide-text') as HTMLTextAreaElement).value.trim();
  const links = ($('guide-links') as HTMLTextAreaElement).value.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const bar = l.lastIndexOf('|');
    return bar > 0 ? { label: l.slice(0, bar).trim(), url: l.slice(bar + 1).trim() } : { label: l, url: l };
  });
  const next = { ...guides };
  if (text || links.length) next[tierSelect.value] = { ...(text ? { text } : {}), ...(links.length ? { links } : {}) };
  else delete next[tierSelect.value];
  try {
    await api('PATCH', '/api/v1/admin/team', { tierGuides: next });
    $('guide-status').textContent = `Saved: developers see it in their panel at their next sync.`;
    await load();
  } catch (err) {
    $('guide-status').textContent = (err as Error).message;
  }
});
if (session.token) void load();
