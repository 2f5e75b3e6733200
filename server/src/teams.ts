import type { Db } from './db/db';
import { issueToken } from './auth';
import type { TokenKind } from '../../src/shared/tokens';
import { TOKEN_KINDS } from '../../src/shared/tokens';
import type { TierGuides } from '../../src/shared/teamApi';
import { TierGuidesSchema } from '../../src/shared/teamApi';

export interface Team {
  id: number;
  name: string;
  windowDays: number;
  tierThresholds: Record<string, number>;
  leaderboardEnabled: boolean;
  percentileEnabled: boolean;
  /** The token kinds that count toward the team's tiers. */
  countedKinds: TokenKind[];
  /** The organisation's text and links per tier (shown in every developer's panel). */
  tierGuides: TierGuides;
}

interface TeamRow {
  id: number;
  name: string;
  window_days: number;
  tier_thresholds: string;
  leaderboard_enabled: number;
  percentile_enabled: number;
  counted_kinds: string;
  tier_guides?: string;
}

export async function createTeam(db: Db, name: string): Promise<{ team: Team; adminToken: string }> {
  const [row] = await db.all<{ id: number }>('INSERT INTO teams (name, created_at) VALUES (?, ?) RETURNING id', [name, new Date().toISOString()]);
  const team = (await getTeam(db, row!.id))!;
  return { team, adminToken: await issueToken(db, 'admin', team.id, null) };
}

export async function getTeam(db: Db, id: number): Promise<Team | undefined> {
  const [r] = await db.all<TeamRow>('SELECT * FROM teams WHERE id = ?', [id]);
  return r && fromRow(r);
}

export async function firstTeam(db: Db): Promise<Team | undefined> {
  const [r] = await db.all<TeamRow>('SELECT * FROM teams ORDER BY id LIMIT 1');
  return r && fromRow(r);
}

export async function updateTeam(db: Db, id: number, patch: Partial<Omit<Team, 'id' | 'name'>>): Promise<Team> {
  const t = (await getTeam(db, id))!;
  const next = { ...t, ...patch };
  await db.run('UPDATE teams SET window_days = ?, tier_thresholds = ?, leaderboard_enabled = ?, percentile_enabled = ?, counted_kinds = ?, tier_guides = ? WHERE id = ?', [
    next.windowDays,
    JSON.stringify(next.tierThresholds),
    next.leaderboardEnabled ? 1 : 0,
    next.percentileEnabled ? 1 : 0,
    JSON.stringify(next.countedKinds),
    JSON.stringify(next.tierGuides),
    id,
  ]);
  return (await getTeam(db, id))!;
}

/** Emails are unique across the backend, compared in lower case (a removed person's is free again). */
export async function emailTaken(db: Db, email: string): Promise<boolean> {
  return (await db.all('SELECT 1 FROM people WHERE email = ?', [email.toLowerCase()])).length > 0;
}

/** Adds a developer and returns their token (shown once). */
export async function addPerson(db: Db, teamId: number, name: string, email: string): Promise<{ personId: number; token: string }> {
  const [row] = await db.all<{ id: number }>('INSERT INTO people (team_id, name, email, created_at) VALUES (?, ?, ?, ?) RETURNING id', [teamId, name, email.toLowerCase(), new Date().toISOString()]);
  return { personId: row!.id, token: await issueToken(db, 'member', teamId, row!.id) };
}

export async function listPeople(db: Db, teamId: number): Promise<Array<{ id: number; name: string; email: string; team: number | null }>> {
  const rows = await db.all<{ id: number; name: string; email: string; subteam_id: number | null }>('SELECT id, name, email, subteam_id FROM people WHERE team_id = ? AND removed_at IS NULL ORDER BY name', [teamId]);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, email: r.email, team: r.subteam_id === null ? null : Number(r.subteam_id) }));
}

function fromRow(r: TeamRow): Team {
  return {
    id: Number(r.id),
    name: r.name,
    windowDays: Number(r.window_days),
    tierThresholds: JSON.parse(r.tier_thresholds) as Record<string, number>,
    leaderboardEnabled: Number(r.leaderboard_enabled) === 1,
    percentileEnabled: Number(r.percentile_enabled) === 1,
    countedKinds: kindsOf(r.counted_kinds),
    tierGuides: guidesOf(r.tier_guides),
  };
}

/** Stored guides, re-checked on the way out: a hand-edited row never reaches a panel unchecked. */
function guidesOf(text: string | undefined): TierGuides {
  try {
    const parsed = TierGuidesSchema.safeParse(JSON.parse(text ?? '{}'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

function kindsOf(text: string | undefined): TokenKind[] {
  try {
    const kinds = (JSON.parse(text ?? '[]') as string[]).filter((k): k is TokenKind => (TOKEN_KINDS as readonly string[]).includes(k));
    return kinds.length ? kinds : [...TOKEN_KINDS];
  } catch {
    return [...TOKEN_KINDS];
  }
}

/**
 * Teams inside the organisation ("subteams" in the database: the organisation is the `teams` row
 * that tokens belong to). Names are unique per organisation, compared without case.
 */
export interface Subteam {
  id: number;
  name: string;
  people: number;
}

export async function createSubteam(db: Db, teamId: number, name: string): Promise<Subteam> {
  const [row] = await db.all<{ id: number }>('INSERT INTO subteams (team_id, name, name_key, created_at) VALUES (?, ?, ?, ?) RETURNING id', [teamId, name, name.toLowerCase(), new Date().toISOString()]);
  return { id: Number(row!.id), name, people: 0 };
}

export async function listSubteams(db: Db, teamId: number): Promise<Subteam[]> {
  const rows = await db.all<{ id: number; name: string; people: number }>(
    'SELECT s.id, s.name, COUNT(p.id) AS people FROM subteams s LEFT JOIN people p ON p.subteam_id = s.id AND p.removed_at IS NULL WHERE s.team_id = ? GROUP BY s.id, s.name ORDER BY s.name',
    [teamId],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, people: Number(r.people) }));
}

export async function subteamByName(db: Db, teamId: number, name: string): Promise<Subteam | undefined> {
  return (await listSubteams(db, teamId)).find((t) => t.name.toLowerCase() === name.toLowerCase());
}

/** Puts a person in a team (or in none); false when the person or the team is not this organisation's. */
export async function assignSubteam(db: Db, teamId: number, personId: number, subteamId: number | null): Promise<boolean> {
  if (subteamId !== null && !(await db.all('SELECT 1 FROM subteams WHERE id = ? AND team_id = ?', [subteamId, teamId])).length) return false;
  return (await db.run('UPDATE people SET subteam_id = ? WHERE id = ? AND team_id = ?', [subteamId, personId, teamId])) === 1;
}
