import type { OrgUsageView } from '../src/shared/protocol';
import { formatExact, formatTokens } from '../src/shared/format';
import { AGENT_LABELS } from '../src/shared/tokens';
import type { AgentId } from '../src/shared/tokens';
import { byId, el, setText } from './dom';
import { post } from './vscodeApi';

/**
 * What the connected org usage API counts of my tokens beside this machine's, per UTC day and agent,
 * and why the two differ (a difference is expected, not an error).
 */
export function renderOrgUsage(u: OrgUsageView | null): void {
  const section = byId('org-usage');
  section.hidden = u === null;
  if (!u) return;
  const table = byId('org-usage-days');
  const summary = byId('org-usage-summary');
  if (u.days === null) {
    const link = el('a', { href: '#' }, 'Set your email(s) or ids');
    link.addEventListener('click', (e) => {
      e.preventDefault();
      post({ type: 'openOrgIdentities' });
    });
    summary.replaceChildren(`${u.provider} is connected. `, link, ' to see your own rows beside this machine’s.');
    table.hidden = true;
    table.replaceChildren();
  } else {
    const tier = u.orgTier ? `By the org’s count you are ${u.orgTier.tier} at ${formatTokens(u.orgTier.meanPerDay)} tokens/day` : 'The org has no rows for you in these days';
    summary.textContent = `${tier}; your tier above comes from ${u.tierSource === 'org' && u.orgTier ? 'the org’s count' : 'this machine’s logs'} (setting: Tier Source).`;
    const head = el('tr', {}, ...['Day', 'Agent', 'Org', 'Local'].map((h) => el('th', { scope: 'col' }, h)));
    const rows = u.days.map((d) => el('tr', {}, el('th', { scope: 'row' }, d.date.slice(5)), d.agent === 'other' ? el('td', { class: 'agent', title: 'Agents the org API does not count (this machine only)' }, 'Others') : el('td', { class: 'agent' }, AGENT_LABELS[d.agent as AgentId] ?? d.agent), el('td', { title: formatExact(d.org) }, formatTokens(d.org)), el('td', { title: formatExact(d.local) }, formatTokens(d.local))));
    table.hidden = false;
    table.replaceChildren(el('thead', {}, head), el('tbody', {}, ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '4' }, 'No tokens on either side in the last 7 days.'))])));
  }
  setText('org-usage-why', 'They differ for good reasons: org counts include your other machines and the web; local logs include agents the org API doesn’t cover. Org days are UTC, local days your time zone.');
  const fresh = byId('org-usage-fresh');
  fresh.textContent = u.problem ? `${u.fresh} ${u.problem}` : u.fresh;
  fresh.classList.toggle('problem', u.problem !== null);
}
