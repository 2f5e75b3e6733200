import { api } from './api';
import { $, button, table } from './dom';

/**
 * The admin's people and tokens: each person's team (changed in place), a Remove button that asks
 * what happens to their rows, and the organisation's tokens (never a secret) with Revoke. After any
 * change `reload` redraws the page from the server.
 */

interface Person {
  id: number;
  name: string;
  email: string;
  team: number | null;
}

interface TokenLine {
  id: string;
  role: 'admin' | 'member';
  person: { name: string; email: string } | null;
  createdAt: string;
  lastUsed: string | null;
  current: boolean;
}

/** Up to this many people, the people list starts open. */
const PEOPLE_OPEN_MAX = 25;
$('people-summary').addEventListener('click', () => ($('people-box').dataset.touched = '1'));

/** Who the remove dialog is about, and what to do once the admin chose. */
let removing: { person: Person; reload: () => Promise<void> } | undefined;

export function renderPeople(people: Person[], teams: Array<{ id: number; name: string }>, reload: () => Promise<void>): void {
  const rows = people.map((p) => {
    const pick = document.createElement('select');
    pick.setAttribute('aria-label', `Team of ${p.name}`);
    pick.dataset.person = String(p.id);
    pick.append(new Option('No team', ''), ...teams.map((t) => new Option(t.name, String(t.id))));
    pick.value = p.team === null ? '' : String(p.team);
    pick.addEventListener('change', async () => {
      await api('PATCH', `/api/v1/admin/people/${p.id}`, { team: pick.value ? Number(pick.value) : null });
      await reload();
    });
    const remove = button('Remove', `Remove ${p.name}`, () => askRemove(p, reload), 'quiet');
    return [{ text: p.name, title: p.name }, p.email, pick, remove];
  });
  table('people', ['Name', 'Email', 'Team', ''], rows);
  const n = people.length;
  $('people-summary').textContent = `People and their teams (${n} ${n === 1 ? 'person' : 'people'})`;
  // Open while the list is short enough to work in; closed for a big organisation, where 200 rows
  // would push everything below (the tier texts) out of reach. The admin's own choice then stands.
  const box = $('people-box') as HTMLDetailsElement;
  if (!box.dataset.touched) box.open = n <= PEOPLE_OPEN_MAX;
}

function askRemove(p: Person, reload: () => Promise<void>): void {
  removing = { person: p, reload };
  $('remove-who').textContent = `${p.name} <${p.email}>`;
  $('remove-error').textContent = '';
  ($('remove-dialog') as HTMLDialogElement).showModal();
}

async function remove(rows: 'keep' | 'delete'): Promise<void> {
  if (!removing) return;
  try {
    await api('DELETE', `/api/v1/admin/people/${removing.person.id}?rows=${rows}`);
    ($('remove-dialog') as HTMLDialogElement).close();
    await removing.reload();
  } catch (e) {
    $('remove-error').textContent = (e as Error).message;
  }
}

$('remove-keep').addEventListener('click', () => void remove('keep'));
$('remove-delete').addEventListener('click', () => void remove('delete'));
$('remove-cancel').addEventListener('click', () => ($('remove-dialog') as HTMLDialogElement).close());

/** The organisation's tokens, newest use last; the one this tab uses is marked and cannot be revoked here. */
export async function loadTokens(reload: () => Promise<void>): Promise<void> {
  const { tokens } = await api<{ tokens: TokenLine[] }>('GET', '/api/v1/admin/tokens');
  const rows = tokens.map((t) => {
    const who = t.person ? `${t.person.name} <${t.person.email}>` : t.current ? 'Admin (this session)' : 'Admin';
    const revoke = t.current
      ? '—'
      : button('Revoke', `Revoke token ${t.id} (${who})`, async () => {
          if (!confirm(`Revoke token ${t.id} of ${who}? It stops working at once.`)) return;
          try {
            await api('DELETE', `/api/v1/admin/tokens/${t.id}`);
            $('tokens-status').textContent = `Revoked ${t.id}.`;
            await reload();
          } catch (e) {
            $('tokens-status').textContent = (e as Error).message;
          }
        }, 'quiet');
    return [{ text: who, title: who }, t.id, t.createdAt, t.lastUsed ?? 'never', revoke];
  });
  table('tokens', ['For', 'Id', 'Created', 'Last used', ''], rows);
  $('tokens-summary').textContent = `Tokens (${tokens.length})`;
}
