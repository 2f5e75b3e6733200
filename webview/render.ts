import type { Snapshot, BreakdownRow } from '../src/shared/snapshot';
import type { PanelStatus } from '../src/shared/protocol';
import { AGENT_LABELS } from '../src/shared/tokens';
import { COST_LABEL, costLine, costText, formatExact, formatPercent, formatTokens, freshLine, listPhrase, progressText, tierName } from '../src/shared/format';
import { byId, el, pathNodes, setText } from './dom';
import { agentColor } from './theme';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const SVG = 'http://www.w3.org/2000/svg';

/** Fills every section (except the chart) from a snapshot. */
export function renderSnapshot(s: Snapshot, range: number): void {
  const tier = s.tiers[s.standing.tierIndex]!;
  const app = document.getElementById('app')!;
  app.setAttribute('aria-busy', 'false');
  // No log files and no history (a ledger whose transcripts were deleted still has its days).
  const nothing = !s.demo && !!s.scan && s.scan.filesSeen === 0 && !s.days.some((d) => d.total > 0);
  app.classList.toggle('is-empty', nothing);
  byId('welcome').hidden = !nothing;
  byId('demo-banner').hidden = !s.demo;
  if (nothing) renderWelcome(s);
  setText('tier-name', `${tierName(s)}${s.demo ? ' (demo)' : ''}`);
  setText('tier-figures', nothing ? 'No tokens counted yet.' : `${formatTokens(s.standing.meanPerDay)} tokens/day over ${s.windowDays} days · ${formatTokens(s.todayCounted)} tokens today`);
  setText('fresh', nothing ? '' : freshLine(s));
  const cost = nothing ? '' : costLine(s);
  setText('cost', cost ? `${cost} — ${COST_LABEL}.` : '');
  byId('cost').title = cost ? `Prices: ${s.value.priceList}, or the agent's own logged cost where it logs one. Models without a price are left out, never guessed.` : '';
  renderEmblem(s.standing.tierIndex, s.tiers.length);
  const pct = Math.round(s.standing.fraction * 100);
  const bar = byId('progress');
  bar.setAttribute('aria-valuenow', String(pct));
  bar.setAttribute('aria-valuetext', `${formatPercent(s.standing.fraction)} of the way from ${tier.name}`);
  bar.style.setProperty('--value', `${pct}%`);
  const next = s.tiers[s.standing.tierIndex + 1];
  setText('progress-h', next ? 'Progress to the next tier' : 'The top of the ladder');
  // "42%" beside "you average 11.4M of 20M" read as wrong: it is the way from this tier's threshold to the next.
  setText('progress-pct', next && s.standing.tierIndex > 0 ? `${formatPercent(s.standing.fraction)} of the way from ${tier.name} to ${next.name}.` : '');
  setText('progress-text', progressText(s));
  const change = byId('tier-change');
  change.hidden = !s.lastTierChange;
  if (s.lastTierChange) {
    const c = s.lastTierChange;
    const up = s.tiers.findIndex((t) => t.name === c.to) > s.tiers.findIndex((t) => t.name === c.from);
    change.textContent = `${up ? 'Reached' : 'Moved down to'} ${c.to} (from ${c.from}) on ${new Date(c.at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}.`;
  }
  renderCoach(s);
  renderTable(s, range);
  renderHeatmap(s.heatmap);
  setText(
    'smoothness',
    s.activeHours === 0
      ? 'No agent activity in the last four weeks.'
      : `Smoothness ${s.smoothness.toFixed(2)}: agents ran in ${s.activeHours} of the week’s 168 hours; ${s.activeDaysInWindow} of ${s.windowDays} days active; a ${s.streak}-day streak.`,
  );
  // The breakdown is the tier's window, not the chart's range: say which.
  setText('breakdown-h', `Breakdown, last ${s.windowDays} days`);
  const windowTotal = s.byAgent.reduce((n, r) => n + r.total, 0);
  renderBreakdown('by-agent', s.byAgent, windowTotal, (r) => AGENT_LABELS[r.agent]);
  renderBreakdown('by-model', s.byModel.slice(0, MAX_MODELS), windowTotal, (r) => r.model, (r) => AGENT_LABELS[r.agent], s.byModel.length - MAX_MODELS);
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
  body.replaceChildren(...s.days.slice(-range).reverse().map((d) => el('tr', {}, el('td', {}, d.date), el('td', {}, formatExact(d.counted)), el('td', {}, formatExact(d.total)), el('td', {}, costText((d.counts.costMicros ?? 0) / 1e6, d.counts.unpriced ?? 0)))));
  byId('daily-chart').setAttribute('aria-label', `Daily tokens for the last ${range} days; peak ${formatTokens(Math.max(0, ...s.days.slice(-range).map((d) => d.counted)))}. The table below has every value.`);
}

function renderHeatmap(grid: number[][]): void {
  const max = Math.max(1, ...grid.flat());
  const head = el('tr', {}, el('th', {}, ''), ...Array.from({ length: 24 }, (_, h) => el('th', { scope: 'col', class: 'hour' }, h % 6 === 0 ? String(h) : '')));
  const rows = grid.map((hours, wd) =>
    el('tr', {}, el('th', { scope: 'row' }, WEEKDAYS[wd]!), ...hours.map((v, h) => {
      const cell = el('td', { class: 'cell', title: `${WEEKDAYS[wd]} ${String(h).padStart(2, '0')}:00 — ${formatTokens(v)} tokens`, 'aria-label': `${WEEKDAYS[wd]} ${h}:00, ${formatTokens(v)} tokens` });
      cell.style.setProperty('--level', v === 0 ? '0' : String(0.15 + 0.85 * (v / max)));
      if (v === 0) cell.classList.add('zero');
      return cell;
    })),
  );
  byId('heatmap').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
}

const MAX_MODELS = 10;

/**
 * The breakdown as a list that fits any sidebar width: name, share of the window and total on one
 * line, the four kinds under it; biggest first.
 */
function renderBreakdown(id: string, rows: BreakdownRow[], all: number, name: (r: BreakdownRow) => string, sub?: (r: BreakdownRow) => string, hidden = 0): void {
  const items = rows.map((r) => {
    const share = all > 0 ? r.total / all : 0;
    const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.setProperty('--swatch', agentColor(r.agent));
    const bar = el('span', { class: 'share-fill' });
    bar.style.setProperty('--share', `${(share * 100).toFixed(1)}%`);
    const parts = [`${formatPercent(share)}`, ...(sub ? [sub(r)] : []), ...kindsParts(r.counts), `est. ${costText((r.counts.costMicros ?? 0) / 1e6, r.counts.unpriced ?? 0)}`];
    return el('li', {},
      el('div', { class: 'row-head' },
        swatch,
        el('span', { class: 'name', title: name(r) }, name(r)),
        el('span', { class: 'total', title: `${formatExact(r.total)} tokens` }, formatTokens(r.total))),
      el('div', { class: 'share-track', 'aria-hidden': 'true' }, bar),
      // Each part stays whole; lines break only between them.
      el('div', { class: 'kinds' }, ...parts.flatMap((p, i) => [...(i ? [' · '] : []), el('span', { class: i === 0 ? 'share' : i === 1 && sub ? 'sub' : 'kind' }, p)])));
  });
  if (rows.length === 0) items.push(el('li', { class: 'hint' }, 'No tokens in this window.'));
  if (hidden > 0) items.push(el('li', { class: 'hint' }, `and ${hidden} smaller model${hidden === 1 ? '' : 's'}`));
  byId(id).replaceChildren(...items);
}

function kindsParts(c: BreakdownRow['counts']): string[] {
  const parts = [`in ${formatTokens(c.input)}`, `out ${formatTokens(c.output)}`, `cache read ${formatTokens(c.cacheRead)}`, `cache write ${formatTokens(c.cacheWrite)}`];
  if (c.reasoning > 0) parts.push(`reasoning ${formatTokens(c.reasoning)} (part of out)`);
  return parts;
}

/** Every agent: those found with their folders and last activity, then one line for the rest. */
function renderSources(s: Snapshot): void {
  const r = s.scan;
  const list = byId('sources');
  if (!r) {
    list.replaceChildren(el('li', {}, 'Not scanned yet.'));
    return;
  }
  const found = r.sources.filter((src) => src.files > 0);
  const missing = r.sources.filter((src) => src.files === 0);
  const items = found.map((src) => {
    const rows = src.rowsRead ? `, ${formatExact(src.rowsRead)} database record${src.rowsRead === 1 ? '' : 's'} read` : '';
    const last = src.lastActivity === null ? 'no tokens yet' : `last active ${relativeTime(src.lastActivity, r.finishedAt)}`;
    const skips = Object.entries(src.skipped).map(([k, n]) => `${formatExact(n)} ${skipText(k)}`);
    return el('li', { class: 'found' },
      el('strong', {}, AGENT_LABELS[src.agent]), ` — ${src.files} file${src.files === 1 ? '' : 's'}${rows} · ${last}`,
      el('ul', {}, ...src.folders.filter((f) => f.found).map((f) => el('li', { class: 'path', title: f.path }, ...pathNodes(f.path)))),
      ...(skips.length ? [el('div', { class: 'hint' }, `Skipped: ${skips.join(', ')}`)] : []));
  });
  // With nothing found at all, the welcome at the top already says so.
  if (missing.length && found.length) items.push(el('li', { class: 'missing' }, `Not found: ${missing.map((m) => AGENT_LABELS[m.agent]).join(', ')}.`));
  list.replaceChildren(...items);
  const looked = byId('looked');
  looked.replaceChildren(...r.sources.map((src) => el('li', {}, el('strong', {}, AGENT_LABELS[src.agent]), el('ul', {}, ...src.folders.map((f) => el('li', { class: f.found ? 'path' : 'path missing', title: f.path }, `${f.found ? '✓' : '✗'} `, ...pathNodes(f.path)))))));
  // What each agent's logs hold that was skipped is said under that agent; folders that could not be read have no agent line.
  const unreadable = r.skipped.unreadable ?? 0;
  setText('skipped', `${unreadable ? `${formatExact(unreadable)} folder${unreadable === 1 ? '' : 's'} or file${unreadable === 1 ? '' : 's'} could not be read (see the log). ` : ''}Last refresh ${new Date(r.finishedAt).toLocaleTimeString()} (${r.durationMs} ms).`);
}

const WELCOME_AGENTS = 3;

/** The empty state: every agent looked for, the first folder of the first few, and where the rest are listed. */
function renderWelcome(s: Snapshot): void {
  const sources = s.scan?.sources ?? [];
  const folders = sources.reduce((n, src) => n + src.folders.length, 0);
  const names = sources.map((src) => AGENT_LABELS[src.agent]);
  const list = listPhrase(names);
  setText('welcome-looked', `Looked for ${sources.length} agent${sources.length === 1 ? '' : 's'} in ${folders} folder${folders === 1 ? '' : 's'}: ${list}. Where, for example:`);
  const items = sources.slice(0, WELCOME_AGENTS).filter((src) => src.folders[0]).map((src) => el('li', { class: 'path', title: src.folders[0]!.path }, `${AGENT_LABELS[src.agent]}: `, ...pathNodes(src.folders[0]!.path)));
  if (folders > items.length) items.push(el('li', { class: 'hint' }, `and ${folders - items.length} more (Sources → “Where Token Tier looked”).`));
  byId('welcome-folders').replaceChildren(...items);
}

/** "invalid-json" → "invalid JSON". */
function skipText(reason: string): string {
  return reason.replace(/-/g, ' ').replace(/\bjson\b/g, 'JSON');
}

/** The tier card's guide: this tier, the next, two or three steps from the user's own window, the week's recap. */
function renderCoach(s: Snapshot): void {
  const { here, next, steps } = s.coach;
  const guide = (label: string, g: { tier: string; text: string; links: Array<{ label: string; url: string }> }) => [
    el('strong', {}, label), ` ${g.text}`, ...g.links.flatMap((l) => [' ', el('a', { href: l.url }, l.label)]),
  ];
  byId('coach-here').replaceChildren(...guide(`You are here — ${here.tier}.`, here));
  const nextP = byId('coach-next');
  nextP.hidden = !next;
  if (next) nextP.replaceChildren(...guide(`Next — what ${plural(next.tier)} do differently:`, next));
  byId('steps-h').hidden = steps.length === 0;
  byId('steps').replaceChildren(...steps.map((x) => el('li', { 'data-step': x.id },
    el('span', { class: 'step' }, ...codeNodes(x.title)),
    el('span', { class: 'why' }, ` Why: ${x.why}`),
    ...(x.link ? [' ', el('a', { href: x.link.url }, x.link.label)] : []))));
  setText('recap', recapText(s));
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

/** "5 min ago", "3 h ago", "2 days ago". */
function relativeTime(ms: number, now: number): string {
  const min = Math.max(0, Math.round((now - ms) / 60_000));
  if (min < 60) return min <= 1 ? 'just now' : `${min} min ago`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}
