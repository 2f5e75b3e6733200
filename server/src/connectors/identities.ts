import type { Db } from '../db/db';
import { actorKeys } from '../../../src/sync/orgApi/identity';
import type { IdentityKind } from '../../../src/sync/orgApi/identity';
import type { OrgActor, OrgProvider } from '../../../src/sync/orgApi/types';


/**
 * Who a provider's actor is. A person is found by their own email (people.email) for every
 * provider, or by an identity an admin linked (`link-identity`): a second email (an alias, a
 * personal account), an OpenAI user id, an Anthropic account id, a GitHub login or user id, or an
 * API key's name or id (a key one person uses alone). Emails compare case-insensitively.
 * A person with two emails: both resolve to the person and their rows add up — they are two
 * accounts' real usage, not copies of one another.
 */

/** A resolver over one team's people and linked identities, read once per run. */
export async function loadResolver(db: Db, teamId: number): Promise<(provider: OrgProvider, a: OrgActor) => number | undefined> {
  const known = new Map<string, number>();
  for (const p of await db.all<{ id: number; email: string }>('SELECT id, email FROM people WHERE team_id = ?', [teamId])) known.set(`email:${p.email.toLowerCase()}`, Number(p.id));
  const linked = await db.all<{ kind: string; value: string; person_id: number }>('SELECT i.kind, i.value, i.person_id FROM org_identities i JOIN people p ON p.id = i.person_id WHERE p.team_id = ?', [teamId]);
  for (const i of linked) known.set(`${i.kind}:${i.value}`, Number(i.person_id));
  return (provider, a) => {
    for (const [kind, value] of actorKeys(provider, a)) {
      const id = known.get(`${kind}:${value}`);
      if (id !== undefined) return id;
    }
    return undefined;
  };
}

/** Links an identity to the person with this email; replaces an earlier link of the same identity. */
export async function linkIdentity(db: Db, teamId: number, email: string, kind: IdentityKind, value: string): Promise<{ personId: number } | undefined> {
  const [p] = await db.all<{ id: number }>('SELECT id FROM people WHERE team_id = ? AND email = ?', [teamId, email.toLowerCase()]);
  if (!p) return undefined;
  const v = kind === 'email' || kind === 'github-login' ? value.toLowerCase() : value;
  await db.tx(async (t) => {
    await t.run('DELETE FROM org_identities WHERE kind = ? AND value = ?', [kind, v]);
    await t.run('INSERT INTO org_identities (kind, value, person_id, created_at) VALUES (?, ?, ?, ?)', [kind, v, Number(p.id), new Date().toISOString()]);
  });
  return { personId: Number(p.id) };
}
