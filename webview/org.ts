import type { OrgView } from '../src/shared/protocol';
import { formatExact, formatTokens } from '../src/shared/format';
import { byId, el, setText } from './dom';

/** The team section: what the organisation's backend confirms, beside this machine's numbers. */
export function renderOrg(org: OrgView | null): void {
  const section = byId('org');
  section.hidden = org === null;
  if (!org) return;
  const c = org.confirmed;
  const table = byId('org-days');
  table.hidden = c === null;
  if (c) {
    const pct = c.percentile === null ? '' : ` · above ${c.percentile}% of the team`;
    setText('org-summary', `${c.teamName}: ${c.tier} at ${formatTokens(c.meanPerDay)} tokens/day over ${c.windowDays} days, ${c.devices} device${c.devices === 1 ? '' : 's'}${pct}. The team's thresholds decide your tier.`);
    const head = el('tr', {}, ...['Date', 'Org (all devices)', 'This machine'].map((h) => el('th', { scope: 'col' }, h)));
    const rows = [...c.days].reverse().map((d) => el('tr', {}, el('th', { scope: 'row' }, d.date), el('td', { title: formatExact(d.org) }, formatTokens(d.org)), el('td', { title: formatExact(d.local) }, formatTokens(d.local))));
    table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
  } else {
    setText('org-summary', 'Reporting is on. The team backend has not confirmed your numbers yet; until it does, your tier is the one this machine computes.');
    table.replaceChildren();
  }
  const seen = byId('org-admin-view');
  seen.hidden = !c?.adminView;
  seen.textContent = c?.adminView ?? '';
  setText('org-sync', org.sync);
  byId('org-sync').classList.toggle('problem', org.state === 'problem');
}
