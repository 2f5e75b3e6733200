import type { OrgView } from '../src/shared/protocol';
import { formatExact, formatTokens } from '../src/shared/format';
import { byId, el, setText } from './dom';

/** The team section: what the organisation's backend confirms, beside this machine's numbers. */
export function renderOrg(org: OrgView | null): void {
  const section = byId('org');
  section.hidden = org === null;
  if (!org) return;
  const pct = org.percentile === null ? '' : ` · above ${org.percentile}% of the team`;
  setText('org-summary', `${org.teamName}: ${org.tier} at ${formatTokens(org.meanPerDay)} tokens/day over ${org.windowDays} days, ${org.devices} device${org.devices === 1 ? '' : 's'}${pct}. The team's thresholds decide your tier.`);
  const head = el('tr', {}, ...['Date', 'Org (all devices)', 'This machine'].map((h) => el('th', { scope: 'col' }, h)));
  const rows = [...org.days].reverse().map((d) => el('tr', {}, el('th', { scope: 'row' }, d.date), el('td', { title: formatExact(d.org) }, formatTokens(d.org)), el('td', { title: formatExact(d.local) }, formatTokens(d.local))));
  byId('org-days').replaceChildren(el('thead', {}, head), el('tbody', {}, ...rows));
  setText('org-sync', org.sync);
}
