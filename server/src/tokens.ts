import type { Db } from './db/db';
import { TOKEN_ID_CHARS } from './auth';

/**
 * An organisation's tokens as an admin manages them: listed by a short id (the first characters
 * of the stored SHA-256, which logs no one in), with whom each is for and when it was last used;
 * revoked one at a time. The tokens themselves are never stored, so never listed.
 */
export interface TokenLine {
  id: string;
  role: 'admin' | 'member';
  person: { id: number; name: string; email: string } | null;
  createdAt: string;
  /** The last day (UTC) it was used; null: never. */
  lastUsed: string | null;
}

/** Every token of the organisation: admins first, then by person's name, then oldest first. */
export async function listTokens(db: Db, teamId: number): Promise<TokenLine[]> {
  const rows = await db.all<{ hash: string; role: 'admin' | 'member'; person_id: number | null; name: string | null; email: string | null; created_at: string; last_used: string | null }>(
    `SELECT t.hash, t.role, t.person_id, p.name, p.email, t.created_at, t.last_used FROM tokens t LEFT JOIN people p ON p.id = t.person_id
     WHERE t.team_id = ? ORDER BY CASE WHEN t.role = 'admin' THEN 0 ELSE 1 END, p.name, t.created_at`,
    [teamId],
  );
  return rows.map((r) => ({
    id: r.hash.slice(0, TOKEN_ID_CHARS),
    role: r.role,
    person: r.person_id === null ? null : { id: Number(r.person_id), name: r.name ?? '', email: r.email ?? '' },
    createdAt: String(r.created_at).slice(0, 10),
    lastUsed: r.last_used ? String(r.last_used).slice(0, 10) : null,
  }));
}

/** What a revocation did: the token it revoked, or why nothing was. */
export type Revocation = { revoked: TokenLine } | { refused: 'not_found' | 'last_admin_token' };

/** A well-formed token id: what the list shows. */
export const TOKEN_ID = new RegExp(`^[0-9a-f]{${TOKEN_ID_CHARS}}$`);

/**
 * Revokes the organisation's token with this id. The last admin token stays (the dashboard would be
 * locked; the CLI's `admin-token` makes another first). Under the setup lock, so two admins revoking
 * the last two admin tokens at once cannot leave none.
 */
export async function revokeToken(db: Db, teamId: number, id: string): Promise<Revocation> {
  if (!TOKEN_ID.test(id)) return { refused: 'not_found' };
  return db.exclusive(async (t) => {
    const all = await listTokens(t, teamId);
    const hit = all.find((x) => x.id === id);
    if (!hit) return { refused: 'not_found' };
    if (hit.role === 'admin' && all.filter((x) => x.role === 'admin').length === 1) return { refused: 'last_admin_token' };
    await t.run('DELETE FROM tokens WHERE team_id = ? AND substr(hash, 1, ?) = ?', [teamId, TOKEN_ID_CHARS, id]);
    return { revoked: hit };
  });
}

/** The person of this organisation with this email (not a removed one), if any. */
export async function personByEmail(db: Db, teamId: number, email: string): Promise<{ id: number; name: string; email: string } | undefined> {
  const [p] = await db.all<{ id: number; name: string; email: string }>('SELECT id, name, email FROM people WHERE team_id = ? AND email = ? AND removed_at IS NULL', [teamId, email.trim().toLowerCase()]);
  return p && { id: Number(p.id), name: p.name, email: p.email };
}

/** The person of this organisation with this id (not a removed one), if any. */
export async function personById(db: Db, teamId: number, id: number): Promise<{ id: number; name: string; email: string } | undefined> {
  const [p] = await db.all<{ id: number; name: string; email: string }>('SELECT id, name, email FROM people WHERE team_id = ? AND id = ? AND removed_at IS NULL', [teamId, id]);
  return p && { id: Number(p.id), name: p.name, email: p.email };
}
