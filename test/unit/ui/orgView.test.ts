import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orgView } from '../../../src/ui/orgView';
import { meFixture } from '../../fixtures/me';

const me = meFixture({ adminView: { name: 'Ana', team: 'Platform', tier: 'Not started', meanPerDay: 0, roster: 'at zero', leaderboard: false } });

test('the panel says in words what admins see about the developer', () => {
  const v = orgView(me, [], undefined);
  assert.equal(v.confirmed!.adminView, 'What your admins see about you: Ana (team Platform): Not started, 0 tokens/day; listed as “at zero” on the team\'s to-do list; no leaderboard. Never your prompts, files, projects or per-hour detail.');
  assert.equal(orgView({ ...me, adminView: undefined }, [], undefined).confirmed!.adminView, null);
});

test("the admins' view names the developer's devices and how each reports", () => {
  const devices = [
    { channel: 'extension' as const, agents: ['claude-code', 'codex'], extensionWins: false },
    { channel: 'otlp' as const, agents: ['claude-code'], extensionWins: true },
    { channel: 'otlp' as const, agents: ['gemini-cli'], extensionWins: false },
  ];
  const v = orgView({ ...me, adminView: { ...me.adminView!, devices } }, [], undefined);
  assert.match(v.confirmed!.adminView!, /; your devices: the extension \(Claude Code, Codex\), OpenTelemetry \(Claude Code; the extension's numbers count there\), OpenTelemetry \(Gemini CLI\); no leaderboard\./);
});
