import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** The server's command line, as the README and the server's own banner tell people to run it. */
const SERVER = path.resolve('dist/server.js');

function server(args: string[], db: string) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', TOKEN_TIER_DB: db };
  const r = spawnSync(process.execPath, [SERVER, ...args], { env, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tempDb(): { db: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-server-cli-'));
  return { db: path.join(dir, 'team.db'), dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('`npm run server -- add-person` adds a developer (the script passes the command through, it does not start a server)', () => {
  const { db, dispose } = tempDb();
  try {
    const r = spawnSync('npm', ['run', '--silent', 'server', '--', 'add-person', '--name', 'Ana', '--email', 'ana@example.com', '--db', db], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Token for ana@example\.com/);
    assert.doesNotMatch(r.stdout, /team backend on http/);
    const team = spawnSync('npm', ['run', '--silent', 'server', '--', 'add-team', '--name', 'Web', '--db', db], { encoding: 'utf8', timeout: 60_000 });
    assert.match(team.stdout, /Put people in it: npm run server -- add-person/);
  } finally {
    dispose();
  }
});

test('a duplicate email is refused in plain words; help is there; a taken port is named', async () => {
  const { db, dispose } = tempDb();
  try {
    const first = server(['add-person', '--name', 'Bo', '--email', 'bo@example.com'], db);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Admin token \(shown once/);
    const again = server(['add-person', '--name', 'Bo', '--email', 'BO@example.com'], db);
    assert.equal(again.code, 1);
    assert.equal(again.err.trim(), 'token-tier-server: bo@example.com already has a token (an admin can see the people at /dashboard)');
    const help = server(['--help'], db);
    assert.equal(help.code, 0);
    assert.match(help.out, /add-person --name NAME --email EMAIL/);
    const bad = server(['--frobnicate'], db);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^token-tier-server: unknown option --frobnicate \(token-tier-server --help lists the commands\)$/m);
    const taken = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => taken.once('listening', r));
    try {
      const port = (taken.address() as net.AddressInfo).port;
      const busy = server(['serve', '--port', String(port)], db);
      assert.equal(busy.code, 1);
      assert.match(busy.err, new RegExp(`^token-tier-server: port ${port} on 127\\.0\\.0\\.1 is in use \\(another Token Tier server\\?\\) — choose another with --port N$`, 'm'));
      assert.doesNotMatch(busy.err, /\n\s+at /, 'no stack trace');
    } finally {
      taken.close();
    }
  } finally {
    dispose();
  }
});

test('teams from the command line: add-team, then add-person --team; an unknown team says how to add it', () => {
  const { db, dispose } = tempDb();
  try {
    const team = server(['add-team', '--name', 'Platform'], db);
    assert.equal(team.code, 0, team.err);
    assert.match(team.out, /Team "Platform" added/);
    assert.equal(server(['add-team', '--name', 'platform'], db).code, 1);
    const ana = server(['add-person', '--name', 'Ana', '--email', 'ana@example.com', '--team', 'platform'], db);
    assert.equal(ana.code, 0, ana.err);
    assert.match(ana.out, /Token for ana@example\.com \(team Platform\)/);
    const bad = server(['add-person', '--name', 'Bo', '--email', 'bo@example.com', '--team', 'Mobile'], db);
    assert.equal(bad.code, 1);
    // The hint is the command line the user ran (here node dist/server.js; `npm run server --` through npm).
    assert.match(bad.err, /no team "Mobile" \(teams: Platform\) — add it first: node dist\/server\.js add-team --name "Mobile"/);
  } finally {
    dispose();
  }
});

test('tokens from the command line: list them (no secrets), revoke one, issue a new one; remove a person with or without their rows', () => {
  const { db, dispose } = tempDb();
  try {
    const ana = server(['add-person', '--name', 'Ana', '--email', 'ana@example.com'], db);
    assert.equal(ana.code, 0, ana.err);
    const anaToken = /tt_[A-Za-z0-9_-]{43}/.exec(ana.out.split('Token for')[1]!)![0];
    assert.equal(server(['add-person', '--name', 'Bo', '--email', 'bo@example.com'], db).code, 0);
    const list = server(['tokens'], db);
    assert.equal(list.code, 0, list.err);
    // One line a token: id, role, who, created, last used.
    const lines = list.out.trim().split('\n');
    assert.match(lines[0]!, /^ID\s+ROLE\s+PERSON\s+CREATED\s+LAST USED$/);
    assert.equal(lines.length, 4);
    const anaLine = lines.find((l) => l.includes('ana@example.com'))!;
    assert.match(anaLine, /^[0-9a-f]{12}\s+member\s+Ana <ana@example\.com>\s+\d{4}-\d{2}-\d{2}\s+never$/);
    assert.ok(!list.out.includes(anaToken) && !/tt_/.test(list.out), 'no secret in the list');
    const id = anaLine.slice(0, 12);
    const revoked = server(['revoke-token', '--id', id], db);
    assert.equal(revoked.code, 0, revoked.err);
    assert.match(revoked.out, new RegExp(`Revoked ${id} \\(member, Ana <ana@example\\.com>\\)`));
    assert.equal(server(['revoke-token', '--id', id], db).code, 1);
    assert.doesNotMatch(server(['tokens'], db).out, /ana@example\.com/);
    const again = server(['new-token', '--email', 'ANA@example.com'], db);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /Token for ana@example\.com \(shown once/);
    // The last admin token stays: the dashboard would be locked.
    const adminId = server(['tokens'], db).out.split('\n').find((l) => /\sadmin\s/.test(l))!.slice(0, 12);
    const lastAdmin = server(['revoke-token', '--id', adminId], db);
    assert.equal(lastAdmin.code, 1);
    assert.match(lastAdmin.err, /the last admin token/);
    // Removing needs a choice about the rows.
    const vague = server(['remove-person', '--email', 'bo@example.com'], db);
    assert.equal(vague.code, 1);
    assert.match(vague.err, /--rows keep \(.*\) or --rows delete/);
    const kept = server(['remove-person', '--email', 'bo@example.com', '--rows', 'keep'], db);
    assert.equal(kept.code, 0, kept.err);
    assert.match(kept.out, /Removed Bo <bo@example\.com>: their tokens are revoked; their rows stay in the totals without their name\./);
    const gone = server(['remove-person', '--email', 'ana@example.com', '--rows', 'delete'], db);
    assert.equal(gone.code, 0, gone.err);
    assert.match(gone.out, /Removed Ana <ana@example\.com> and their rows\./);
    assert.equal(server(['tokens'], db).out.trim().split('\n').length, 2);
    assert.equal(server(['remove-person', '--email', 'ana@example.com', '--rows', 'delete'], db).code, 1);
  } finally {
    dispose();
  }
});
