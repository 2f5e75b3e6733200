// Writes a demo month of Claude Code and Codex logs into the folder given (a fake HOME for E2E).
import { writeDemoHome } from '../../src/demo/demoHome';

const dir = process.argv[2];
if (!dir) throw new Error('usage: fixture-home.ts DIR');
writeDemoHome(dir);
