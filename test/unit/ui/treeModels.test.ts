import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakdownDescription, breakdownRows } from '../../../src/ui/breakdownModel';
import { sourcesRows } from '../../../src/ui/sourcesModel';
import { buildSnapshot } from '../../../src/core/snapshot';
import { slotOf } from '../../../src/core/ledger';
import { emptySnapshot, expertSnapshot, NOW } from '../../fixtures/snapshots';
import { HOSTILE_REASON, markdownLive, NOTIFICATION_LINK } from '../../fixtures/hostileText';

/** The native Breakdown and Sources views, as the data their rows are built from (#21). */

test('Breakdown: agent → model rows biggest first, each with its tokens and share, the kinds and cost in the tooltip', () => {
  const s = expertSnapshot();
  const rows = breakdownRows(s);
  assert.deepEqual(rows.map((r) => r.label), ['Claude Code', 'Codex']);
  assert.match(breakdownDescription(s), /^last 7 days · [\d.]+M$/);
  const [claude] = rows;
  assert.match(claude!.description!, /^[\d.]+M · \d+%$/);
  assert.match(claude!.accessibility!, /^Claude Code: [\d.]+M tokens, \d+% of the last 7 days$/, 'a row reads as a sentence');
  assert.equal(claude!.icon?.color, 'tokenTier.agentOrange', 'the chart’s hue, opaque');
  assert.equal(claude!.contextValue, 'agent', 'Open Log Folder on its context menu');
  assert.deepEqual(claude!.children!.map((c) => c.label), ['claude-sonnet-4-5-20250929']);
  for (const needle of [/\| Input \(fresh\) \| [\d,]+ \|/, /\| Cache read \| [\d,]+ \|/, /\*\*All four\*\*/, /Est\. \$[\d.,]+ — list-price estimate; subscriptions differ\./]) assert.match(claude!.tooltip!, needle);
});

test('Breakdown: an agent with a sliver of the window reads "<1%", never "0%"', () => {
  const ts = NOW - 3_600_000;
  const row = (agent: 'codex' | 'pi', n: number) => ({ slot: slotOf(ts), agent, model: 'm', counts: { input: n, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 } });
  const rows = breakdownRows(buildSnapshot([row('codex', 10_000_000), row('pi', 20_000)], { timezone: 'UTC', now: NOW }));
  assert.deepEqual(rows.map((r) => r.description), ['10.0M · >99%', '20.0K · <1%']);
});

test("Breakdown: a log's model name is text in the row and in the tooltip, never a link or markup", () => {
  const ts = NOW - 3_600_000;
  const s = buildSnapshot([{ slot: slotOf(ts), agent: 'codex', model: HOSTILE_REASON, counts: { input: 5, output: 1, cacheRead: 0, cacheWrite: 0, reasoning: 0 } }], { timezone: 'UTC', now: NOW });
  const model = breakdownRows(s)[0]!.children![0]!;
  assert.deepEqual(model.label.match(NOTIFICATION_LINK), null);
  assert.doesNotMatch(model.label, /\n/);
  assert.deepEqual(markdownLive(model.tooltip!), []);
});

test('Sources: found agents with their folders, skips and last activity; editors found without counts; the rest collapsed, with where it looked', () => {
  const s = expertSnapshot();
  const scan = { ...s.scan!, noCounts: [{ id: 'cursor', label: 'Cursor', kind: 'editor' as const, why: 'builds since February 2026 write 0 tokens', paths: ['/home/dev/.config/Cursor/User/globalStorage/state.vscdb'] }], sources: [...s.scan!.sources, { agent: 'gemini-cli' as const, folders: [{ path: '/home/dev/.gemini/tmp', found: false }], files: 0, rowsRead: 0, skipped: {}, problems: [], lastActivity: null }] };
  const rows = sourcesRows(scan, '/home/dev', NOW);
  assert.deepEqual(rows.map((r) => r.label), ['Claude Code', 'Codex', 'Found, no exact counts', 'Not found']);
  const claude = rows[0]!;
  assert.equal(claude.description, '100 files · 1 h ago');
  assert.deepEqual(claude.children!.map((c) => c.label), ['~/.claude/projects', 'Skipped 2 lines or files that are not valid JSON']);
  assert.equal(claude.children![0]!.contextValue, 'folder', 'Reveal Folder and Copy Path');
  assert.equal(claude.children![0]!.path, '/home/dev/.claude/projects');
  assert.equal(claude.icon?.id, 'warning', 'what was skipped shows on the agent');
  const cursor = rows[2]!.children![0]!;
  assert.equal(cursor.description, 'found; its local files hold no exact token counts');
  assert.match(cursor.accessibility!, /builds since February 2026 write 0 tokens/);
  const missing = rows[3]!;
  assert.equal(missing.expanded, false);
  assert.deepEqual(missing.children!.map((c) => [c.label, c.description, c.contextValue]), [['Gemini CLI', 'looked in 1 folder', 'missingAgent']]);
  assert.deepEqual(missing.children![0]!.children!.map((c) => c.label), ['~/.gemini/tmp']);
});

test('Sources on an empty machine: every agent under Not found, with the folders it looked in', () => {
  const rows = sourcesRows(emptySnapshot().scan, '/home/dev', NOW);
  assert.deepEqual(rows.map((r) => r.label), ['Not found']);
  assert.deepEqual(rows[0]!.children!.map((c) => c.label), ['Claude Code', 'Codex']);
  assert.deepEqual(sourcesRows(null, '/home/dev').map((r) => r.label), ['Not scanned yet']);
});
