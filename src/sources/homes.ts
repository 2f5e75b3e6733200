import * as path from 'node:path';
import type { SourceEnv } from './source';

/** Path functions for the platform the logs are on (tests build Windows paths on Linux). */
export function pathsFor(env: SourceEnv): path.PlatformPath {
  return (env.platform ?? process.platform) === 'win32' ? path.win32 : path.posix;
}

/**
 * A folder from an environment variable: set-but-empty means unset (the XDG spec's rule, used for
 * all), and a leading `~` is the home folder, as the agents themselves expand it.
 */
export function envDir(env: SourceEnv, name: string): string | undefined {
  const v = env.env[name]?.trim();
  if (!v) return undefined;
  if (v === '~') return env.home;
  return /^~[\\/]/.test(v) ? pathsFor(env).join(env.home, v.slice(2)) : v;
}

/** `$XDG_DATA_HOME`, else `~/.local/share` — on every OS, as xdg-basedir (OpenCode, Amp) resolves it. */
export function xdgDataHome(env: SourceEnv): string {
  return envDir(env, 'XDG_DATA_HOME') ?? pathsFor(env).join(env.home, '.local', 'share');
}

/** Where desktop apps keep their user data: `%APPDATA%`, `~/Library/Application Support`, `$XDG_CONFIG_HOME`. */
export function appConfigHome(env: SourceEnv): string {
  const p = pathsFor(env);
  const platform = env.platform ?? process.platform;
  if (platform === 'win32') return envDir(env, 'APPDATA') ?? p.join(env.home, 'AppData', 'Roaming');
  if (platform === 'darwin') return p.join(env.home, 'Library', 'Application Support');
  return envDir(env, 'XDG_CONFIG_HOME') ?? p.join(env.home, '.config');
}

/** Desktop editors built on VS Code that extensions (Cline, Roo, Kilo, Copilot Chat) run in. */
const FLAVOURS = ['Code', 'Code - Insiders', 'VSCodium', 'VSCodium - Insiders', 'Cursor', 'Windsurf', 'Code - OSS'];
/** Their remote-server data folders (SSH, WSL, containers), under the home of the remote machine. */
export const SERVERS = ['.vscode-server', '.vscode-server-insiders', '.vscodium-server', '.cursor-server', '.windsurf-server'];

/**
 * Every VS Code flavour's user-data folder (the one holding `User/`), the running editor's own
 * first: its `globalStorage` parent covers portable installs, `--user-data-dir` and code-server.
 */
export function editorUserDataDirs(env: SourceEnv): string[] {
  const p = pathsFor(env);
  const out: string[] = [];
  if (env.editorGlobalStorage) out.push(p.dirname(p.dirname(env.editorGlobalStorage)));
  const base = appConfigHome(env);
  for (const f of FLAVOURS) out.push(p.join(base, f));
  for (const s of SERVERS) out.push(p.join(env.home, s, 'data'));
  return [...new Set(out)];
}

/** `<user data>/User/globalStorage/<extension id>` for every flavour. */
export function extensionStorageDirs(env: SourceEnv, extensionId: string): string[] {
  const p = pathsFor(env);
  return editorUserDataDirs(env).map((d) => p.join(d, 'User', 'globalStorage', extensionId));
}
