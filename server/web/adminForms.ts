import { api } from './api';
import { $ } from './dom';
import type { Dashboard } from '../shared/dashboardApi';

/**
 * The admin's forms: add a developer (the token shown once, with a copy button), add a team, the
 * leaderboard switch, and the organisation's own text and links per tier. `reload` redraws the page.
 */
let reload: () => Promise<void> = async () => undefined;

/** Wires the forms to the page's reload (once, at boot). */
export function adminForms(r: () => Promise<void>): void {
  reload = r;
}

/** The team's settings as the last summary had them. */
export function showTeamSettings(team: Dashboard['team']): void {
  ($('leaderboard-toggle') as HTMLInputElement).checked = team.leaderboardEnabled;
  guides = team.tierGuides;
  fillGuide();
}

$('add-team').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const name = ($('team-new') as HTMLInputElement).value.trim();
    await api('POST', '/api/v1/admin/teams', { name });
    $('team-status').textContent = `Team ${name} added; pick it for people in the table below.`;
    await reload();
  } catch (err) {
    $('team-status').textContent = (err as Error).message;
  }
});
$('leaderboard-toggle').addEventListener('change', async (e) => {
  await api('PATCH', '/api/v1/admin/team', { leaderboardEnabled: (e.target as HTMLInputElement).checked });
  await reload();
});
$('add-person').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const r = await api<{ token: string }>('POST', '/api/v1/admin/people', { name: ($('person-name') as HTMLInputElement).value, email: ($('person-email') as HTMLInputElement).value });
    const name = ($('person-name') as HTMLInputElement).value.trim();
    const copy = Object.assign(document.createElement('button'), { type: 'button', id: 'copy-token', textContent: 'Copy' });
    copy.addEventListener('click', () => void navigator.clipboard.writeText(r.token).then(() => (copy.textContent = 'Copied'), () => (copy.textContent = 'Select and copy it')));
    const code = Object.assign(document.createElement('code'), { textContent: r.token });
    $('new-token').replaceChildren('Token for the developer (shown once): ', code, ' ', copy, document.createElement('br'), `Next: send it to ${name || 'them'}; they paste it in VS Code with “Token Tier: Set Team Token”.`);
    await reload();
  } catch (err) {
    $('new-token').textContent = (err as Error).message;
  }
});
/** The team's tier texts as last loaded; the form edits one tier at a time. */
let guides: Dashboard['team']['tierGuides'] = {};
const TIERS = ['Not started', 'Beginner', 'Intermediate', 'Expert', 'Architect', 'Catalyst', 'AI God'];
const tierSelect = $('guide-tier') as HTMLSelectElement;
if (tierSelect.options.length === 0) for (const t of TIERS) tierSelect.add(new Option(t, t));

function fillGuide(): void {
  const g = guides[tierSelect.value] ?? {};
  ($('guide-text') as HTMLTextAreaElement).value = g.text ?? '';
  ($('guide-links') as HTMLTextAreaElement).value = (g.links ?? []).map((l) => `${l.label} | ${l.url}`).join('\n');
}

tierSelect.addEventListener('change', fillGuide);
$('guide-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = ($('guide-text') as HTMLTextAreaElement).value.trim();
  const links = ($('guide-links') as HTMLTextAreaElement).value.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const bar = l.lastIndexOf('|');
    return bar > 0 ? { label: l.slice(0, bar).trim(), url: l.slice(bar + 1).trim() } : { label: l, url: l };
  });
  const next = { ...guides };
  if (text || links.length) next[tierSelect.value] = { ...(text ? { text } : {}), ...(links.length ? { links } : {}) };
  else delete next[tierSelect.value];
  try {
    await api('PATCH', '/api/v1/admin/team', { tierGuides: next });
    $('guide-status').textContent = `Saved: developers see it in their panel at their next sync.`;
    await reload();
  } catch (err) {
    $('guide-status').textContent = (err as Error).message;
  }
});
