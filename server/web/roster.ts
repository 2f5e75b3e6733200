import type { Dashboard } from '../shared/dashboardApi';
import { $, cell, csvSources } from './dom';

/**
 * Who needs help, grouped by team (in the teams table's order: the team that needs help most
 * first) with a count per team; each list's CSV is its rows with the team as a column.
 */

type Entry = Dashboard['roster']['atZero'][number];

function grouped(id: string, entries: Entry[], order: string[], empty: string): void {
  const teams = [...new Set(entries.map((e) => e.team ?? 'No team'))].sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  const head = document.createElement('thead');
  const hr = document.createElement('tr');
  hr.append(cell('th', 'Name'), cell('th', 'Last report'));
  head.append(hr);
  const body = document.createElement('tbody');
  if (!entries.length) {
    const tr = document.createElement('tr');
    tr.append(cell('th', empty), cell('td', ''));
    body.append(tr);
  }
  for (const team of teams) {
    const members = entries.filter((e) => (e.team ?? 'No team') === team);
    const g = document.createElement('tr');
    g.className = 'group';
    const th = cell('th', team);
    (th as HTMLTableCellElement).colSpan = 2;
    th.title = team;
    th.append(' ', Object.assign(document.createElement('span'), { className: 'count', textContent: `(${members.length})` }));
    g.append(th);
    body.append(g);
    for (const e of members) {
      const tr = document.createElement('tr');
      tr.append(cell('th', { text: e.name, title: e.name }), cell('td', e.lastReport ?? 'never'));
      body.append(tr);
    }
  }
  $(id).replaceChildren(head, body);
  // The CSV has no group headings: the team is a column of each row.
  csvSources.set(id, [['Name', 'Team', 'Last report'], ...entries.map((e) => [e.name, e.team ?? '', e.lastReport ?? 'never'])]);
}

const rank = (order: string[], team: string) => (order.includes(team) ? order.indexOf(team) : order.length);

export function renderRoster(d: Dashboard): void {
  const order = d.overview.teams.map((t) => t.name);
  $('not-reporting-count').textContent = `(${d.roster.notReporting.length})`;
  $('zero-count').textContent = `(${d.roster.atZero.length})`;
  grouped('not-reporting', d.roster.notReporting, order, 'Everyone reports');
  grouped('at-zero', d.roster.atZero, order, 'Nobody');
}
