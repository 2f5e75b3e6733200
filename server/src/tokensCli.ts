import type { Db } from './db/db';
import { issueToken } from './auth';
import { listTokens, personByEmail, revokeToken } from './tokens';
import { removePerson } from './removePerson';

/** The server's token and leaver commands; their help lines for main.ts's usage text. */
export const TOKEN_USAGE = `  tokens                                    every token: id, role, whose, created, last used (never a secret)
  revoke-token --id ID                      the token stops working at once (the last admin token stays)
  new-token --email EMAIL                   another token for a developer (say after revoking a leaked one)
  remove-person --email EMAIL --rows keep|delete
                                            revokes their tokens and takes them off every list; keep: their
                                            rows stay in the totals without their name; delete: nothing stays`;

/** The commands tokenCommand handles. */
export const TOKEN_COMMANDS = ['tokens', 'revoke-token', 'new-token', 'remove-person'];

/** A failure the user can act on (main.ts prints it as one line). */
export class TokenCliError extends Error {}

/** Runs one of TOKEN_COMMANDS on the organisation `teamId`; returns what to print. */
export async function tokenCommand(command: string, v: { id?: string; email?: string; rows?: string }, db: Db, teamId: number): Promise<string> {
  if (command === 'tokens') {
    const rows = (await listTokens(db, teamId)).map((t) => [t.id, t.role, t.person ? `${t.person.name} <${t.person.email}>` : '(organisation)', t.createdAt, t.lastUsed ?? 'never']);
    return columns([['ID', 'ROLE', 'PERSON', 'CREATED', 'LAST USED'], ...rows]);
  }
  if (command === 'revoke-token') {
    if (!v.id) throw new TokenCliError('revoke-token needs --id (the first column of `tokens`)');
    const r = await revokeToken(db, teamId, v.id.trim().toLowerCase());
    if ('refused' in r) throw new TokenCliError(r.refused === 'last_admin_token' ? `${v.id} is the last admin token: make another first (admin-token), then revoke this one` : `no token ${v.id} (the ids are in the first column of \`tokens\`)`);
    return `Revoked ${r.revoked.id} (${r.revoked.role}${r.revoked.person ? `, ${r.revoked.person.name} <${r.revoked.person.email}>` : ''}): it is refused from now on.`;
  }
  if (!v.email) throw new TokenCliError(`${command} needs --email`);
  const person = await personByEmail(db, teamId, v.email);
  if (!person) throw new TokenCliError(`no one with the email ${v.email.trim().toLowerCase()}`);
  if (command === 'new-token') {
    const token = await issueToken(db, 'member', teamId, person.id);
    return `Token for ${person.email} (shown once; paste it in VS Code: "Token Tier: Set Team Token"):\n  ${token}`;
  }
  if (v.rows !== 'keep' && v.rows !== 'delete') throw new TokenCliError('remove-person needs --rows keep (their rows stay in the totals, without their name) or --rows delete (nothing of them stays)');
  await removePerson(db, teamId, person.id, v.rows);
  return v.rows === 'keep'
    ? `Removed ${person.name} <${person.email}>: their tokens are revoked; their rows stay in the totals without their name.`
    : `Removed ${person.name} <${person.email}> and their rows.`;
}

/** Left-aligned columns two spaces apart. */
function columns(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}
