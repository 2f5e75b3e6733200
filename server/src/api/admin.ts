import * as z from 'zod';
import type { Db } from '../db/db';
import type { Caller } from '../auth';
import { HttpError } from '../http/body';
import { addPerson, assignSubteam, createSubteam, emailTaken, getTeam, listPeople, listSubteams, subteamByName, updateTeam } from '../teams';
import { DEFAULT_TIERS, tiersWithOverrides } from '../../../src/core/tiers';
import { TOKEN_KINDS } from '../../../src/shared/tokens';
import { TierGuidesSchema } from '../../../src/shared/teamApi';

const SETTABLE_TIERS = DEFAULT_TIERS.slice(1).map((t) => t.name);
const TIER_NAMES = DEFAULT_TIERS.map((t) => t.name);

const NewPerson = z.object({ name: z.string().trim().min(1).max(100), email: z.string().trim().email().max(200) });
const TeamPatch = z.object({
  leaderboardEnabled: z.boolean().optional(),
  percentileEnabled: z.boolean().optional(),
  windowDays: z.number().int().min(1).max(90).optional(),
  // Only the ladder's own tiers above "Not started" have a threshold to set.
  tierThresholds: z
    .record(z.string(), z.number().positive())
    .refine((t) => Object.keys(t).every((k) => SETTABLE_TIERS.includes(k)), `tier thresholds are for ${SETTABLE_TIERS.join(', ')}`)
    .optional(),
  countedKinds: z.array(z.enum(TOKEN_KINDS)).min(1).optional(),
  // Every tier may carry the organisation's own text and links (replacing, not adding to, each tier's).
  tierGuides: TierGuidesSchema.refine((g) => Object.keys(g).every((k) => TIER_NAMES.includes(k)), `tier guides are for ${DEFAULT_TIERS.map((t) => t.name).join(', ')}`).optional(),
});

/** Throws 403 unless the caller is an admin (the router checks too; this keeps each handler safe alone). */
export function requireAdmin(caller: Caller): asserts caller is Extract<Caller, { role: 'admin' }> {
  if (caller.role !== 'admin') throw new HttpError(403, 'forbidden', 'this needs an admin token');
}

export async function adminListPeople(db: Db, caller: Caller) {
  requireAdmin(caller);
  return { team: await getTeam(db, caller.teamId), people: await listPeople(db, caller.teamId) };
}

/** Adds a developer; the token in the answer is shown once and stored only hashed. */
export async function adminAddPerson(db: Db, caller: Caller, body: unknown) {
  requireAdmin(caller);
  const p = NewPerson.safeParse(body);
  if (!p.success) throw new HttpError(400, 'invalid_person', p.error.issues[0]!.message);
  if (await emailTaken(db, p.data.email)) throw new HttpError(409, 'exists', `${p.data.email} already has a token`);
  // Two requests for one email at once: the database's unique key decides, and the loser gets 409.
  return addPerson(db, caller.teamId, p.data.name, p.data.email);
}

export async function adminPatchTeam(db: Db, caller: Caller, body: unknown) {
  requireAdmin(caller);
  const p = TeamPatch.safeParse(body);
  if (!p.success) throw new HttpError(400, 'invalid_team', p.error.issues[0]!.message);
  if (p.data.tierThresholds) {
    try {
      tiersWithOverrides(p.data.tierThresholds);
    } catch (e) {
      throw new HttpError(400, 'invalid_team', (e as Error).message);
    }
  }
  const { countedKinds, ...rest } = p.data;
  return updateTeam(db, caller.teamId, countedKinds ? { ...rest, countedKinds: [...new Set(countedKinds)] } : rest);
}

const NewSubteam = z.object({ name: z.string().trim().min(1).max(80) });
const Assignment = z.object({ team: z.number().int().positive().nullable() });

export async function adminListSubteams(db: Db, caller: Caller) {
  requireAdmin(caller);
  return { teams: await listSubteams(db, caller.teamId) };
}

export async function adminAddSubteam(db: Db, caller: Caller, body: unknown) {
  requireAdmin(caller);
  const p = NewSubteam.safeParse(body);
  if (!p.success) throw new HttpError(400, 'invalid_team', p.error.issues[0]!.message);
  if (await subteamByName(db, caller.teamId, p.data.name)) throw new HttpError(409, 'exists', `a team named ${p.data.name} exists`);
  return createSubteam(db, caller.teamId, p.data.name);
}

/** `PATCH /api/v1/admin/people/:id` `{team: id | null}`: which team a developer is in. */
export async function adminAssign(db: Db, caller: Caller, personId: number, body: unknown) {
  requireAdmin(caller);
  const p = Assignment.safeParse(body);
  if (!p.success) throw new HttpError(400, 'invalid_assignment', p.error.issues[0]!.message);
  if (!(await assignSubteam(db, caller.teamId, personId, p.data.team))) throw new HttpError(404, 'not_found', 'no such person or team in this organisation');
  return { person: personId, team: p.data.team };
}
