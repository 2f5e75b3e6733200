import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db/db';

/**
 * Who called: an organisation's admin, or a developer. `tokenId` names the token used (the first
 * characters of its hash, as the token list shows it); absent for in-process callers (the demo seeder).
 */
export type Caller =
  | { role: 'admin'; teamId: number; tokenId?: string }
  | { role: 'member'; teamId: number; personId: number; email: string; tokenId?: string };

/** Characters of a token's SHA-256 that name it in lists and revocations: nothing to log in with. */
export const TOKEN_ID_CHARS = 12;

/** A new bearer token: shown once, stored only as its SHA-256. */
export function newToken(): string {
  return `tt_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function issueToken(db: Db, role: 'admin' | 'member', teamId: number, personId: number | null): Promise<string> {
  const token = newToken();
  await db.run('INSERT INTO tokens (hash, role, team_id, person_id, created_at) VALUES (?, ?, ?, ?, ?)', [hashToken(token), role, teamId, personId, new Date().toISOString()]);
  return token;
}

/** Who an `Authorization: Bearer …` header belongs to, if anyone (a revoked token or a removed person: no one). */
export async function authenticate(db: Db, header: string | undefined): Promise<Caller | undefined> {
  const m = /^Bearer (tt_[A-Za-z0-9_-]{20,100})$/.exec(header ?? '');
  if (!m) return undefined;
  const hash = hashToken(m[1]!);
  const rows = await db.all<{ role: string; team_id: number; person_id: number | null; email: string | null; removed_at: string | null; last_used: string | null }>(
    'SELECT t.role, t.team_id, t.person_id, p.email, p.removed_at, t.last_used FROM tokens t LEFT JOIN people p ON p.id = t.person_id WHERE t.hash = ?',
    [hash],
  );
  const r = rows[0];
  if (!r || (r.role === 'member' && (r.email === null || r.removed_at !== null))) return undefined;
  // One write a token a day, not one a request.
  const today = new Date().toISOString().slice(0, 10);
  if (r.last_used !== today) await db.run('UPDATE tokens SET last_used = ? WHERE hash = ?', [today, hash]);
  const tokenId = hash.slice(0, TOKEN_ID_CHARS);
  if (r.role === 'admin') return { role: 'admin', teamId: Number(r.team_id), tokenId };
  return { role: 'member', teamId: Number(r.team_id), personId: Number(r.person_id), email: r.email!, tokenId };
}
