import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A private, throwaway PostgreSQL server for tests (Debian's `postgresql` package), on loopback
 * and a free port, in a temp folder; as root it runs as the `postgres` user, as PostgreSQL requires.
 */
export async function startPostgres(): Promise<{ url: string; stop: () => void }> {
  const base = '/usr/lib/postgresql';
  const version = fs.existsSync(base) ? fs.readdirSync(base).sort().at(-1) : undefined;
  if (!version) throw new Error('PostgreSQL is not installed: apt-get install postgresql (the install script does it)');
  const bin = path.join(base, version, 'bin');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-pg-'));
  const asPg = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--']] as const : undefined;
  const run = (cmd: string, args: string[]) => {
    if (asPg) execFileSync(asPg[0], [...asPg[1], cmd, ...args], { stdio: 'pipe' });
    else execFileSync(cmd, args, { stdio: 'pipe' });
  };
  if (asPg) execFileSync('chown', ['postgres', dir]);
  const port = await freePort();
  run(path.join(bin, 'initdb'), ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'tt', '--no-sync']);
  run(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-w', '-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  return {
    url: `postgres://tt@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'immediate', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A port free on loopback right now (for a server a test starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
