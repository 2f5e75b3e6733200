import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db/db';

export type Caller =
  | { role: 'admin'; teamId: number }
  | { role: 'member'; teamId: number; personId: number; email: string };

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

/** Who an `Authorization: Bearer …` header belongs to, if anyone. */
export async function authenticate(db: Db, header: string | undefined): Promise<Caller | undefined> {
  const m = /^Bearer (tt_[A-Za-z0-9_-]{20,100})$/.exec(header ?? '');
  if (!m) return undefined;
  const rows = await db.all<{ role: string; team_id: number; person_id: number | null; email: string | null }>(
    'SELECT t.role, t.team_id, t.person_id, p.email FROM tokens t LEFT JOIN people p ON p.id = t.person_id WHERE t.hash = ?',
    [hashToken(m[1]!)],
  );
  const r = rows[0];
  if (!r) return undefined;
  if (r.role === 'admin') return { role: 'admin', teamId: r.team_id };
  return { role: 'member', teamId: r.team_id, personId: r.person_id!, email: r.email! };
}
