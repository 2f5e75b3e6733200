// `npm start`: build, show this machine's tier in the terminal (demo data when no agent logs
// exist), then run the team backend on embedded SQLite (server-data/token-tier.db) until Ctrl-C.
import { spawnSync, spawn } from 'node:child_process';

const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit' });
if (run(['esbuild.config.mjs']).status !== 0) process.exit(1);
run(['dist/cli.js', '--demo-if-empty']);
console.log('\nStarting the team backend (Ctrl-C to stop)…');
const server = spawn(process.execPath, ['dist/server.js', 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
