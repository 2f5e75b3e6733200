import { parseArgs } from 'node:util';
import type { AgentId, TokenKind } from '../shared/tokens';
import { AGENT_IDS, TOKEN_KINDS } from '../shared/tokens';
import { isIsoDate } from '../core/time';
import { didYouMean } from '../shared/suggest';
import { wrapAt } from './wrap';

const COMMANDS = ['summary', 'daily', 'weekly', 'monthly', 'sources'] as const;
export type Command = (typeof COMMANDS)[number];
const TABLES: readonly Command[] = ['daily', 'weekly', 'monthly'];

export interface CliArgs {
  command: Command | 'help' | 'version';
  json: boolean;
  csv: boolean;
  /** `--by project`: each period split by the folder the agents worked in (local only). */
  byProject: boolean;
  since?: string;
  until?: string;
  timezone?: string;
  windowDays: number;
  kinds: TokenKind[];
  demo: boolean;
  demoIfEmpty: boolean;
  rebuild: boolean;
  cacheDir?: string;
  extraDirs: Partial<Record<AgentId, string[]>>;
  color: boolean;
}

export const USAGE = `token-tier — your AI coding agents' tokens per day, and your tier

Usage:
  token-tier [options]      tier, progress, today, 30-day curve, breakdown
  token-tier daily          one row per local day, a column per token kind
  token-tier weekly         the same by week (from Monday)
  token-tier monthly        the same by month
  token-tier sources        every agent: found or not, where, what was read or
                            skipped, last activity

Options:
  --since YYYY-MM-DD     first day shown (daily, weekly, monthly)
  --until YYYY-MM-DD     last day shown
  --timezone ZONE        IANA zone for day boundaries (default: the system's)
  --window N             days in the tier's trailing mean (default 7)
  --count KINDS          token kinds counted toward the tier, comma-separated:
                         input,output,cacheRead,cacheWrite (default: all four)
  --dir AGENT=PATH       an extra log folder for one agent, repeatable; AGENT is
${wrapAt(AGENT_IDS.join(', '), 78, ' '.repeat(25)).join('\n')}
  --cache-dir PATH       where the ledger is kept
                         (default: $XDG_CACHE_HOME/token-tier)
  --rebuild              forget the ledger and read every log again
  --by project           daily/weekly/monthly by the folder agents worked in
                         (kept on this machine, never reported)
  --json, --csv          for scripts (--csv: daily, weekly, monthly)
  --demo                 generated demo data instead of this machine's logs
  --no-color             plain output
  -h, --help             this text
  -v, --version          the version`;

const OPTIONS = {
  json: { type: 'boolean', default: false },
  csv: { type: 'boolean', default: false },
  by: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  timezone: { type: 'string' },
  window: { type: 'string' },
  count: { type: 'string' },
  dir: { type: 'string', multiple: true },
  'cache-dir': { type: 'string' },
  rebuild: { type: 'boolean', default: false },
  demo: { type: 'boolean', default: false },
  'demo-if-empty': { type: 'boolean', default: false },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

const VALUE_HINT: Record<string, string> = {
  since: 'a date as YYYY-MM-DD',
  until: 'a date as YYYY-MM-DD',
  timezone: 'an IANA zone such as Europe/Berlin',
  window: 'a number of days',
  count: 'token kinds such as input,output',
  dir: 'AGENT=PATH',
  'cache-dir': 'a folder',
  by: 'project',
};

/** Node's parser speaks of "positional arguments" and "--"; people typed an option. */
function parseError(e: unknown, argv: readonly string[]): Error {
  const code = (e as { code?: string }).code;
  const msg = (e as Error).message;
  const flag = /'(-{1,2}[^' ]+)/.exec(msg)?.[1] ?? '';
  const name = flag.replace(/^-+/, '');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const typed = argv.find((a) => a.startsWith(flag)) ?? flag;
    return new Error(`unknown option ${typed.split('=')[0]}${didYouMean(flag, Object.keys(OPTIONS).map((o) => `--${o}`))}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name in VALUE_HINT) return new Error(`--${name} needs a value (${VALUE_HINT[name]})`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new Error(`--${name} takes no value`);
  return new Error(msg);
}

/** Parses argv (without node and the script); throws an Error with a one-line, user-facing message. */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    throw parseError(e, argv);
  }
  const { values, positionals } = parsed;
  // `token-tier help` is what people type when --help does not come to mind.
  const sub = positionals[0] === 'help' ? undefined : positionals[0];
  if (positionals[0] === 'help') values.help = true;
  const commands = COMMANDS.filter((c) => c !== 'summary');
  if (sub !== undefined && !(commands as readonly string[]).includes(sub)) throw new Error(`unknown command "${sub}"${didYouMean(sub, commands) || ` (commands: ${commands.join(', ')})`}`);
  if (positionals.length > 1) throw new Error(`one command at a time, got "${positionals.join(' ')}"`);
  const command: Command = (sub as Command | undefined) ?? 'summary';
  for (const key of ['since', 'until'] as const) {
    const v = values[key];
    if (v !== undefined && !isIsoDate(v)) throw new Error(`--${key} expects a date as YYYY-MM-DD, got "${v}"`);
  }
  if (values.since && values.until && values.since > values.until) throw new Error(`--since ${values.since} is after --until ${values.until}`);
  if (values.json && values.csv) throw new Error('--json or --csv, not both');
  if (values.csv && !TABLES.includes(command)) throw new Error('--csv works with daily, weekly and monthly');
  if (values.by !== undefined && values.by !== 'project') throw new Error(`--by: unknown grouping "${values.by}"${didYouMean(values.by, ['project']) || ' (the one grouping is project)'}`);
  if (values.by !== undefined && !TABLES.includes(command)) throw new Error('--by project works with daily, weekly and monthly');
  const windowDays = values.window === undefined ? 7 : Number(values.window);
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 90) throw new Error('--window expects a whole number of days from 1 to 90');
  const kinds = (values.count ?? TOKEN_KINDS.join(',')).split(',').map((k) => k.trim());
  for (const k of kinds) if (!(TOKEN_KINDS as readonly string[]).includes(k)) throw new Error(`--count: unknown token kind "${k}"${didYouMean(k, TOKEN_KINDS)}; the kinds are ${TOKEN_KINDS.join(', ')}`);
  const extraDirs: Partial<Record<AgentId, string[]>> = {};
  for (const spec of values.dir ?? []) {
    const eq = spec.indexOf('=');
    const agent = spec.slice(0, eq) as AgentId;
    if (eq < 1 || !AGENT_IDS.includes(agent)) {
      throw new Error(`--dir expects AGENT=PATH${eq > 0 ? `; no agent "${agent}"${didYouMean(agent, AGENT_IDS)}` : ''} (agents: ${AGENT_IDS.join(', ')})`);
    }
    (extraDirs[agent] ??= []).push(spec.slice(eq + 1));
  }
  return {
    command: values.help ? 'help' : values.version ? 'version' : command,
    json: values.json ?? false,
    csv: values.csv ?? false,
    byProject: values.by === 'project',
    since: values.since,
    until: values.until,
    timezone: values.timezone,
    windowDays,
    kinds: kinds as TokenKind[],
    demo: values.demo ?? false,
    demoIfEmpty: values['demo-if-empty'] ?? false,
    rebuild: values.rebuild ?? false,
    cacheDir: values['cache-dir'],
    extraDirs,
    // NO_COLOR and FORCE_COLOR as the conventions say (no-color.org, force-color.org).
    color: !values['no-color'] && !process.env.NO_COLOR && (process.stdout.isTTY === true || (!!process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0')),
  };
}
