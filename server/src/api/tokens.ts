import * as z from 'zod';
import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { issueToken } from '../auth';
import { HttpError } from '../http/body';
import { listTokens, personById, revokeToken } from '../tokens';
import { removePerson } from '../removePerson';
import { requireAdmin } from './admin';

/**
 * The admin API for leavers and leaks: list the organisation's tokens (never a secret), issue one,
 * revoke one, remove a person with or without their rows. Admin tokens only (the router checks the
 * role first); every id is looked up within the caller's organisation.
 */

/** `GET /api/v1/admin/tokens`: `current` marks the token of this request. */
export async function adminListTokens(db: Db, caller: Caller) {
  requireAdmin(caller);
  return { tokens: (await listTokens(db, caller.teamId)).map((t) => ({ ...t, current: t.id === caller.tokenId })) };
}

const NewToken = z.union([z.object({ role: z.literal('admin') }).strict(), z.object({ person: z.number().int().positive() }).strict()]);

/** `POST /api/v1/admin/tokens` `{role: "admin"}` or `{person: ID}`: a new token, shown once. */
export async function adminIssueToken(db: Db, caller: Caller, body: unknown) {
  requireAdmin(caller);
  const p = NewToken.safeParse(body);
  if (!p.success) throw new HttpError(400, 'invalid_token_request', 'send {"role": "admin"} for an admin token or {"person": ID} for a developer\'s');
  if ('role' in p.data) {
    const token = await issueToken(db, 'admin', caller.teamId, null);
    return { token, role: 'admin' as const, person: null };
  }
  const person = await personById(db, caller.teamId, p.data.person);
  if (!person) throw new HttpError(404, 'not_found', 'no such person in this organisation');
  return { token: await issueToken(db, 'member', caller.teamId, person.id), role: 'member' as const, person };
}

/** `DELETE /api/v1/admin/tokens/:id`: the token stops working at once. */
export async function adminRevokeToken(db: Db, caller: Caller, id: string) {
  requireAdmin(caller);
  const r = await revokeToken(db, caller.teamId, id);
  if ('refused' in r) {
    if (r.refused === 'last_admin_token') throw new HttpError(409, 'last_admin_token', "this is the organisation's last admin token: make another first (POST /api/v1/admin/tokens {\"role\":\"admin\"}, or the server's admin-token command), then revoke this one");
    throw new HttpError(404, 'not_found', `no token ${id} in this organisation`);
  }
  return { revoked: r.revoked.id };
}

/** `DELETE /api/v1/admin/people/:id?rows=keep|delete`: the choice is the admin's, and required. */
export async function adminRemovePerson(db: Db, caller: Caller, personId: number, query: URLSearchParams) {
  requireAdmin(caller);
  const rows = query.get('rows');
  if (rows !== 'keep' && rows !== 'delete') throw new HttpError(400, 'invalid_removal', 'say what happens to their rows: ?rows=keep (they stay in the totals, without the name) or ?rows=delete');
  if (!(await removePerson(db, caller.teamId, personId, rows))) throw new HttpError(404, 'not_found', 'no such person in this organisation');
  return { removed: personId, rows: rows === 'keep' ? ('kept' as const) : ('deleted' as const) };
}
