import { costText, formatShare, formatTokens } from '../../src/shared/format';
import type { Dashboard, TeamRow } from '../shared/dashboardApi';
import { $, cell, csvSources } from './dom';
import { tierBar, tierColor, tierLegend } from './tiers';

/**
 * The first screen: headline figures for the scope, then every team side by side (the one that
 * needs help most first; a click filters the page to it), then who needs help, grouped by team.
 */

const pct = (n: number, of: number) => (of ? formatShare(n / of) : '—');

export function renderHeadline(d: Dashboard): void {
  const h = d.overview.headline;
  $('people-count').textContent = String(h.people);
  $('reporting-count').textContent = String(h.reporting);
  $('reporting-share').textContent = h.people ? `${pct(h.reporting, h.people)} of everyone` : 'nobody yet';
  $('active-share').textContent = pct(h.weeklyActive, h.people);
  $('active-share').title = `${h.weeklyActive} of ${h.people} people used an agent in the last 7 days`;
  const change = h.people ? Math.round((100 * (h.weeklyActive - h.weeklyActivePrevious)) / h.people) : 0;
  const delta = document.createElement('span');
  delta.className = change > 0 ? 'delta-up' : change < 0 ? 'delta-down' : '';
  delta.textContent = change === 0 ? '± 0 pts' : `${change > 0 ? '▲ +' : '▼ −'}${Math.abs(change)} pts`;
  $('active-change').replaceChildren(delta, ` vs the 7 days before (${h.weeklyActive} of ${h.people})`);
  $('zero-total').textContent = String(h.atZero);
  $('headline-mix').replaceWith(Object.assign(tierBar(h.tierMix, 'Tier mix'), { id: 'headline-mix' }));
  $('headline-legend').replaceChildren(...tierLegend(h.tierMix));
  $('tokens-day').textContent = formatTokens(h.tokensPerDay);
  $('tokens-day').title = `${Math.round(h.tokensPerDay).toLocaleString('en-US')} tokens a day over ${h.days} days`;
  $('fresh-cache').textContent = h.tokensPerDay ? `fresh ${formatShare(h.freshShare)} · cache ${formatShare(h.cacheShare)}` : 'no tokens in the range';
  $('cost-day').textContent = costText(h.costPerDay, h.unpricedShare > 0 ? 1 : 0);
  $('cost-day').title = "Estimated at list prices (a day's rows priced below long-context tiers); subscriptions differ";
  $('cost-note').textContent = `est. at list prices over ${h.days} days${h.unpricedShare > 0 ? ` · ${formatShare(h.unpricedShare)} of tokens unpriced` : ''}`;
}

/** A small line of the team's tokens/day over the last 5 weeks, and the change against 4 weeks earlier. */
function trendCell(t: TeamRow): HTMLElement {
  const wrap = document.createElement('span');
  wrap.className = 'trend';
  const max = Math.max(...t.weeks, 1);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 56 18');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', t.weeks.map((v, i) => `${(i * 54) / Math.max(1, t.weeks.length - 1) + 1},${17 - (v / max) * 16}`).join(' '));
  svg.append(line);
  const figure = document.createElement('span');
  figure.className = t.change === null ? '' : t.change >= 0 ? 'delta-up' : 'delta-down';
  figure.textContent = t.change === null ? 'new' : `${t.change >= 0 ? '↑' : '↓'} ${formatShare(Math.abs(t.change))}`;
  wrap.title = `Tokens/day, last 5 weeks: ${t.weeks.map((w) => formatTokens(w)).join(' → ')}; the last week against 4 weeks earlier`;
  wrap.append(svg, figure);
  return wrap;
}

/** The teams table; `current` is the team the page shows (highlighted), `pick` filters to one. */
export function renderTeams(d: Dashboard, current: string, pick: (id: string) => void): void {
  const head = document.createElement('thead');
  const hr = document.createElement('tr');
  const cols: Array<[string, string]> = [['Team', ''], ['People', ''], ['Reporting', ''], ['Weekly active', ''], ['At zero', ''], ['Median tier', 'col-median'], ['Tier mix', 'col-mix'], ['4 weeks', 'col-trend']];
  for (const [text, cls] of cols) hr.append(Object.assign(cell('th', text), { className: cls }));
  head.append(hr);
  const body = document.createElement('tbody');
  for (const t of d.overview.teams) {
    const tr = document.createElement('tr');
    const id = t.id === null ? '' : String(t.id);
    if (t.id !== null && id === current) tr.setAttribute('aria-current', 'true');
    tr.dataset.team = t.name;
    const name = document.createElement('button');
    name.type = 'button';
    name.className = 'team-link';
    name.textContent = t.name;
    name.title = t.id === null ? `${t.name}: people not in any team` : `Show the page for ${t.name}`;
    if (t.id !== null) name.addEventListener('click', () => pick(id));
    else name.disabled = true;
    tr.append(cell('th', name));
    const td = (text: string | HTMLElement, label: string, cls = '', title = '') => {
      const c = cell('td', text);
      c.dataset.label = label;
      if (cls) c.className = cls;
      if (title) c.title = title;
      return c;
    };
    tr.append(td(String(t.people), 'People'));
    if (t.withheld) {
      const w = td(t.withheld, '', 'withheld-cell');
      (w as HTMLTableCellElement).colSpan = 6;
      tr.append(w);
    } else {
      tr.append(
        td(pct(t.reporting, t.people), 'Reporting', 'share', `${t.reporting} of ${t.people} report`),
        td(pct(t.weeklyActive, t.people), 'Weekly active', 'share', `${t.weeklyActive} of ${t.people} used an agent in the last 7 days`),
        td(String(t.atZero), 'At zero'),
        td(t.medianTier ?? '—', 'Median tier', 'col-median'),
        td(tierBar(t.tierMix, `${t.name}: tier mix`), 'Tier mix', 'col-mix'),
        td(trendCell(t), '4 weeks', 'col-trend'),
      );
    }
    body.append(tr);
  }
  $('teams').replaceChildren(head, body);
  csvSources.set('teams', [
    ['Team', 'People', 'Reporting', 'Weekly active', 'At zero', 'Median tier', ...d.tierDistribution.map((t) => t.tier), 'Tokens/day last week', 'Change against 4 weeks earlier'],
    ...d.overview.teams.map((t) =>
      t.withheld
        ? [t.name, String(t.people), t.withheld]
        : [t.name, String(t.people), String(t.reporting), String(t.weeklyActive), String(t.atZero), t.medianTier ?? '', ...t.tierMix.map((m) => String(m.count)), String(Math.round(t.weeks.at(-1) ?? 0)), t.change === null ? '' : `${Math.round(t.change * 100)}%`],
    ),
  ]);
  const shown = d.overview.teams.filter((t) => !t.withheld).length;
  $('teams-note').textContent = d.overview.teams.length
    ? `Weekly active: people with any agent tokens in their last 7 days, of everyone in the team (people not reporting count as not active). ${shown < d.overview.teams.length ? 'A team of fewer than 5 people shows only its size: its figures would show individuals.' : ''}`
    : 'No teams yet: add them in the Admin section below, then put people in them.';
  $('teams-section').hidden = d.overview.teams.length === 0;
}

/** The colours of the tiers, for a chart (the same as the bars'). */
export const tierPalette = (n: number) => Array.from({ length: n }, (_, i) => tierColor(i));
