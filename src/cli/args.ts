import { parseArgs } from 'node:util';
import type { AgentId, TokenKind } from '../shared/tokens';
import { AGENT_IDS, TOKEN_KINDS } from '../shared/tokens';
import { isIsoDate } from '../core/time';

export interface CliArgs {
  command: 'summary' | 'daily' | 'sources' | 'help' | 'version';
  json: boolean;
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
  token-tier [options]            tier, progress, today, 30-day curve, breakdown
  token-tier daily [--json]       one row per local day
  token-tier sources [--json]     every agent: found or not, where, what was read or
                                  skipped, last activity

Options:
  --since YYYY-MM-DD, --until YYYY-MM-DD   limit the days shown (daily)
  --timezone ZONE        IANA zone for day boundaries (default: the system's)
  --window N             days in the tier's trailing mean (default 7)
  --count KINDS          token kinds that count toward the tier, comma-separated
                         from input,output,cacheRead,cacheWrite (default: all four)
  --dir AGENT=PATH       an extra log folder for one agent; repeatable; AGENT is one of
${wrap(AGENT_IDS.join(', '), 25, 78)}
  --cache-dir PATH       where the ledger is kept (default: $XDG_CACHE_HOME/token-tier)
  --rebuild              forget the ledger and read every log again
  --demo                 run on generated demo data instead of this machine's logs
  --no-color             plain output
  -h, --help             this text
  -v, --version          the version`;

/** Wraps a list at `width` columns, each line indented by `indent` spaces. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => ' '.repeat(indent) + l).join('\n');
}

/** Parses argv (without node and the script); throws an Error with a user-facing message. */
export function parseCliArgs(argv: string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
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
    },
  });
  const sub = positionals[0];
  if (positionals.length > 1 || (sub !== undefined && sub !== 'daily' && sub !== 'sources')) throw new Error(`Unknown command "${positionals.join(' ')}"`);
  for (const key of ['since', 'until'] as const) {
    const v = values[key];
    if (v !== undefined && !isIsoDate(v)) throw new Error(`--${key} expects a date as YYYY-MM-DD, got "${v}"`);
  }
  const windowDays = values.window === undefined ? 7 : Number(values.window);
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 90) throw new Error('--window expects a whole number of days from 1 to 90');
  const kinds = (values.count ?? TOKEN_KINDS.join(',')).split(',').map((k) => k.trim());
  for (const k of kinds) if (!(TOKEN_KINDS as readonly string[]).includes(k)) throw new Error(`--count: unknown token kind "${k}"`);
  const extraDirs: Partial<Record<AgentId, string[]>> = {};
  for (const spec of values.dir ?? []) {
    const eq = spec.indexOf('=');
    const agent = spec.slice(0, eq) as AgentId;
    if (eq < 1 || !AGENT_IDS.includes(agent)) throw new Error(`--dir expects AGENT=PATH with AGENT one of ${AGENT_IDS.join(', ')}`);
    (extraDirs[agent] ??= []).push(spec.slice(eq + 1));
  }
  return {
    command: values.help ? 'help' : values.version ? 'version' : sub === 'daily' || sub === 'sources' ? sub : 'summary',
    json: values.json ?? false,
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
    color: !values['no-color'] && !process.env.NO_COLOR && process.stdout.isTTY === true,
  };
}
