import type { Db } from '../db/db';
import { isIsoDate } from '../../../src/core/time';
import { connectorsFromEnv, ENV_HINT, PROVIDER_ALIASES } from './config';
import { linkIdentity } from './identities';
import { IDENTITY_KINDS } from '../../../src/sync/orgApi/identity';
import type { IdentityKind } from '../../../src/sync/orgApi/identity';
import { backfill } from './run';
import type { ConnectorLog } from './run';
import { runConnectorsOnce, startScheduler } from './scheduler';

/** The server's connector commands; their help lines for main.ts's usage text. */
export const CONNECTOR_USAGE = `  connectors run [--once]                   the org API connectors without serve: every hour, or once and exit
  backfill --provider P --from YYYY-MM-DD --to YYYY-MM-DD
                                            fetch and store a past range (P: anthropic, anthropic-messages, openai, github)
  link-identity --email EMAIL --kind K --value V
                                            whose is an org API actor: K is ${IDENTITY_KINDS.join(', ')}
  Connectors: ANTHROPIC_ADMIN_KEY [ANTHROPIC_MESSAGES=1], OPENAI_ADMIN_KEY, GITHUB_TOKEN with GITHUB_ORG or GITHUB_ENTERPRISE`;

/** The commands connectorCommand handles. */
export const CONNECTOR_COMMANDS = ['connectors', 'backfill', 'link-identity'];

/** A failure the user can act on (main.ts prints it as one line). */
export class ConnectorCliError extends Error {}

interface Values {
  provider?: string;
  from?: string;
  to?: string;
  once?: boolean;
  email?: string;
  kind?: string;
  value?: string;
}

/**
 * Runs a connector command. Returns the exit code, or -1 when it keeps running (`connectors run`
 * without --once; stopped by SIGINT/SIGTERM through the returned stop).
 */
export async function connectorCommand(command: string, sub: string | undefined, v: Values, db: Db, teamId: number, env: NodeJS.ProcessEnv, log: ConnectorLog): Promise<{ code: number; stop?: () => void }> {
  if (command === 'link-identity') {
    if (!v.email || !v.kind || !v.value) throw new ConnectorCliError('link-identity needs --email, --kind and --value');
    if (!(IDENTITY_KINDS as readonly string[]).includes(v.kind)) throw new ConnectorCliError(`--kind is one of ${IDENTITY_KINDS.join(', ')}`);
    const linked = await linkIdentity(db, teamId, v.email, v.kind as IdentityKind, v.value);
    if (!linked) throw new ConnectorCliError(`no one with the email ${v.email.toLowerCase()} — add them first with add-person`);
    console.log(`${v.kind} ${v.value} is now ${v.email.toLowerCase()}; the next connector run (or a backfill) attributes it.`);
    return { code: 0 };
  }
  const connectors = connectorsFromEnv(env, log);
  if (command === 'connectors') {
    if (sub !== 'run') throw new ConnectorCliError('usage: connectors run [--once]');
    if (!connectors.length) throw new ConnectorCliError('no connector is configured: set ANTHROPIC_ADMIN_KEY, OPENAI_ADMIN_KEY, or GITHUB_TOKEN with GITHUB_ORG');
    if (v.once) return { code: (await runConnectorsOnce(db, teamId, connectors, log)) ? 0 : 1 };
    return { code: -1, stop: startScheduler(db, teamId, connectors, log) };
  }
  // backfill
  const provider = v.provider ? PROVIDER_ALIASES[v.provider] : undefined;
  if (!provider) throw new ConnectorCliError(`backfill needs --provider, one of ${Object.keys(PROVIDER_ALIASES).join(', ')}`);
  if (!v.from || !v.to || !isIsoDate(v.from) || !isIsoDate(v.to)) throw new ConnectorCliError('backfill needs --from and --to as YYYY-MM-DD (UTC days)');
  if (v.from > v.to) throw new ConnectorCliError(`--from ${v.from} is after --to ${v.to}`);
  const c = connectors.find((x) => x.provider === provider);
  if (!c) throw new ConnectorCliError(`the ${provider} connector is not configured: set ${ENV_HINT[provider]}`);
  return { code: (await backfill(db, teamId, c, v.from, v.to, log)) ? 0 : 1 };
}
