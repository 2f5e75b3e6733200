// Writes a Copilot Chat session into the editor's own user data (code-server's --user-data-dir),
// as VS Code does: the extension must find it through its globalStorageUri, not through HOME.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copilotInitial, copilotRequest } from '../../src/demo/agentLogs';

const userDir = process.argv[2];
if (!userDir) throw new Error('usage: editor-sessions.ts USER_DATA/User');
const now = Date.now();
const requests = [0, 1, 2].map((i) => copilotRequest({ requestId: `request_e2e_${i}`, timestamp: now - (i + 1) * 600_000, modelId: 'copilot/e2e-editor-model', promptTokens: 120_000, outputTokens: 3_000 }));
const dir = path.join(userDir, 'workspaceStorage', 'e2e0workspace0hash', 'chatSessions');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'e2e-session.jsonl'), copilotInitial('e2e-session', now - 3_600_000, requests) + '\n');
