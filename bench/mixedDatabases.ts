import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { hexId } from '../src/demo/logBuilders';
import { openCodeAssistant } from '../src/demo/agentLogs';
import { DAY, iso, MIXED_PATHS } from './mixedGen';
import type { Gen } from './mixedGen';
import { OPENCODE_DDL } from '../test/fixtures/sqliteFixtures';

/**
 * The mixed corpus's SQLite agents (OpenCode, Continue), written by SQLite itself so the reader
 * meets real pages, WAL frames and ALTERed tables.
 */


/** OpenCode-style ascending ids: the time in hex, then randomness. */
function openCodeId(g: Gen, prefix: string, ts: number): string {
  return `${prefix}_${ts.toString(16).padStart(12, '0')}${hexId(g.rand, 14)}`;
}

export const OPENCODE_WAL_DAYS = 2;

/**
 * OpenCode's database, written by SQLite in WAL mode: history checkpointed into the main file,
 * the last two days' sessions written a commit per message with SQLite's default auto-checkpoint,
 * so the newest of them are only in `opencode.db-wal`. The last session's newest message is
 * still streaming.
 */
export function opencode(g: Gen): void {
  const models = ['claude-sonnet-4-5', 'claude-opus-4-1', 'gpt-5.1-codex'];
  interface Row {
    table: 'message' | 'part';
    id: string;
    messageId?: string;
    session: string;
    created: number;
    data: string;
  }
  const sessions: Array<{ id: string; created: number; rows: Row[] }> = [];
  let bytes = 0;
  while (bytes < g.budget('opencode')) {
    // A few sessions (the first two, then one in twenty) are from the last two days: they are in the WAL.
    const created = sessions.length < 2 || g.rand() < 0.05 ? g.end - Math.floor(g.rand() * (OPENCODE_WAL_DAYS * DAY - 3 * 3_600_000)) - 3 * 3_600_000 : g.when('opencode');
    const id = openCodeId(g, 'ses', created);
    const rows: Row[] = [];
    let ts = created;
    const turns = g.skewed(1, 30);
    for (let t = 0; t < turns && ts < g.end - 60_000; t++) {
      ts += g.int(15_000, 150_000);
      const user = openCodeId(g, 'msg', ts);
      rows.push({ table: 'message', id: user, session: id, created: ts, data: JSON.stringify({ role: 'user', time: { created: ts }, agent: 'build', model: { providerID: 'anthropic', modelID: 'claude-sonnet-4-5' } }) });
      rows.push({ table: 'part', id: openCodeId(g, 'prt', ts), messageId: user, session: id, created: ts, data: JSON.stringify({ type: 'text', text: g.text(40, 1200) }) });
      const at = ts + 2000;
      const msg = openCodeId(g, 'msg', at);
      const tokens = { input: g.int(3, 3000), output: g.int(40, 3000), reasoning: g.rand() < 0.4 ? g.int(0, 800) : 0, cacheRead: g.int(0, 140_000), cacheWrite: g.int(0, 8000) };
      rows.push({ table: 'message', id: msg, session: id, created: at, data: JSON.stringify(openCodeAssistant(at, g.pick(models), tokens)) });
      g.count('opencode', tokens.input + tokens.output + tokens.reasoning + tokens.cacheRead + tokens.cacheWrite);
      rows.push({ table: 'part', id: openCodeId(g, 'prt', at), messageId: msg, session: id, created: at, data: JSON.stringify({ type: 'text', text: g.text(50, 2000), time: { start: at, end: at + 4000 } }) });
      if (g.rand() < 0.6) rows.push({ table: 'part', id: openCodeId(g, 'prt', at + 1), messageId: msg, session: id, created: at, data: JSON.stringify({ type: 'tool', tool: 'read', callID: `toolu_${hexId(g.rand, 20)}`, state: { status: 'completed', input: { filePath: '/home/dev/src/app/src/index.ts' }, output: g.text(200, 8000), title: 'src/index.ts', time: { start: at, end: at + 300 } } }) });
      rows.push({ table: 'part', id: openCodeId(g, 'prt', at + 2), messageId: msg, session: id, created: at, data: JSON.stringify({ type: 'step-finish', reason: 'stop', tokens: { input: tokens.input, output: tokens.output, reasoning: tokens.reasoning, cache: { read: tokens.cacheRead, write: tokens.cacheWrite } }, cost: 0.04 }) });
      for (const r of rows.slice(-4)) bytes += r.data.length;
    }
    sessions.push({ id, created, rows });
  }
  sessions.sort((a, b) => a.created - b.created);
  // The newest session is the one OpenCode has open: its last assistant message is still streaming.
  const live = sessions[sessions.length - 1]!;
  const streamingAt = g.end - 30_000;
  live.rows.push({ table: 'message', id: openCodeId(g, 'msg', streamingAt), session: live.id, created: streamingAt, data: JSON.stringify(openCodeAssistant(streamingAt, 'claude-sonnet-4-5', { input: 0, output: 0 }, false)) });

  // Written in a staging folder and copied while the connection is open: closing would checkpoint the WAL away.
  const staging = path.join(g.dir, '.staging-opencode');
  fs.mkdirSync(staging, { recursive: true });
  const file = path.join(staging, 'opencode.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(OPENCODE_DDL);
  const insSession = db.prepare('INSERT INTO session (id, project_id, slug, directory, title, version, time_created, time_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insMessage = db.prepare('INSERT INTO message (id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?)');
  const insPart = db.prepare('INSERT INTO part (id, message_id, session_id, time_created, time_updated, data) VALUES (?, ?, ?, ?, ?, ?)');
  const writeRow = (r: Row) => {
    if (r.table === 'message') insMessage.run(r.id, r.session, r.created, r.created, r.data);
    else insPart.run(r.id, r.messageId!, r.session, r.created, r.created, r.data);
  };
  const writeSession = (s: (typeof sessions)[number], commitEach: boolean) => {
    insSession.run(s.id, 'global', `session-${s.id.slice(-6)}`, '/home/dev/src/app', 'Fix the flaky test', '1.2.10', s.created, s.created);
    if (!commitEach) return s.rows.forEach(writeRow);
    // A commit per message with its parts, as a running OpenCode writes them.
    let turn: Row[] = [];
    const flush = () => {
      db.transaction(() => turn.forEach(writeRow))();
      turn = [];
    };
    for (const r of s.rows) {
      if (r.table === 'message') flush();
      turn.push(r);
    }
    flush();
  };
  const walFrom = g.end - OPENCODE_WAL_DAYS * DAY;
  const old = sessions.filter((s) => s.created < walFrom);
  const recent = sessions.filter((s) => s.created >= walFrom);
  db.transaction(() => old.forEach((s) => writeSession(s, false)))();
  db.pragma('wal_checkpoint(TRUNCATE)');
  // SQLite's default: a checkpoint whenever the log passes 1000 pages; the log is then reused
  // from its start, so it ends as ~4 MiB holding the newest commits (and stale frames after them).
  db.pragma('wal_autocheckpoint = 1000');
  for (const s of recent) writeSession(s, true);
  const target = path.join(g.dir, MIXED_PATHS.opencodeDb);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(file, target);
  fs.copyFileSync(`${file}-wal`, `${target}-wal`);
  db.close();
  fs.rmSync(staging, { recursive: true, force: true });
  g.stats.opencode.files = 2;
  g.stats.opencode.bytes = fs.statSync(target).size + fs.statSync(`${target}-wal`).size;
}

/**
 * Continue's `devdata.sqlite` (rollback journal): one row per completion, autocomplete included,
 * so thousands; created before `tokens_prompt` existed and ALTERed later, as upgraded installs are.
 */
export function continueDev(g: Gen): void {
  const rows = Math.max(500, Math.round((g.total / (1 << 20)) * 20));
  const models: Array<[string, string, [number, number], [number, number]]> = [
    ['qwen2.5-coder:1.5b', 'ollama', [200, 2500], [5, 120]],
    ['qwen2.5-coder:1.5b', 'ollama', [200, 2500], [5, 120]],
    ['codestral-latest', 'mistral', [300, 4000], [5, 200]],
    ['gpt-4.1', 'openai', [2000, 40_000], [50, 2000]],
    ['claude-sonnet-4-5', 'anthropic', [3000, 60_000], [50, 3000]],
  ];
  const stamps = Array.from({ length: rows }, () => g.when('continue')).sort((a, b) => a - b);
  const file = path.join(g.dir, MIXED_PATHS.continueDb);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec('CREATE TABLE IF NOT EXISTS tokens_generated (id INTEGER PRIMARY KEY AUTOINCREMENT, model TEXT NOT NULL, provider TEXT NOT NULL, tokens_generated INTEGER NOT NULL, timestamp DATETIME DEFAULT CURRENT_TIMESTAMP)');
  const legacyRows = Math.floor(rows * 0.1);
  const legacy = db.prepare('INSERT INTO tokens_generated (model, provider, tokens_generated, timestamp) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (const ts of stamps.slice(0, legacyRows)) {
      const [model, provider, , out] = g.pick(models);
      const generated = g.int(...out);
      legacy.run(model, provider, generated, continueStamp(ts));
      g.count('continue', generated);
    }
  })();
  db.exec('ALTER TABLE tokens_generated ADD COLUMN tokens_prompt INTEGER NOT NULL DEFAULT 0');
  const current = db.prepare('INSERT INTO tokens_generated (model, provider, tokens_prompt, tokens_generated, timestamp) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const ts of stamps.slice(legacyRows)) {
      const [model, provider, inp, out] = g.pick(models);
      const prompt = g.int(...inp);
      const generated = g.int(...out);
      current.run(model, provider, prompt, generated, continueStamp(ts));
      g.count('continue', prompt + generated);
    }
  })();
  db.close();
  g.stats.continue.files = 1;
  g.stats.continue.bytes = fs.statSync(file).size;
}

/** SQLite's CURRENT_TIMESTAMP text: UTC, no zone. */
export function continueStamp(ts: number): string {
  return iso(ts).slice(0, 19).replace('T', ' ');
}

