import '../zodSetup';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import './team.css';
import { TeamHostMessageSchema } from '../../src/shared/protocol';
import type { TeamView } from '../../src/shared/protocol';
import { formatExact, formatTokens, mixShares } from '../../src/shared/format';
import { byId, el, setText } from '../dom';
import { onThemeChange } from '../theme';
import { renderCharts } from './charts';
import { post } from './vscodeTeamApi';

/**
 * The team view (an editor tab): the company dashboard's views of the org usage API's rows, as the
 * extension computed them with the backend's own functions. Names appear only on the roster.
 */
type Summary = NonNullable<TeamView['summary']>;
type Mix = Summary['agentMix'];

function skeleton(): void {
  const section = (id: string, title: string, ...body: Node[]) => el('section', { id, 'aria-labelledby': `${id}-h` }, el('h2', { id: `${id}-h` }, title), ...body);
  const card = (id: string, title: string, hint: string) => el('div', { class: 'card' }, el('h3', {}, title), el('p', { id, class: 'big' }), el('p', { class: 'hint' }, hint));
  byId('app').replaceChildren(
    el('header', {}, el('h1', {}, 'Token Tier: Team'), el('p', { class: 'hint' }, 'For enablement, never performance review: who needs help first, and whether the team is moving up.')),
    el('section', { id: 'backend', 'aria-labelledby': 'backend-h', hidden: '' },
      el('h2', { id: 'backend-h' }, 'Your team, as its backend confirms it'),
      el('p', { id: 'backend-summary' }),
      el('table', { id: 'backend-days', class: 'data' }),
      el('p', { id: 'backend-admin', class: 'hint', hidden: '' }),
      el('p', { id: 'backend-sync', class: 'hint' }),
      el('vscode-button', { id: 'open-dashboard', secondary: '' }, 'Open the Company Dashboard')),
    el('p', { id: 'provider', class: 'sub' }),
    el('div', { class: 'bar' }, el('p', { id: 'fresh', class: 'hint' }), el('vscode-button', { id: 'refresh', secondary: '' }, 'Refresh')),
    el('p', { id: 'problem', class: 'problem', role: 'alert', hidden: '' }),
    el('div', { id: 'connect-box', class: 'banner', hidden: '' },
      el('p', { id: 'connect-why' }, 'The team view needs one of two things: team reporting to your team’s backend, or an org usage API (Anthropic Claude Code Analytics, Anthropic Messages usage, or OpenAI Usage) connected with an admin key — no server needed.'),
      el('div', { class: 'actions' }, el('vscode-button', { id: 'share' }, 'Share with Your Team…'), el('vscode-button', { id: 'connect', secondary: '' }, 'Connect an Org Usage API…'))),
    el('main', { id: 'dash', hidden: '' },
      el('div', { class: 'cards' }, card('people', 'People', 'in the org’s data and your roster'), card('active-count', 'Using agents', 'tokens in the last 7 days'), card('zero-count', 'At zero', 'no agent tokens in 7 days'), card('smoothness', 'Smoothness', 'needs hourly data: org APIs give days')),
      section('roster', 'Who needs help first: at zero', el('p', { class: 'hint' }, 'The only place names appear: an enablement to-do list, not a ranking. No agent tokens in the org’s data for 7 days; a name from your roster (setting Org: Roster) the API has never seen is listed too — check the email if they do use agents. Nobody is “not reporting”: the org API counts everyone, with no opt-in.'),
        el('table', { id: 'at-zero', class: 'data' })),
      section('tiers', 'Tier distribution', el('div', { class: 'chart' }, el('canvas', { id: 'tiers-chart', role: 'img', 'aria-label': 'People per tier' })), el('table', { id: 'tier-table', class: 'data' })),
      section('daily', 'Daily tokens, from the first day with data', el('div', { class: 'chart' }, el('canvas', { id: 'daily-chart', role: 'img', 'aria-label': 'Team tokens per UTC day' }))),
      el('p', { id: 'withheld', class: 'hint', hidden: '' }),
      el('div', { class: 'two' },
        section('agents', 'Agent mix', el('table', { id: 'agent-mix', class: 'data' })),
        section('models', 'Model mix', el('table', { id: 'model-mix', class: 'data' }))),
      section('top', 'Among the top tier', el('p', { id: 'top-title', class: 'hint' }), el('div', { class: 'two' }, el('table', { id: 'top-agent-mix', class: 'data' }), el('table', { id: 'top-model-mix', class: 'data' }))),
      section('trend', 'Is the team moving up?', el('p', { class: 'hint' }, 'People per tier at the end of each week (from Monday).'), el('table', { id: 'trend-weeks', class: 'data' })),
      el('p', { class: 'hint' }, 'Leaderboard: off. Breakdowns over fewer than 5 people are withheld.')),
  );
}

function table(id: string, head: string[], rows: Array<Array<string | { text: string; title: string }>>, empty: string): void {
  const cell = (tag: 'th' | 'td', c: string | { text: string; title: string }) => (typeof c === 'string' ? el(tag, tag === 'th' ? { scope: 'row' } : {}, c) : el(tag, { title: c.title }, c.text));
  const body = rows.length ? rows.map((r) => el('tr', {}, ...r.map((c, i) => cell(i === 0 ? 'th' : 'td', c)))) : [el('tr', {}, el('td', { colspan: String(head.length), class: 'hint' }, empty))];
  byId(id).replaceChildren(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...body));
}

const tokens = (n: number) => ({ text: formatTokens(n), title: `${formatExact(n)} tokens` });

function mixRows(m: Mix): Array<Array<string | { text: string; title: string }>> {
  return mixShares(m).map((x) => [x.label, tokens(x.total), x.share]);
}

/** What the team backend confirms about me: my team, my org-confirmed tier and days, what admins see. */
function renderBackend(b: TeamView['backend']): void {
  byId('backend').hidden = b === null;
  if (!b) return;
  const c = b.confirmed;
  setText('backend-summary', c ? `${c.teamName}: ${c.tier} at ${formatTokens(c.meanPerDay)} tokens/day over ${c.windowDays} days, ${c.devices} device${c.devices === 1 ? '' : 's'}${c.percentile === null ? '' : ` · above ${c.percentile}% of the team`}.` : 'Reporting is on; the team backend has not confirmed your numbers yet.');
  table('backend-days', ['Date', 'Org (all devices)', 'This machine'], c ? [...c.days].reverse().map((d) => [d.date, tokens(d.org), tokens(d.local)]) : [], 'No days confirmed yet');
  const admin = byId('backend-admin');
  admin.hidden = !c?.adminView;
  admin.textContent = c?.adminView ?? '';
  setText('backend-sync', b.sync);
  byId('backend-sync').classList.toggle('problem', b.state === 'problem');
}

function render(v: TeamView): void {
  byId('app').setAttribute('aria-busy', String(v.fetching && !v.summary));
  renderBackend(v.backend);
  setText('provider', v.provider ? `From ${v.provider}, by UTC day; computed in VS Code, no server.` : '');
  byId('provider').hidden = !v.provider;
  setText('fresh', v.fresh);
  byId('refresh').hidden = !v.provider;
  byId('fresh').parentElement!.hidden = !v.provider;
  const problem = byId('problem');
  problem.hidden = v.problem === null;
  problem.textContent = v.problem ?? '';
  // Neither a backend nor an org API: say which of the two the view needs, and offer both.
  byId('connect-box').hidden = v.provider !== null || v.backend !== null;
  const s = v.summary;
  byId('dash').hidden = !s;
  if (!s) return;
  setText('people', String(s.people));
  setText('zero-count', String(s.roster.atZero.length));
  setText('active-count', String(s.people - s.roster.atZero.length - s.roster.notReporting.length));
  setText('smoothness', s.trends.weeks.some((w) => w.smoothness > 0) ? s.smoothness.toFixed(2) : '—');
  table('at-zero', ['Name'], [...s.roster.atZero, ...s.roster.notReporting].map((p) => [p.name]), 'Nobody: everyone used an agent in the last 7 days');
  table('tier-table', ['Tier', 'People'], s.tierDistribution.map((t) => [t.tier, String(t.count)]), '');
  const withheld = byId('withheld');
  withheld.hidden = s.withheld === null;
  withheld.textContent = s.withheld ?? '';
  for (const id of ['agents', 'models']) byId(id).hidden = s.withheld !== null;
  table('agent-mix', ['Agent', 'Tokens', 'Share'], mixRows(s.agentMix), 'No tokens in the window');
  table('model-mix', ['Model', 'Tokens', 'Share'], mixRows(s.modelMix), 'No tokens in the window');
  setText('top-title', s.topTier.withheld ?? `${s.topTier.tier}: ${s.topTier.people} people.`);
  byId('top-agent-mix').hidden = byId('top-model-mix').hidden = s.topTier.withheld !== null;
  table('top-agent-mix', ['Agent', 'Tokens', 'Share'], mixRows(s.topTier.agentMix), '—');
  table('top-model-mix', ['Model', 'Tokens', 'Share'], mixRows(s.topTier.modelMix), '—');
  const tiers = s.tierDistribution.map((t) => t.tier).filter((t) => s.trends.weeks.some((w) => w.tiers[t]));
  table('trend-weeks', ['Week of', ...tiers], s.trends.weeks.map((w) => [`${w.weekOf}${w.days < 7 ? ` (${w.days} d)` : ''}`, ...tiers.map((t) => String(w.tiers[t] ?? 0))]), 'No weeks yet');
  renderCharts(s);
}

skeleton();
let last: TeamView | undefined;
byId('refresh').addEventListener('click', () => post({ type: 'refresh' }));
byId('connect').addEventListener('click', () => post({ type: 'connect' }));
byId('share').addEventListener('click', () => post({ type: 'share' }));
byId('open-dashboard').addEventListener('click', () => post({ type: 'openDashboard' }));
onThemeChange(() => last?.summary && renderCharts(last.summary));
window.addEventListener('message', (event: MessageEvent) => {
  const parsed = TeamHostMessageSchema.safeParse(event.data);
  if (!parsed.success) return; // not ours, or malformed: never rendered
  last = parsed.data.view;
  render(last);
});
post({ type: 'ready' });
