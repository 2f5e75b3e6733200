import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guideFor, nextSteps, TIER_GUIDE } from '../../../src/core/enablement';
import type { CoachInput } from '../../../src/core/enablement';
import { DEFAULT_TIERS } from '../../../src/core/tiers';

/** A steady Expert week: every day, most hours, two agents side by side, weekends too. */
const steady: CoachInput = {
  tierIndex: 3,
  windowDays: 7,
  activeDays: 7,
  activeHours: 120,
  agentsUsed: ['claude-code', 'codex'],
  agentsFound: ['claude-code', 'codex'],
  activeSlots: 400,
  parallelSlots: 90,
  weekendTokens: 5e6,
  weekdayTokens: 40e6,
};
/** The steps the window's rules chose (each card also ends with what the next tier adds). */
const rules = (i: CoachInput, max?: number) => nextSteps(i, max).filter((x) => x.id !== 'next-tier');
const ids = (i: CoachInput) => rules(i).map((s) => s.id);

test('every tier has its own description, and an organisation can replace it', () => {
  const texts = DEFAULT_TIERS.map((t) => TIER_GUIDE[t.name]?.text);
  assert.ok(texts.every((t) => t && t.length > 40), 'each tier described');
  assert.equal(new Set(texts).size, DEFAULT_TIERS.length, 'no two alike');
  assert.match(TIER_GUIDE.Expert!.text, /headless|hooks/);
  assert.match(TIER_GUIDE.Architect!.text, /parallel/);
  const org = guideFor('Expert', { Expert: { text: 'Join the Thursday automation clinic.', links: [{ label: 'Clinic', url: 'https://intranet.example/clinic' }] } });
  assert.equal(org.text, 'Join the Thursday automation clinic.');
  assert.equal(org.links[0]!.url, 'https://intranet.example/clinic');
  assert.equal(guideFor('Expert', { Expert: { text: '  ' } }).text, TIER_GUIDE.Expert!.text, 'a blank override keeps the built-in text');
});

test('a steady, parallel, round-the-week user gets no busywork: only what the next tier adds', () => {
  assert.deepEqual(nextSteps(steady).map((x) => x.id), ['next-tier']);
});

test('each tier’s next step is its own, grounded in the user’s figures', () => {
  const titles = [1, 2, 3, 4, 5, 6].map((tierIndex) => nextSteps({ ...steady, tierIndex }).find((x) => x.id === 'next-tier')!);
  assert.equal(new Set(titles.map((x) => x.title)).size, 6);
  assert.match(titles[0]!.why, /Agents worked on 7 of 7 days; Intermediates use them every working day/);
  assert.match(titles[1]!.title, /custom slash command or a hook/);
  assert.match(titles[2]!.why, /ran at once in 90 of 400 quarter hours/);
  assert.match(titles[3]!.why, /120 of the week’s 168 hours/);
  assert.match(titles[5]!.title, /review/);
  assert.equal(nextSteps({ ...steady, tierIndex: 0 }).some((x) => x.id === 'next-tier'), false);
});

test('zero days: "3 of 7 days had no agent work"', () => {
  const s = rules({ ...steady, activeDays: 4 });
  assert.equal(s[0]!.id, 'zero-days');
  assert.equal(s[0]!.why, '3 of 7 days had no agent work.');
  assert.deepEqual(ids({ ...steady, activeDays: 6 }), [], 'one quiet day is not a pattern');
});

test('low smoothness names the user’s hours and their own agent’s headless mode, with its docs', () => {
  const s = rules({ ...steady, activeHours: 16 });
  assert.deepEqual(s.map((x) => x.id), ['smooth']);
  assert.equal(s[0]!.why, 'Your agents ran in 16 of the week’s 168 hours.');
  assert.match(s[0]!.title, /claude -p/);
  assert.equal(s[0]!.link!.url, 'https://code.claude.com/docs/en/headless');
  // A Codex-only user is pointed at codex exec, not at Claude Code.
  const codex = rules({ ...steady, activeHours: 16, agentsUsed: ['codex'], agentsFound: ['codex'] })[0]!;
  assert.match(codex.title, /codex exec/);
  assert.doesNotMatch(codex.title + codex.link!.label, /Claude/);
});

test('no parallel work: measured from the ledger’s quarter-hours', () => {
  const s = rules({ ...steady, parallelSlots: 0 });
  assert.deepEqual(s.map((x) => x.id), ['parallel']);
  assert.match(s[0]!.title, /subagents/);
  assert.match(s[0]!.why, /400 quarter hours/);
  // An agent with no parallel feature of its own gets git worktrees.
  assert.equal(rules({ ...steady, parallelSlots: 0, agentsUsed: ['cline'], agentsFound: ['cline'] })[0]!.link!.url, 'https://git-scm.com/docs/git-worktree');
  assert.deepEqual(ids({ ...steady, parallelSlots: 0, activeSlots: 3 }), [], 'too little work to say');
});

test('weekends always empty', () => {
  const s = rules({ ...steady, weekendTokens: 0 });
  assert.deepEqual(s.map((x) => x.id), ['weekends']);
  assert.equal(s[0]!.why, 'Saturdays and Sundays had no agent work in the last four weeks.');
});

test('one agent used while another sits unused', () => {
  const s = rules({ ...steady, agentsUsed: ['claude-code'], agentsFound: ['claude-code', 'gemini-cli'] });
  assert.deepEqual(s.map((x) => x.id), ['second-agent']);
  assert.match(s[0]!.why, /All of this window’s agent work was Claude Code; Gemini CLI is set up but unused/);
  assert.deepEqual(ids({ ...steady, agentsUsed: ['claude-code'], agentsFound: ['claude-code'] }), [], 'no second agent to suggest');
});

test('at most three steps, in a fixed order; none for its own sake', () => {
  const all = nextSteps({ ...steady, activeDays: 2, activeHours: 10, parallelSlots: 0, weekendTokens: 0, agentsUsed: ['codex'], agentsFound: ['codex', 'claude-code'] });
  assert.deepEqual(all.map((x) => x.id), ['zero-days', 'smooth', 'parallel']);
  for (const x of nextSteps({ ...steady, activeDays: 1, activeHours: 3, parallelSlots: 0, weekendTokens: 0 }, 10)) {
    assert.doesNotMatch(`${x.title} ${x.why}`, /more tokens|spend|burn|increase your (count|usage)/i);
  }
});

test('nothing in the window: one first task, naming the agents already set up', () => {
  const s = nextSteps({ ...steady, tierIndex: 0, activeDays: 0, activeHours: 0, agentsUsed: [], activeSlots: 0, parallelSlots: 0, weekendTokens: 0, weekdayTokens: 0 });
  assert.deepEqual(s.map((x) => x.id), ['first-task']);
  assert.match(s[0]!.why, /Claude Code and Codex are set up on this machine/);
});

test('the organisation’s text and links replace the built-in ones on the card; other tiers keep theirs', async () => {
  const { buildSnapshot } = await import('../../../src/core/snapshot');
  const { withOrgGuides } = await import('../../../src/core/enablement');
  const coach = buildSnapshot([], { timezone: 'UTC' }).coach;
  const org = withOrgGuides(coach, { Beginner: { text: 'Book a pairing hour with the platform team.', links: [{ label: 'Book', url: 'https://intranet.example/pair' }] } });
  assert.equal(org.here.text, TIER_GUIDE['Not started']!.text);
  assert.equal(org.next!.text, 'Book a pairing hour with the platform team.');
  assert.deepEqual(org.next!.links, [{ label: 'Book', url: 'https://intranet.example/pair' }]);
  assert.equal(withOrgGuides(coach, {}), coach);
});
