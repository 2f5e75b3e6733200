import type { AgentId } from '../shared/tokens';
import { AGENT_LABELS } from '../shared/tokens';
import type { Coach } from '../shared/snapshot';
import { listPhrase } from '../shared/format';

/**
 * The ladder as enablement: what people at each tier do with coding agents, and what to try next,
 * chosen from the user's own window. Pure. The texts follow the published ladder (single edits →
 * every working day → automation → designed workflows → unattended work → autonomous agents);
 * no rule ever suggests spending tokens for their own sake.
 */
export interface TierGuide {
  /** How people at this tier work with coding agents, in one or two sentences. */
  text: string;
  links: Array<{ label: string; url: string }>;
}

/** By tier name; an organisation replaces entries with its own (its training, office hours, examples). */
export const TIER_GUIDE: Readonly<Record<string, TierGuide>> = {
  'Not started': { text: 'No agent work yet, and that is fine: everyone starts here. A first step is one small, real task handed to an agent.', links: [] },
  Beginner: { text: 'Asks an agent for single edits and answers: explain this file, write this function, fix this error — then reviews what comes back.', links: [] },
  Intermediate: { text: 'Uses agents on every working day for real work — refactors, tests, code reviews — and steers them with project notes (CLAUDE.md, AGENTS.md).', links: [] },
  Expert: { text: 'Automates the repeatable: custom commands, hooks and scripts, agents run headless in CI, so routine work happens without a chat window.', links: [] },
  Architect: { text: 'Designs end-to-end agent workflows: several agents or subagents in parallel, each with a clear job and a check at the end.', links: [] },
  Catalyst: { text: 'Agents run unattended much of the day and night: queued and scheduled work that people review in the morning.', links: [] },
  'AI God': { text: 'Continuous autonomous agents that keep working when people are offline; the people set direction and review outcomes.', links: [] },
};

/** The guide for `tier`, an organisation's text first. */
export function guideFor(tier: string, org?: Readonly<Record<string, Partial<TierGuide>>>): TierGuide {
  const base = TIER_GUIDE[tier] ?? { text: '', links: [] };
  const own = org?.[tier];
  return { text: own?.text?.trim() || base.text, links: own?.links?.length ? own.links : base.links };
}

/** The snapshot's coach with the organisation's text and links in place of the built-in ones. */
export function withOrgGuides(coach: Coach, org: Readonly<Record<string, Partial<TierGuide>>> | undefined): Coach {
  if (!org || Object.keys(org).length === 0) return coach;
  return {
    ...coach,
    here: { tier: coach.here.tier, ...guideFor(coach.here.tier, org) },
    next: coach.next ? { tier: coach.next.tier, ...guideFor(coach.next.tier, org) } : null,
  };
}

export interface CoachInput {
  tierIndex: number;
  windowDays: number;
  activeDays: number;
  /** Hours of the week (of 168) with agent work in the window. */
  activeHours: number;
  /** Agents with tokens in the window, biggest first. */
  agentsUsed: AgentId[];
  /** Agents with logs on this machine (used in the window or not). */
  agentsFound: AgentId[];
  /** 15-minute slots in the window with any agent work, and with two or more agents at once. */
  activeSlots: number;
  parallelSlots: number;
  /** Counted tokens over the last 28 days on Saturdays and Sundays, and on the other days. */
  weekendTokens: number;
  weekdayTokens: number;
}

export type StepId = 'first-task' | 'zero-days' | 'smooth' | 'parallel' | 'weekends' | 'second-agent' | 'next-tier';

export interface NextStep {
  id: StepId;
  /** What to try. */
  title: string;
  /** Why this was chosen: the user's own figures. */
  why: string;
  link?: { label: string; url: string };
}

/** Official docs for the features the steps name, per agent (only agents the user has are named). */
const HEADLESS: Partial<Record<AgentId, { how: string; url: string }>> = {
  'claude-code': { how: 'a headless `claude -p` run', url: 'https://code.claude.com/docs/en/headless' },
  codex: { how: '`codex exec`', url: 'https://github.com/openai/codex/blob/main/docs/exec.md' },
  'gemini-cli': { how: 'a headless `gemini -p` run', url: 'https://github.com/google-gemini/gemini-cli/blob/main/docs/cli/headless.md' },
  opencode: { how: '`opencode run`', url: 'https://opencode.ai/docs/cli/' },
  'copilot-chat': { how: 'the Copilot coding agent on an issue', url: 'https://docs.github.com/en/copilot/concepts/agents/coding-agent/about-coding-agent' },
};
const PARALLEL: Partial<Record<AgentId, { how: string; url: string }>> = {
  'claude-code': { how: 'Claude Code subagents (research and review beside the main task)', url: 'https://code.claude.com/docs/en/sub-agents' },
  codex: { how: 'Codex cloud tasks (several at once, each in its own sandbox)', url: 'https://developers.openai.com/codex/cloud' },
};
const WORKTREES = { how: 'two sessions in separate git worktrees', url: 'https://git-scm.com/docs/git-worktree' };
const AUTOMATE: Partial<Record<AgentId, { how: string; url: string }>> = {
  'claude-code': { how: 'a custom slash command or a hook', url: 'https://code.claude.com/docs/en/hooks' },
  codex: { how: 'a prompt file run with `codex exec`', url: 'https://github.com/openai/codex/blob/main/docs/exec.md' },
  'gemini-cli': { how: 'a custom command', url: 'https://github.com/google-gemini/gemini-cli/blob/main/docs/cli/custom-commands.md' },
};

/**
 * Two or three things to try, by fixed rules in a fixed order over the window, each saying why.
 * Every step is about where and how agents work (more days, more hours unattended, in parallel,
 * another agent for another kind of work) — never about the count itself.
 */
export function nextSteps(i: CoachInput, max = 3): NextStep[] {
  const steps: NextStep[] = [];
  const mine = [...i.agentsUsed, ...i.agentsFound.filter((a) => !i.agentsUsed.includes(a))];
  const pick = <T>(table: Partial<Record<AgentId, T>>): [AgentId, T] | undefined => {
    for (const a of mine) if (table[a]) return [a, table[a]!];
    return undefined;
  };
  if (i.agentsUsed.length === 0) {
    const h = pick(HEADLESS);
    steps.push({
      id: 'first-task',
      title: 'Hand an agent one small, real task: explain a file you are about to change, or write the test for a bug you are fixing.',
      why: i.agentsFound.length ? `No agent work in the last ${i.windowDays} days, though ${names(i.agentsFound)} ${i.agentsFound.length === 1 ? 'is' : 'are'} set up on this machine.` : `No agent work in the last ${i.windowDays} days.`,
      link: h ? { label: `${AGENT_LABELS[h[0]]} docs`, url: h[1].url } : undefined,
    });
    return steps;
  }
  const idle = i.windowDays - i.activeDays;
  if (idle >= 2) {
    steps.push({
      id: 'zero-days',
      title: 'Start each working day by handing an agent one task from your list — a test to write, a bug to reproduce, a change to review.',
      why: `${idle} of ${i.windowDays} days had no agent work.`,
    });
  }
  if (i.activeHours < 40) {
    const h = pick(HEADLESS);
    steps.push({
      id: 'smooth',
      title: `Before you leave, start a long, well-specified task${h ? ` with ${h[1].how}` : ''} — a migration, a test suite to extend — and review it in the morning.`,
      why: `Your agents ran in ${i.activeHours} of the week’s 168 hours.`,
      link: h ? { label: `${AGENT_LABELS[h[0]]}: running without a chat window`, url: h[1].url } : undefined,
    });
  }
  if (i.activeSlots >= 8 && i.parallelSlots === 0) {
    const p = pick(PARALLEL) ?? [undefined, WORKTREES];
    steps.push({
      id: 'parallel',
      title: `Run two pieces of work at once: ${p[1].how}.`,
      why: `In ${i.activeSlots} quarter hours of agent work this window, never two agents at the same time.`,
      link: { label: p[0] ? `${AGENT_LABELS[p[0]]} docs` : 'git worktree', url: p[1].url },
    });
  }
  if (i.weekendTokens === 0 && i.weekdayTokens > 0) {
    const h = pick(HEADLESS);
    steps.push({
      id: 'weekends',
      title: `Let agents work while you are off: queue a scheduled job${h ? ` (${h[1].how} in CI)` : ''} on Friday — dependency updates, flaky-test hunts — for Monday’s review.`,
      why: 'Saturdays and Sundays had no agent work in the last four weeks.',
      link: h ? { label: `${AGENT_LABELS[h[0]]} docs`, url: h[1].url } : undefined,
    });
  }
  const unused = i.agentsFound.filter((a) => !i.agentsUsed.includes(a));
  if (i.agentsUsed.length === 1 && unused.length > 0) {
    steps.push({
      id: 'second-agent',
      title: `Give ${AGENT_LABELS[unused[0]!]} a different kind of work than ${AGENT_LABELS[i.agentsUsed[0]!]} — a review of its changes, or the task it struggled with.`,
      why: `All of this window’s agent work was ${AGENT_LABELS[i.agentsUsed[0]!]}; ${AGENT_LABELS[unused[0]!]} is set up but unused.`,
    });
  }
  // Whatever else fired, one step says what the next rung adds, from the user's own figures.
  const t = tierStep(i, pick);
  if (t && steps.length < max) steps.push(t);
  return steps.slice(0, max);
}

/** What the next tier does differently, grounded in where the user is now (and, at the top, what keeps it worth it). */
function tierStep(i: CoachInput, pick: <T>(table: Partial<Record<AgentId, T>>) => [AgentId, T] | undefined): NextStep | undefined {
  const docs = (p: [AgentId, { url: string }] | undefined) => (p ? { label: `${AGENT_LABELS[p[0]]} docs`, url: p[1].url } : undefined);
  switch (i.tierIndex) {
    case 1:
      return { id: 'next-tier', title: 'Use an agent on every working day for one real piece of work: a refactor, a test suite, a review of your own change.', why: `Agents worked on ${i.activeDays} of ${i.windowDays} days; Intermediates use them every working day.` };
    case 2: {
      const a = pick(AUTOMATE);
      return { id: 'next-tier', title: `Turn something you ask for every week into ${a ? a[1].how : 'a script your agent runs'}, so it runs the same way without a chat.`, why: `Agents worked on ${i.activeDays} of ${i.windowDays} days — steady use; what Experts add is automation.`, link: docs(a) };
    }
    case 3: {
      const p = pick(PARALLEL);
      return { id: 'next-tier', title: `Split your next feature between agents: one writes, another tests or reviews — ${p ? p[1].how : WORKTREES.how}.`, why: `Two or more agents ran at once in ${i.parallelSlots} of ${i.activeSlots} quarter hours; Architects design that on purpose.`, link: docs(p) ?? { label: 'git worktree', url: WORKTREES.url } };
    }
    case 4: {
      const h = pick(HEADLESS);
      return { id: 'next-tier', title: `Queue work for when you are away — a nightly scheduled run${h ? ` with ${h[1].how}` : ''} on a backlog of well-specified issues.`, why: `Agents ran in ${i.activeHours} of the week’s 168 hours; Catalysts keep them working overnight.`, link: docs(h) };
    }
    case 5:
      return { id: 'next-tier', title: 'Make long runs check themselves: give each task its tests and a definition of done, so agents can work for hours without you.', why: `Agents ran in ${i.activeHours} of 168 hours; unattended runs last only as long as they can tell they are done.` };
    case 6:
      return { id: 'next-tier', title: 'Keep the volume worth it: have a second agent review each change before you do, and drop runs nobody reads.', why: `Agents ran in ${i.activeHours} of 168 hours; at this scale review, not tokens, is the limit.` };
    default:
      return undefined;
  }
}

function names(agents: AgentId[]): string {
  return listPhrase(agents.map((a) => AGENT_LABELS[a]));
}
