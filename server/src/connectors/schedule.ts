import type { Db } from '../db/db';
import { pullClaudeCodeDay } from './claudeCodeAnalytics';

const HOUR = 3_600_000;

/**
 * Pulls yesterday and the day before from Claude Code Analytics every hour (the API serves only
 * data older than an hour, by UTC day), when ANTHROPIC_ADMIN_KEY is set. Returns a stop function.
 */
export function startConnector(db: Db, teamId: number, env: NodeJS.ProcessEnv, log: (l: string) => void): () => void {
  const adminKey = env.ANTHROPIC_ADMIN_KEY;
  if (!adminKey) return () => undefined;
  const cfg = { adminKey, baseUrl: env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com' };
  const run = async () => {
    for (const back of [1, 2]) {
      const date = new Date(Date.now() - back * 24 * HOUR).toISOString().slice(0, 10);
      try {
        const r = await pullClaudeCodeDay(db, teamId, date, cfg);
        log(`claude-code analytics ${date}: ${r.attributed} of ${r.records} records attributed (${r.unattributed} not in the team, ${r.skipped} malformed)`);
      } catch (e) {
        log(`claude-code analytics ${date}: ${(e as Error).message}`);
      }
    }
  };
  void run();
  const timer = setInterval(() => void run(), HOUR);
  return () => clearInterval(timer);
}
