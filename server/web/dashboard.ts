import './zodSetup';
import type { Chart } from 'chart.js';
import { Chart as ChartJs } from 'chart.js';
import { DashboardSchema } from '../shared/dashboardApi';
import type { Dashboard } from '../shared/dashboardApi';
import { toCsv } from '../../src/shared/csv';
import { api, ApiError, session } from './api';
import { $, csvSources } from './dom';
import { loadTokens, renderPeople } from './people';
import { renderHeadline, renderTeams } from './overview';
import { renderRoster } from './roster';
import { renderMovement } from './movement';
import { renderDetails } from './details';
import { adminForms, showTeamSettings } from './adminForms';

/**
 * The company dashboard: log in with an admin token (kept in this tab's sessionStorage only), then
 * one summary draws the page for the scope — the organisation or one team, a preset or custom
 * range — which the URL remembers (`?team=ID&days=30`, never the token).
 */

const charts: Chart[] = [];

/** What the page covers: a team (or all) and a preset or custom range; mirrored in the URL. */
const scope = { team: '', days: '90', from: '', to: '' };

function readUrl(): void {
  const q = new URLSearchParams(location.search);
  scope.team = /^[1-9]\d{0,15}$/.test(q.get('team') ?? '') ? q.get('team')! : '';
  scope.days = ['7', '30', '90'].includes(q.get('days') ?? '') ? q.get('days')! : '90';
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  scope.from = iso.test(q.get('from') ?? '') && iso.test(q.get('to') ?? '') ? q.get('from')! : '';
  scope.to = scope.from ? q.get('to')! : '';
}

function scopeQuery(): string {
  const q = new URLSearchParams();
  if (scope.team) q.set('team', scope.team);
  if (scope.from && scope.to) {
    q.set('from', scope.from);
    q.set('to', scope.to);
  } else q.set('days', scope.days);
  return q.toString();
}

/** The URL says what the page shows, so a reload or a shared link opens the same view. */
function writeUrl(push: boolean): void {
  const url = `${location.pathname}?${scopeQuery()}`;
  if (url !== `${location.pathname}${location.search}`) history[push ? 'pushState' : 'replaceState'](null, '', url);
}

function showScope(): void {
  for (const o of Array.from(document.querySelectorAll('.range button[data-days]'))) o.setAttribute('aria-pressed', String(!scope.from && (o as HTMLElement).dataset.days === scope.days));
  if (scope.from) $('scope-dates').hidden = false;
  // Custom… is pressed once a custom range shows, and says whether its date fields are open.
  $('scope-custom').setAttribute('aria-pressed', String(!!scope.from));
  $('scope-custom').setAttribute('aria-expanded', String(!$('scope-dates').hidden));
}

/** Chart text and grid in the page's own colours (Chart.js's defaults are for a light page: #666 on black is unreadable). */
function themeCharts(): void {
  const css = getComputedStyle(document.documentElement);
  ChartJs.defaults.color = css.getPropertyValue('--muted').trim() || ChartJs.defaults.color;
  ChartJs.defaults.borderColor = css.getPropertyValue('--line').trim() || ChartJs.defaults.borderColor;
}

function render(d: Dashboard): void {
  $('team-name').textContent = `— ${d.team.name}`;
  charts.splice(0).forEach((c) => c.destroy());
  themeCharts();
  renderHeadline(d);
  renderTeams(d, scope.team, (id) => void pickTeam(id));
  renderRoster(d);
  renderMovement(d, charts);
  renderDetails(d, charts);
  showTeamSettings(d.team);
  ($('scope-from') as HTMLInputElement).value = d.scope.from;
  ($('scope-to') as HTMLInputElement).value = d.scope.to;
  $('empty-state').hidden = d.daily.some((x) => x.total > 0);
  addCsvButtons();
}

/** Shows the page for one team (or, with '', everyone); the URL remembers it. */
async function setTeam(id: string): Promise<void> {
  scope.team = id;
  writeUrl(true);
  await load();
}

/** A click on a team's row: the page for that team, or back to everyone when it already shows it. */
async function pickTeam(id: string): Promise<void> {
  await setTeam(scope.team === id ? '' : id);
  $('scope').scrollIntoView({ block: 'start' });
}

/** Every data table gets a "CSV" button: exact figures where the page shows rounded ones. */
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
  const rows = csvSources.get(t.id) ?? Array.from(t.rows).map((r) => Array.from(r.cells).map((c) => (c.dataset.csv ?? c.textContent ?? '').trim()));
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([toCsv(rows)], { type: 'text/csv' }));
  a.download = `${t.id}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function loadAdmin(): Promise<void> {
  const [teams, people] = await Promise.all([api<{ teams: Array<{ id: number; name: string; people: number }> }>('GET', '/api/v1/admin/teams'), api<{ people: Array<{ id: number; name: string; email: string; team: number | null }> }>('GET', '/api/v1/admin/people')]);
  const select = $('scope-team') as HTMLSelectElement;
  select.replaceChildren(new Option('All teams', ''), ...teams.teams.map((t) => new Option(`${t.name} (${t.people})`, String(t.id))));
  select.value = scope.team;
  renderPeople(people.people, teams.teams, load);
  await loadTokens(load);
}

/** A refusal at login in words an admin can act on. */
function loginError(e: unknown): string {
  if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return "This token isn't an admin token for this dashboard. Paste the admin token the server printed (a new one: the server's admin-token command).";
  return (e as Error).message;
}

async function load(): Promise<void> {
  let d: Dashboard;
  try {
    const parsed = DashboardSchema.safeParse(await api<unknown>('GET', `/api/v1/team/summary?${scopeQuery()}`));
    if (!parsed.success) throw new Error(`the server answered the summary in an unexpected shape (${parsed.error.issues[0]?.path.join('.')})`);
    d = parsed.data;
  } catch (e) {
    if ($('dash').hidden || (e instanceof ApiError && e.status === 401)) {
      $('login-error').textContent = loginError(e);
      $('login').hidden = false;
      $('dash').hidden = true;
      session.forget();
    } else $('scope-error').textContent = (e as Error).message;
    return;
  }
  $('login').hidden = true;
  $('login-error').textContent = '';
  $('dash').hidden = false;
  session.keep();
  $('scope-error').textContent = '';
  showScope();
  render(d);
  await loadAdmin();
}

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  session.use(($('token') as HTMLInputElement).value.trim());
  void load();
});
$('scope-team').addEventListener('change', (e) => void setTeam((e.target as HTMLSelectElement).value));
for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('.range button[data-days]'))) {
  b.addEventListener('click', () => {
    scope.days = b.dataset.days!;
    scope.from = scope.to = '';
    $('scope-dates').hidden = true;
    writeUrl(true);
    void load();
  });
}
$('scope-custom').addEventListener('click', () => {
  $('scope-dates').hidden = !$('scope-dates').hidden;
  showScope();
});
$('scope-apply').addEventListener('click', () => {
  scope.from = ($('scope-from') as HTMLInputElement).value;
  scope.to = ($('scope-to') as HTMLInputElement).value;
  writeUrl(true);
  void load();
});
window.addEventListener('popstate', () => {
  readUrl();
  void load();
});
adminForms(load);
readUrl();
writeUrl(false);
if (session.token) void load();
