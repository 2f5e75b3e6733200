import type { Snapshot } from '../src/shared/snapshot';
import type { OrgView, PanelStatus } from '../src/shared/protocol';
import { COST_LABEL, costLine, costText, formatExact, formatPercent, formatTokens, freshLine, gapLine, progressText, tierName } from '../src/shared/format';
import { byId, el, setText } from './dom';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const SVG = 'http://www.w3.org/2000/svg';

/** Fills every section (except the chart) from a snapshot. */
export function renderSnapshot(s: Snapshot, range: number): void {
  const tier = s.tiers[s.standing.tierIndex]!;
  const app = document.getElementById('app')!;
  app.setAttribute('aria-busy', 'false');
  // No log files and no history: the native welcome view speaks; nothing here draws an empty chart.
  const nothing = !s.demo && !!s.scan && s.scan.filesSeen === 0 && !s.days.some((d) => d.total > 0);
  app.classList.toggle('is-empty', nothing);
  byId('demo-banner').hidden = !s.demo;
  setText('tier-name', `${tierName(s)}${s.demo ? ' (demo)' : ''}`);
  setText('today', nothing ? '' : `${formatTokens(s.todayCounted)} today`);
  byId('today').title = `${formatExact(s.todayCounted)} tokens counted today`;
  setText('tier-figures', nothing ? 'No agent tokens on this machine yet.' : `${formatTokens(s.standing.meanPerDay)}/day over ${s.windowDays} days`);
  byId('tier-figures').title = nothing ? '' : `Mean ${formatExact(s.standing.meanPerDay)} tokens/day over the last ${s.windowDays} days (days without tokens count as zero).`;
  renderEmblem(s.standing.tierIndex, s.tiers.length);
  const pct = Math.round(s.standing.fraction * 100);
  const bar = byId('progress');
  bar.setAttribute('aria-valuenow', String(pct));
  const next = s.tiers[s.standing.tierIndex + 1];
  bar.setAttribute('aria-valuetext', next ? `${formatPercent(s.standing.fraction)} of the way from ${tier.name} to ${next.name}` : 'top of the ladder');
  bar.style.setProperty('--value', `${next ? pct : 100}%`);
  setText('progress-line', gapLine(s));
  byId('progress-line').title = progressText(s);
  renderValueLine(s, range);
  renderCoach(s);
  renderTable(s, range);
  renderHeatmap(s.heatmap);
  setText(
    'smoothness',
    s.activeHours === 0
      ? 'No agent activity in the last four weeks.'
      : `Smoothness ${s.smoothness.toFixed(2)}: agents ran in ${s.activeHours} of the week’s 168 hours; ${s.activeDaysInWindow} of ${s.windowDays} days active; a ${s.streak}-day streak.`,
  );
}

export function renderStatus(status: PanelStatus): void {
  const p = byId('status');
  p.textContent = status.state === 'ready' ? '' : status.message ?? (status.state === 'scanning' ? 'Refreshing…' : 'Reading agent logs…');
  p.className = `status ${status.state}`;
}

/** The team line under the tier: where reporting stands, or a quiet way to start it. */
export function renderTeamLine(org: OrgView | null): void {
  const text = byId('team-text');
  const action = byId('team-action');
  byId('team-line').classList.toggle('problem', org?.state === 'problem');
  if (!org) {
    text.textContent = '';
    action.textContent = 'Share with your team…';
    action.dataset.action = 'share';
    return;
  }
  const c = org.confirmed;
  text.textContent = `${c ? `${c.teamName}: ${c.tier}` : 'Team'} · ${org.sync.replace(/^Team: /, '')} · `;
  action.textContent = 'Team view';
  action.dataset.action = 'team';
}

/**
 * Value beside volume in one short line under the curve — the window's fresh share and its estimated
 * cost — with the long form (cache reads and writes per day, unpriced models) in its tooltip.
 */
function renderValueLine(s: Snapshot, range: number): void {
  const v = s.value;
  const all = v.freshTokens + v.cacheReadTokens + v.cacheWriteTokens;
  const parts: string[] = [];
  if (all > 0) parts.push(`${formatPercent(v.freshTokens / all)} fresh`);
  if (v.costMicros > 0 || v.unpricedTokens > 0) parts.push(`est. ${costText(v.costMicros / 1e6, v.unpricedTokens)} in ${s.windowDays} days`);
  const peak = Math.max(0, ...s.days.slice(-range).map((d) => d.counted));
  const line = byId('chart-summary');
  line.textContent = parts.join(' · ');
  line.title = [freshLine(s), costLine(s) ? `${costLine(s)} — ${COST_LABEL}.` : '', `Prices: ${v.priceList}.`].filter(Boolean).join('\n');
  byId('daily-chart').setAttribute('aria-label', `Daily tokens, last ${range} days; peak ${formatTokens(peak)}; ${gapLine(s)}. The table below the chart has every day.`);
}

/** A rung-ladder emblem: one filled bar per tier reached. */
function renderEmblem(index: number, count: number): void {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${(count - 1) * 5} 20`);
  for (let i = 1; i < count; i++) {
    const r = document.createElementNS(SVG, 'rect');
    const h = 4 + i * 3;
    r.setAttribute('x', String((i - 1) * 5 + 0.5));
    r.setAttribute('y', String(20 - h));
    r.setAttribute('width', '3.5');
    r.setAttribute('height', String(h));
    r.setAttribute('rx', '0.8');
    r.setAttribute('class', i <= index ? 'rung on' : 'rung');
    svg.append(r);
  }
  byId('emblem').replaceChildren(svg);
}

function renderTable(s: Snapshot, range: number): void {
  const body = byId('daily-table').querySelector('tbody')!;
  body.replaceChildren(...s.days.slice(-range).reverse().map((d) => el('tr', {}, el('th', { scope: 'row' }, d.date), el('td', {}, formatExact(d.counted)), el('td', {}, formatExact(d.total)), el('td', {}, costText((d.counts.costMicros ?? 0) / 1e6, d.counts.unpriced ?? 0)))));
}

function renderHeatmap(grid: number[][]): void {
  const max = Math.max(1, ...grid.flat());
  const head = el('tr', {}, el('td', { class: 'corner' }, ''), ...Array.from({ length: 24 }, (_, h) => el('th', { scope: 'col', class: 'hour', 'aria-label': `${h}:00` }, h % 6 === 0 ? String(h) : '')));
  const rows = grid.map((hours, wd) =>
    el('tr', {}, el('th', { scope: 'row' }, WEEKDAYS[wd]!), ...hours.map((v, h) => {
      const cell = el('td', { class: 'cell', title: `${WEEKDAYS[wd]} ${String(h).padStart(2, '0')}:00 — ${formatTokens(v)} tokens` }, el('span', { class: 'visually-hidden' }, `${formatTokens(v)} tokens`));
      cell.style.setProperty('--level', v === 0 ? '0' : String(0.15 + 0.85 * (v / max)));
      if (v === 0) cell.classList.add('zero');
      return cell;
    })),
  );
  const table = byId('heatmap');
  const caption = table.querySelector('caption');
  table.replaceChildren(...(caption ? [caption] : []), el('thead', {}, head), el('tbody', {}, ...rows));
}

/**
 * The coach: one suggestion in view — grounded in the user's own week, with why and the docs — and
 * the rest (more steps, what this tier looks like, what the next does differently, the week's recap)
 * one click away.
 */
function renderCoach(s: Snapshot): void {
  const { here, next, steps } = s.coach;
  const guide = (label: string, g: { tier: string; text: string; links: Array<{ label: string; url: string }> }) => [
    el('strong', {}, label), ` ${g.text}`, ...g.links.flatMap((l) => [' ', el('a', { href: l.url }, l.label)]),
  ];
  const step = (x: (typeof steps)[number]) => [
    el('span', { class: 'step' }, ...codeNodes(x.title)),
    el('span', { class: 'why' }, ` Why: ${x.why}`),
    ...(x.link ? [' ', el('a', { href: x.link.url }, x.link.label)] : []),
  ];
  const [first, ...rest] = steps;
  setText('coach-h', first ? 'Try this week' : `Where you are — ${here.tier}`);
  byId('first-step').replaceChildren(...(first ? step(first) : guide('', here)));
  byId('more-steps').replaceChildren(...rest.map((x) => el('li', { 'data-step': x.id }, ...step(x))));
  byId('coach-here').replaceChildren(...(first ? guide(`You are here — ${here.tier}.`, here) : []));
  const nextP = byId('coach-next');
  nextP.hidden = !next;
  if (next) nextP.replaceChildren(...guide(`Next — what ${plural(next.tier)} do differently:`, next));
  setText('coach-more-label', rest.length ? `${rest.length} more suggestion${rest.length === 1 ? '' : 's'}, the next tier` : 'Where you are, the next tier');
  setText('recap', recapText(s));
  const change = byId('tier-change');
  change.hidden = !s.lastTierChange;
  if (s.lastTierChange) {
    const c = s.lastTierChange;
    const up = s.tiers.findIndex((t) => t.name === c.to) > s.tiers.findIndex((t) => t.name === c.from);
    change.textContent = `${up ? 'Reached' : 'Moved down to'} ${c.to} (from ${c.from}) on ${new Date(c.at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}.`;
  }
}

/** `claude -p` in a step's text as code, the rest as text (never markup). */
function codeNodes(text: string): Node[] {
  return text.split('`').map((part, i) => (i % 2 ? el('code', {}, part) : document.createTextNode(part)));
}

/** "Experts", "AI Gods"; "Not started" is not a group of people. */
function plural(tier: string): string {
  return tier === 'Not started' ? 'people who have started' : `${tier}s`;
}

/** This week against last, in one sentence with the change in words. */
function recapText(s: Snapshot): string {
  const { thisWeek: a, lastWeek: b } = s.recap;
  const change = (now: number, before: number) => (before === 0 ? (now === 0 ? 'no change' : 'new') : Math.abs(now / before - 1) < 0.05 ? 'about the same' : `${now > before ? 'up' : 'down'} ${Math.round(Math.abs(now / before - 1) * 100)}%`);
  const fresh = a.meanPerDay > 0 ? ` · ${formatPercent(a.freshShare)} fresh input and output (the rest cache)` : '';
  return `This week vs last: ${formatTokens(a.meanPerDay)} tokens/day (${change(a.meanPerDay, b.meanPerDay)}) · ${a.activeDays} of 7 days active (last week ${b.activeDays}) · smoothness ${a.smoothness.toFixed(2)} (last week ${b.smoothness.toFixed(2)})${fresh}.`;
}
