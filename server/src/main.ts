import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { openDb } from './db/db';
import { createApp } from './http/app';
import { addPerson, createTeam, firstTeam } from './teams';
import { issueToken } from './auth';
import { startConnector } from './connectors/schedule';

const USAGE = `token-tier-server — the reference team backend

  serve [--port 8787] [--host 127.0.0.1] [--db server-data/token-tier.db]
        PostgreSQL instead of SQLite when DATABASE_URL is set. On first start it creates a team
        and prints its admin token. ANTHROPIC_ADMIN_KEY turns on the Claude Code Analytics connector.
  add-person --name NAME --email EMAIL      prints the developer's token (shown once)
  admin-token                               prints a new admin token for the team`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: process.env.TOKEN_TIER_DB ?? 'server-data/token-tier.db' },
      name: { type: 'string' },
      email: { type: 'string' },
      team: { type: 'string', default: 'My team' },
    },
  });
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL, sqlitePath: values.db! });
  const where = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${path.resolve(values.db!)}`;
  let team = await firstTeam(db);
  if (!team) {
    const created = await createTeam(db, values.team!);
    team = created.team;
    console.log(`Created team "${team.name}". Admin token (shown once, keep it):\n  ${created.adminToken}`);
  }
  switch (positionals[0] ?? 'serve') {
    case 'add-person': {
      if (!values.name || !values.email) throw new Error('add-person needs --name and --email');
      const p = await addPerson(db, team.id, values.name, values.email);
      console.log(`Token for ${values.email} (shown once; paste it in VS Code: "Token Tier: Set Team Token"):\n  ${p.token}`);
      await db.close();
      return 0;
    }
    case 'admin-token':
      console.log(`New admin token for "${team.name}":\n  ${await issueToken(db, 'admin', team.id, null)}`);
      await db.close();
      return 0;
    case 'serve': {
      const server = createApp({ db, webDir: path.join(__dirname, 'server-web'), log: process.env.TT_LOG_REQUESTS ? (l) => console.log(l) : undefined });
      await new Promise<void>((r) => server.listen(Number(values.port), values.host, r));
      const { port } = server.address() as AddressInfo;
      console.log(`Token Tier team backend on http://${values.host}:${port}/ (${where})`);
      console.log(`Dashboard: http://${values.host}:${port}/dashboard — add a developer: npm run server -- add-person --name Ana --email ana@example.com`);
      const stopConnector = startConnector(db, team.id, process.env, (l) => console.log(l));
      const stop = () => {
        stopConnector();
        server.close(() => void db.close().then(() => process.exit(0)));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return -1;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => code >= 0 && (process.exitCode = code),
  (e: Error) => {
    console.error(`token-tier-server: ${e.message}`);
    process.exitCode = 1;
  },
);
