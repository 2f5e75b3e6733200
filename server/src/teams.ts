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

/** Adds a developer and returns their token (shown once). */
/** Emails are unique across the backend, compared in lower case. */
export async function emailTaken(db: Db, email: string): Promise<boolean> {
  return (await db.all('SELECT 1 FROM people WHERE email = ?', [email.toLowerCase()])).length > 0;
}

export async function addPerson(db: Db, teamId: number, name: string, email: string): Promise<{ personId: number; token: string }> {
  const [row] = await db.all<{ id: number }>('INSERT INTO people (team_id, name, email, created_at) VALUES (?, ?, ?, ?) RETURNING id', [teamId, name, email.toLowerCase(), new Date().toISOString()]);
  return { personId: row!.id, token: await issueToken(db, 'member', teamId, row!.id) };
}

export async function listPeople(db: Db, teamId: number): Promise<Array<{ id: number; name: string; email: string }>> {
  return db.all('SELECT id, name, email FROM people WHERE team_id = ? ORDER BY name', [teamId]);
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
