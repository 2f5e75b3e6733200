import * as fs from 'node:fs';
import * as path from 'node:path';
import { clineApiReq, copilotInitial, copilotRequest, geminiHeader, geminiMessage } from './agentLogs';
import { hexId, uuid } from './logBuilders';

const DAY = 86_400_000;
const HOUR = 3_600_000;

function put(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/**
 * The demo's other agents, as a VS Code user has them on Linux: Copilot Chat in the editor most
 * working days, Gemini CLI now and then, and a Cline task twice a week.
 */
export function writeDemoEditorAgents(home: string, now: number, days: number, rand: () => number): void {
  const startOfToday = Math.floor(now / DAY) * DAY;
  const storage = path.join(home, '.config', 'Code', 'User');
  for (let d = days - 1; d >= 0; d--) {
    const dayStart = startOfToday - d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const at = (h: number) => Math.min(now - 60_000, dayStart + h * HOUR + Math.floor(rand() * HOUR));
    if (at(9) <= dayStart) continue;

    const session = uuid(rand);
    const requests = Array.from({ length: 2 + Math.floor(rand() * 4) }, (_, i) =>
      copilotRequest({ requestId: `request_${uuid(rand)}`, timestamp: at(9 + i * 2), modelId: rand() < 0.6 ? 'copilot/gpt-5.1' : 'copilot/claude-sonnet-4.5', promptTokens: 8_000 + Math.floor(rand() * 30_000), outputTokens: 300 + Math.floor(rand() * 1500), thinking: [Math.floor(rand() * 200)] }),
    );
    put(path.join(storage, 'workspaceStorage', hexId(rand, 32), 'chatSessions', `${session}.jsonl`), copilotInitial(session, at(9), requests) + '\n');

    if (rand() < 0.4) {
      const id = uuid(rand);
      const lines = [geminiHeader(id, at(14))];
      for (let i = 0; i < 6; i++) {
        const input = 20_000 + Math.floor(rand() * 40_000);
        lines.push(JSON.stringify(geminiMessage(uuid(rand), at(14) + i * 120_000, 'gemini-2.5-pro', { input, output: 200 + Math.floor(rand() * 900), cached: Math.floor(input * 0.7), thoughts: Math.floor(rand() * 800) })));
      }
      put(path.join(home, '.gemini', 'tmp', 'app', 'chats', `session-${new Date(at(14)).toISOString().slice(0, 16).replace(/:/g, '-')}-${id.slice(0, 8)}.jsonl`), lines.join('\n') + '\n');
    }

    if (weekday === 2 || weekday === 4) {
      const ts = at(16);
      const messages = Array.from({ length: 5 }, (_, i) => clineApiReq(ts + i * 90_000, { tokensIn: 50 + Math.floor(rand() * 2000), tokensOut: 200 + Math.floor(rand() * 800), cacheWrites: 2000, cacheReads: 20_000 + Math.floor(rand() * 20_000) }, 'claude-sonnet-4-5-20250929'));
      put(path.join(storage, 'globalStorage', 'saoudrizwan.claude-dev', 'tasks', String(ts), 'ui_messages.json'), JSON.stringify(messages));
    }
  }
}
