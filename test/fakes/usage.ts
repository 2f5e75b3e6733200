/**
 * The data every fake org API serves, provider-neutral: one row per actor, day and model with the
 * four token classes. Each fake renders these rows in its provider's documented shape (OpenAI's
 * `input_tokens` then includes the cached part, as OpenAI's does). Mutate `fake.rows` between
 * fetches to play a revised day.
 */
export interface FakeUsage {
  date: string;
  /** Anthropic Claude Code user actor; OpenAI user email (listed by /v1/organization/users). */
  email?: string;
  /** Anthropic Claude Code api_actor's key name. */
  apiKeyName?: string;
  /** OpenAI user id / Anthropic account id / GitHub user id. */
  userId?: string;
  /** GitHub login. */
  login?: string;
  apiKeyId?: string;
  model: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/**
 * A deterministic org of `people` developers (dev01@example.com …) over `days`: each uses one or
 * two models with counts from a small linear congruential generator, and every fifth is at zero
 * (no rows) — for a fake 30-person org in a team view.
 */
export function generateOrgUsage(people: number, days: string[], seed = 1): FakeUsage[] {
  let s = seed;
  const rand = () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const rows: FakeUsage[] = [];
  for (let p = 1; p <= people; p++) {
    if (p % 5 === 0) continue;
    const email = `dev${String(p).padStart(2, '0')}@example.com`;
    const scale = 10 ** (2 + (p % 5));
    for (const date of days) {
      for (const model of p % 2 ? ['claude-sonnet-4-5'] : ['claude-sonnet-4-5', 'claude-opus-4-1']) {
        rows.push({ date, email, userId: `user-${p}`, login: `dev${p}`, model, input: Math.round(rand() * scale), output: Math.round(rand() * scale), cacheRead: Math.round(rand() * scale * 10), cacheWrite: Math.round(rand() * scale) });
      }
    }
  }
  return rows;
}
