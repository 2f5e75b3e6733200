import type { AgentId } from '../shared/tokens';
import type { NoCounts } from '../shared/snapshot';
import type { SourceEnv } from './source';
import { appConfigHome, envDir, pathsFor, SERVERS, xdgDataHome } from './homes';

/**
 * Editors and agents whose local files hold no exact token counts Token Tier can read: found by a
 * few `stat`s (and one short directory listing), never by opening their files — some are large
 * databases that also hold logins. Each entry says why, so that Sources can tell "not used" from
 * "not readable" and the tier is never taken for a measurement of them.
 */

/** What the caller's file system says about a path; injected, so this module stays pure. */
export interface LookFs {
  kind(path: string): 'dir' | 'file' | undefined;
  /** A folder's entry names ([] when it cannot be listed). */
  list(dir: string): string[];
}

interface Candidate {
  id: string;
  label: string;
  kind: NoCounts['kind'];
  why: string;
  places(env: SourceEnv): string[];
}

const CANDIDATES: Candidate[] = [
  {
    id: 'cursor',
    label: 'Cursor',
    kind: 'editor',
    // Local records per agent-log-formats.md §6 (tokscale `cursorcli.rs`; chattymin/PokeTokenBar#196).
    why: 'builds since February 2026 write 0 tokens per request; older ones count only some requests, without cache tokens — a fraction Token Tier does not pass off as a measurement; Cursor’s dashboard has the totals',
    places: (env) => [join(env, appConfigHome(env), 'Cursor', 'User', 'globalStorage', 'state.vscdb'), join(env, env.home, '.cursor', 'chats')],
  },
  {
    id: 'windsurf',
    label: 'Windsurf (Cascade)',
    kind: 'editor',
    why: 'Cascade encrypts its conversation files',
    places: (env) => [join(env, env.home, '.codeium', 'windsurf', 'cascade')],
  },
  {
    id: 'kiro',
    label: 'Kiro',
    kind: 'editor',
    // junhoyeo/tokscale `sessions/kiro.rs`: "turn-level token counts are currently zero" (it estimates; we don't).
    why: 'Kiro records 0 input and 0 output tokens for each turn',
    places: (env) => [join(env, appConfigHome(env), 'Kiro', 'User', 'globalStorage', 'kiro.kiroagent'), join(env, env.home, '.kiro', 'sessions'), join(env, localData(env), 'kiro-cli', 'data.sqlite3')],
  },
  {
    id: 'antigravity',
    label: 'Antigravity',
    kind: 'editor',
    why: 'its conversation files are encrypted',
    places: (env) => [join(env, env.home, '.gemini', 'antigravity', 'conversations')],
  },
  {
    id: 'grok-build',
    label: 'Grok Build',
    kind: 'agent',
    // agent-semantics-2.md, "Not in this round".
    why: 'not read yet: closed source, and whether its usage totals are per turn or running, and whether cache writes are inside input, is not established',
    places: (env) => [join(env, env.home, '.grok', 'sessions')],
  },
  {
    id: 'openclaw',
    label: 'OpenClaw',
    kind: 'agent',
    why: 'not read yet: which of its archives, imports and mirrored rows are copies of one another is not established',
    places: (env) => [join(env, env.home, '.openclaw')],
  },
  {
    id: 'codebuff',
    label: 'Codebuff',
    kind: 'agent',
    why: 'not read yet: its usage fields have no published schema',
    places: (env) => [join(env, appConfigHome(env), 'manicode'), join(env, env.home, '.config', 'manicode')],
  },
  {
    id: 'crush',
    label: 'Crush',
    kind: 'agent',
    // junhoyeo/tokscale `sessions/crush.rs`: the session token columns "are rewritten across steps".
    why: 'its usage is kept per project (.crush/crush.db), in session token columns rewritten step by step rather than totalled',
    places: (env) => [join(env, xdgDataHome(env), 'crush'), join(env, localData(env), 'crush'), join(env, appConfigHome(env), 'crush')],
  },
  {
    id: 'aider',
    label: 'Aider',
    kind: 'agent',
    why: 'its chat history in each project keeps only rounded figures ("Tokens: 2.3k sent")',
    places: (env) => [join(env, env.home, '.aider'), join(env, env.home, '.aider.conf.yml')],
  },
];

/**
 * The editors and agents found here whose files hold no counts Token Tier can read. `counted`: the
 * agents whose logs this scan found (Copilot Chat on a VS Code Server is named only without them).
 */
export function findNoCounts(env: SourceEnv, fsys: LookFs, counted: ReadonlySet<AgentId>): NoCounts[] {
  const out: NoCounts[] = [];
  for (const c of CANDIDATES) {
    const paths = [...new Set(c.places(env))].filter((p) => fsys.kind(p) !== undefined);
    if (paths.length) out.push({ id: c.id, label: c.label, kind: c.kind, why: c.why, paths });
  }
  if (!counted.has('copilot-chat')) {
    // microsoft/vscode `chatSessionStore.ts`: the workbench writes sessions under its own
    // `workspaceStorageHome`, on the machine VS Code runs on; the server has Copilot's files only.
    // A remote window's extensions, Copilot Chat among them, run from the server's `extensions/`.
    const paths = SERVERS.map((s) => join(env, env.home, s, 'extensions')).filter((dir) => fsys.list(dir).some((name) => name.startsWith('github.copilot-chat-')));
    if (paths.length) {
      out.push({
        id: 'copilot-chat-server',
        label: 'Copilot Chat (VS Code Server)',
        kind: 'editor',
        why: 'VS Code keeps Copilot Chat’s sessions, with their counts, on the machine it runs on; this server holds only Copilot’s transcripts — run Token Tier there',
        paths,
      });
    }
  }
  return out;
}

function join(env: SourceEnv, ...parts: string[]): string {
  return pathsFor(env).join(...parts);
}

/** `%LOCALAPPDATA%`, `~/Library/Application Support`, or the XDG data home. */
function localData(env: SourceEnv): string {
  const platform = env.platform ?? process.platform;
  if (platform === 'win32') return envDir(env, 'LOCALAPPDATA') ?? join(env, env.home, 'AppData', 'Local');
  if (platform === 'darwin') return appConfigHome(env);
  return xdgDataHome(env);
}
