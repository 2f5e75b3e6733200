import * as os from 'node:os';
import * as path from 'node:path';
import type { SourceEnv } from '../sources/source';

/** Home as the agents resolve it: HOME, else USERPROFILE, else HOMEDRIVE+HOMEPATH. */
export function sourceEnvFrom(env: NodeJS.ProcessEnv = process.env): SourceEnv {
  const home = env.HOME || env.USERPROFILE || (env.HOMEDRIVE && env.HOMEPATH ? env.HOMEDRIVE + env.HOMEPATH : '') || os.homedir();
  return { home, env };
}

/** The CLI's cache folder: XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on Windows. */
export function defaultCliCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = sourceEnvFrom(env).home;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'token-tier');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'token-tier');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'token-tier', 'Cache');
  return path.join(home, '.cache', 'token-tier');
}
