import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { openDb } from './db/db';
import { createApp } from './http/app';
import type { LogEntry } from './http/app';
import { addPerson, assignSubteam, createSubteam, createTeam, emailTaken, firstTeam, listSubteams, subteamByName } from './teams';
import { issueToken } from './auth';
import { connectorsFromEnv } from './connectors/config';
import { CONNECTOR_COMMANDS, CONNECTOR_USAGE, ConnectorCliError, connectorCommand } from './connectors/cli';
import { startScheduler } from './connectors/scheduler';
import { DEMO_DAYS, seedDemo } from './demo/seedDemo';
import { TOKEN_COMMANDS, TOKEN_USAGE, TokenCliError, tokenCommand } from './tokensCli';

const USAGE = `token-tier-server — the reference team backend

  serve [--port 8787] [--host 127.0.0.1] [--db server-data/token-tier.db]
        PostgreSQL instead of SQLite when DATABASE_URL is set. On first start it creates a team
        and prints its admin token. The connectors below run inside it when configured.
  add-person --name NAME --email EMAIL [--team TEAM]
                                            prints the developer's token (shown once)
  add-team --name TEAM                      a team inside the organisation (filters the dashboard)
  admin-token                               prints a new admin token for the organisation
${TOKEN_USAGE}
  seed-demo [--db FILE]                     fills an empty database with a demo organisation: 10 teams,
                                            200 people, 90 days up to today (deterministic), for trying
                                            the dashboard; prints an admin token
${CONNECTOR_USAGE}
  (first start: --org NAME names the organisation, default "My team")
  help                                      this text`;

/** A failure the user can act on: printed as one line, no stack. */
class CliError extends Error {}

/**
 * How the user ran this, for the hints we print: `npm run server --` in the repo, else the node
 * command line (`node dist/server.js` in the server's package or its container).
 */
const RUN = process.env.npm_lifecycle_event === 'server' ? 'npm run server --' : `node ${path.relative(process.cwd(), process.argv[1] ?? 'dist/server.js') || 'dist/server.js'}`;

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: process.env.TOKEN_TIER_DB ?? 'server-data/token-tier.db' },
      name: { type: 'string' },
      email: { type: 'string' },
      team: { type: 'string' },
      org: { type: 'string', default: 'My team' },
      help: { type: 'boolean', short: 'h' },
      provider: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      once: { type: 'boolean' },
      kind: { type: 'string' },
      value: { type: 'string' },
      id: { type: 'string' },
      rows: { type: 'string' },
    },
  });
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (e) {
    // Node's parser speaks of positionals and '--'; say what was wrong and where help is.
    const option = /'(-[^']*)'/.exec((e as Error).message)?.[1];
    console.error(`token-tier-server: ${option ? `unknown option ${option}` : (e as Error).message} (token-tier-server --help lists the commands)`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0] ?? 'serve';
  if (values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (!['serve', 'add-person', 'add-team', 'admin-token', 'seed-demo', ...CONNECTOR_COMMANDS, ...TOKEN_COMMANDS].includes(command)) {
    console.error(`token-tier-server: unknown command ${command}\n\n${USAGE}`);
    return 2;
  }
  const db = await openDb({ databaseUrl: process.env.DATABASE_URL, sqlitePath: values.db! });
  const where = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${path.resolve(values.db!)}`;
  // Under the setup lock: two servers starting on one empty database make one team, not two.
  const { team, adminToken } = await db.exclusive(async (d) => {
    const known = await firstTeam(d);
    if (known) return { team: known, adminToken: undefined };
    const created = await createTeam(d, command === 'seed-demo' && !argv.includes('--org') ? 'Acme (demo data)' : values.org!);
    return { team: created.team, adminToken: created.adminToken };
  });
  if (adminToken) console.log(`Created team "${team.name}". Admin token (shown once, keep it):\n  ${adminToken}`);
  switch (command) {
    case 'add-person': {
      try {
        if (!values.name || !values.email) throw new CliError('add-person needs --name and --email');
        if (await emailTaken(db, values.email)) throw new CliError(`${values.email.toLowerCase()} already has a token (an admin can see the people at /dashboard)`);
        const sub = values.team ? await subteamByName(db, team.id, values.team) : undefined;
        if (values.team && !sub) {
          const known = (await listSubteams(db, team.id)).map((t) => t.name);
          throw new CliError(`no team "${values.team}"${known.length ? ` (teams: ${known.join(', ')})` : ''} — add it first: ${RUN} add-team --name "${values.team}"`);
        }
        const p = await addPerson(db, team.id, values.name, values.email);
        if (sub) await assignSubteam(db, team.id, p.personId, sub.id);
        console.log(`Token for ${values.email}${sub ? ` (team ${sub.name})` : ''} (shown once; paste it in VS Code: "Token Tier: Set Team Token"):\n  ${p.token}`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'add-team': {
      try {
        if (!values.name) throw new CliError('add-team needs --name');
        if (await subteamByName(db, team.id, values.name)) throw new CliError(`a team named "${values.name}" exists`);
        const t = await createSubteam(db, team.id, values.name);
        console.log(`Team "${t.name}" added. Put people in it: ${RUN} add-person --name … --email … --team "${t.name}" (or in the dashboard).`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'connectors':
    case 'backfill':
    case 'link-identity': {
      const log = (msg: string, failed?: boolean) => console.log(JSON.stringify({ ts: new Date().toISOString(), level: failed ? 'warn' : 'info', msg }));
      let r: Awaited<ReturnType<typeof connectorCommand>>;
      try {
        r = await connectorCommand(command, positionals[1], values, db, team.id, process.env, log);
      } catch (e) {
        await db.close();
        throw e instanceof ConnectorCliError ? new CliError(e.message) : e;
      }
      if (r.code >= 0) {
        await db.close();
        return r.code;
      }
      const stop = () => {
        r.stop?.();
        void db.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return -1;
    }
    case 'seed-demo': {
      try {
        if ((await db.all('SELECT 1 FROM people WHERE team_id = ? LIMIT 1', [team.id])).length) throw new CliError(`seed-demo fills an empty database; ${where} already has people`);
        const started = Date.now();
        const r = await seedDemo(db, team.id);
        console.log(`Seeded "${team.name}": ${r.teams} teams, ${r.people} people, ${r.rows} daily rows, ${r.otlpDevices} OTLP devices over ${DEMO_DAYS} days (${((Date.now() - started) / 1000).toFixed(1)} s).`);
        // A database made just now printed its admin token above; an existing organisation gets one to open the dashboard with.
        if (!adminToken) console.log(`Admin token for the dashboard (shown once):\n  ${await issueToken(db, 'admin', team.id, null)}`);
        console.log(`Start the server on it (${RUN} serve --db …) and open /dashboard with that token.`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'tokens':
    case 'revoke-token':
    case 'new-token':
    case 'remove-person':
      try {
        console.log(await tokenCommand(command, values, db, team.id));
      } catch (e) {
        throw e instanceof TokenCliError ? new CliError(e.message) : e;
      } finally {
        await db.close();
      }
      return 0;
    case 'admin-token':
      console.log(`New admin token for "${team.name}":\n  ${await issueToken(db, 'admin', team.id, null)}`);
      await db.close();
      return 0;
    default: {
      // One JSON object per line (for log collectors); never a token or a request body.
      const log = (entry: LogEntry) => console.log(JSON.stringify({ ts: new Date().toISOString(), ...entry }));
      const server = createApp({ db, webDir: path.join(__dirname, 'server-web'), log: process.env.TT_QUIET ? undefined : log });
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e: NodeJS.ErrnoException) => {
          void db.close();
          reject(e.code === 'EADDRINUSE' ? new CliError(`port ${values.port} on ${values.host} is in use (another Token Tier server?) — choose another with --port N`) : e);
        });
        server.listen(Number(values.port), values.host, resolve);
      });
      const { port } = server.address() as AddressInfo;
      console.log(`Token Tier team backend on http://${values.host}:${port}/ (${where})`);
      // The hints name this database, so they act on the one being served (and fit 80 columns).
      const onDb = argv.includes('--db') && !process.env.DATABASE_URL ? ` --db ${values.db}` : '';
      console.log(`Dashboard: http://${values.host}:${port}/dashboard`);
      console.log(`Add a developer: ${RUN} add-person${onDb} --name Ana --email ana@example.com`);
      console.log(`Lost the admin token? ${RUN} admin-token${onDb}`);
      const connectorLog = (msg: string, failed?: boolean) => log({ level: failed ? 'warn' : 'info', msg });
      const stopConnector = startScheduler(db, team.id, connectorsFromEnv(process.env, connectorLog), connectorLog);
      const stop = () => {
        stopConnector();
        server.close(() => void db.close().then(() => process.exit(0)));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return -1;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => code >= 0 && (process.exitCode = code),
  (e: Error) => {
    console.error(`token-tier-server: ${e.message}`);
    process.exitCode = 1;
  },
);
