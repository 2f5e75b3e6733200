import * as fs from 'node:fs';
import * as path from 'node:path';
import { copilotEvent, copilotShutdown, droidSettings, kimiStatus } from './agentLogs';
import { hexId, uuid } from './logBuilders';

const DAY = 86_400_000;
const HOUR = 3_600_000;

function put(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/**
 * The demo's terminal agents of the second round, in their real layouts: Copilot CLI sessions
 * (some started from VS Code) most mornings, resumed once; Kimi CLI on Mondays; a Factory Droid
 * session on Fridays. (The SQLite-only agents — ZCode, Hermes, Goose, Zed — are not in the demo:
 * it writes plain files only, and no SQLite writer ships in the extension.)
 */
export function writeDemoCliAgents(home: string, now: number, days: number, rand: () => number): void {
  const startOfToday = Math.floor(now / DAY) * DAY;
  for (let d = days - 1; d >= 0; d--) {
    const dayStart = startOfToday - d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const at = (h: number) => dayStart + h * HOUR + Math.floor(rand() * HOUR);
    if (at(8) > now - 60_000) continue;

    if (rand() < 0.7 && at(8) + HOUR < now) {
      const id = uuid(rand);
      const start = at(8);
      const leg = (scale: number) => {
        const input = Math.floor((60_000 + rand() * 200_000) * scale);
        return { 'gpt-5.1': { input, output: Math.floor(input / 60), cacheRead: Math.floor(input * 0.8), reasoning: Math.floor(input / 200) } };
      };
      const lines = [copilotEvent(start, 'session.start', { producer: 'copilot-agent' }), copilotShutdown(start + 40 * 60_000, leg(1))];
      // A resumed session: the second leg is reported on its own (per-leg CLI).
      if (rand() < 0.3 && start + 3 * HOUR < now) lines.push(copilotEvent(start + 2 * HOUR, 'session.resume'), copilotShutdown(start + 3 * HOUR, leg(0.5)));
      put(path.join(home, '.copilot', 'session-state', id, 'events.jsonl'), lines.join('\n') + '\n');
    }

    if (weekday === 1 && at(14) < now) {
      const id = uuid(rand);
      const lines = ['{"type":"metadata","protocol_version":"1.3"}'];
      for (let i = 0; i < 8; i++) lines.push(kimiStatus(at(13) + i * 90_000, `chatcmpl-${hexId(rand, 24)}`, { input: 500 + Math.floor(rand() * 3000), output: 100 + Math.floor(rand() * 900), cacheRead: 10_000 + Math.floor(rand() * 30_000) }));
      put(path.join(home, '.kimi', 'sessions', hexId(rand, 32), id, 'wire.jsonl'), lines.join('\n') + '\n');
    }

    if (weekday === 5 && at(16) < now) {
      const input = 5_000 + Math.floor(rand() * 20_000);
      put(path.join(home, '.factory', 'sessions', '-home-dev-src-app', `${uuid(rand)}.settings.json`), droidSettings(at(15), 'claude-sonnet-4-5-20250929', { input, output: Math.floor(input / 4), cacheRead: input * 12, cacheWrite: Math.floor(input / 2), thinking: Math.floor(input / 20) }));
    }
  }
}
