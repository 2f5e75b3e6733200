import { formatExact, formatTokens } from '../../src/shared/format';
import type { TeamSummary } from '../../src/shared/teamApi';

/**
 * The dashboard's per-person comparison: each org API's count beside what the person's machines
 * reported for the agents it covers, with the one-line reason for the difference. Sorted by name
 * (a comparison, not a ranking); its own module so the dashboard's render stays one call.
 */

function td(text: string, title?: string, tag: 'td' | 'th' = 'td'): HTMLElement {
  const e = document.createElement(tag);
  e.textContent = text;
  if (title) e.title = title;
  return e;
}

function tokens(n: number, sign = ''): HTMLElement {
  const e = td(`${sign}${formatTokens(n)}`, `${sign}${formatExact(n)} tokens`);
  e.dataset.csv = `${sign === '−' ? '-' : sign}${Math.round(n)}`;
  return e;
}

/** Fills `#org-by-person` (hidden when no connector has rows for anyone in scope). */
export function renderOrgByPerson(rows: TeamSummary['orgByPerson']): void {
  const section = document.getElementById('org-by-person-section');
  const table = document.getElementById('org-by-person');
  if (!section || !table) return;
  section.hidden = rows.length === 0;
  const head = document.createElement('thead');
  const hr = document.createElement('tr');
  for (const h of ['Name', 'Org API', 'Org', 'Local', 'Difference']) hr.append(td(h, undefined, 'th'));
  head.append(hr);
  const body = document.createElement('tbody');
  for (const r of rows) {
    const tr = document.createElement('tr');
    const diff = r.local - r.org;
    tr.append(td(r.name, undefined, 'th'), td(r.label), tokens(r.org), r.localAgents.length ? tokens(r.local) : td('—', 'no local agent to compare'), r.localAgents.length ? tokens(Math.abs(diff), diff >= 0 ? '+' : '−') : td('—'));
    // The reason gets a full-width line of its own: prose in a narrow column is unreadable on a phone.
    const why = document.createElement('tr');
    why.className = 'why';
    const cell = td(r.explanation);
    (cell as HTMLTableCellElement).colSpan = 5;
    why.append(cell);
    body.append(tr, why);
  }
  table.replaceChildren(head, body);
}
