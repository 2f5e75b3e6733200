import type { AgentId } from '../../../src/shared/tokens';
import { rng } from '../../../src/shared/rng';


/** How a demo developer's last 90 days go. */
export type Arc =
  | 'never' // never turned reporting on
  | 'silent' // reported, then stopped more than 14 days ago
  | 'zero' // still reports, no agent tokens lately
  | 'rising' // most people: growing week on week
  | 'flat' // steady, a little noisy
  | 'catalyst' // agents around the clock, smooth
  | 'god'; // the same, bigger

export interface DemoPerson {
  name: string;
  email: string;
  team: string;
  zone: string;
  arc: Arc;
  /** Tokens per working day at the start and at the end of the range (means; days vary around them). */
  from: number;
  to: number;
  /** Days ago of the first report (people joined over the quarter). */
  firstDay: number;
  /** Agents with their share of the person's tokens and the models they use. */
  agents: Array<{ agent: AgentId; share: number; models: string[] }>;
  /** A CI runner or server that sends its agent's OpenTelemetry directly (no editor). */
  otlpHost: string | null;
  /** Whether that OTLP host is also the laptop that runs the extension (then the extension's rows count). */
  otlpIsLaptop: boolean;
}

export const DEMO_TEAMS = ['Platform', 'Payments', 'Mobile', 'Web', 'Data', 'ML Research', 'Infrastructure', 'Security', 'Growth', 'Developer Tools'];

const FIRST = ['Ana', 'Bo', 'Chen', 'Dara', 'Emeka', 'Farah', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kai', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tom'];
const LAST = ['Alves', 'Brandt', 'Costa', 'Diallo', 'Eriksen', 'Fischer', 'Gupta', 'Haddad', 'Ito', 'Jansen'];
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC', 'America/Los_Angeles', 'Europe/London'];

const MODELS: Record<string, string[]> = {
  'claude-code': ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5'],
  codex: ['gpt-5.1-codex', 'gpt-5-codex'],
  'gemini-cli': ['gemini-2.5-pro', 'gemini-2.5-flash'],
  'copilot-chat': ['gpt-4.1', 'claude-sonnet-4'],
  cline: ['claude-sonnet-4-5'],
  opencode: ['kimi-k2', 'claude-sonnet-4-5'],
  continue: ['qwen2.5-coder-32b'],
};

/** The mix of agents by how far along someone is: beginners in the editor's chat, the top tier in terminal agents. */
function agentsFor(arc: Arc, perDay: number, r: () => number): DemoPerson['agents'] {
  const pick = (agent: AgentId, share: number) => ({ agent, share, models: MODELS[agent]!.slice(0, 1 + Math.floor(r() * MODELS[agent]!.length)) });
  if (arc === 'god' || arc === 'catalyst') return [pick('claude-code', 0.55), pick('codex', 0.35), pick(r() < 0.5 ? 'gemini-cli' : 'opencode', 0.1)];
  const early = [pick('copilot-chat', 0.6), pick(r() < 0.5 ? 'continue' : 'cline', 0.4)];
  const mid = [pick('claude-code', 0.5), pick('copilot-chat', 0.3), pick(r() < 0.5 ? 'gemini-cli' : 'cline', 0.2)];
  const late = [pick('claude-code', 0.6), pick(r() < 0.6 ? 'codex' : 'gemini-cli', 0.4)];
  // Mostly by volume, with exceptions: some light users already live in a terminal agent.
  const x = Math.log10(Math.max(perDay, 1e5)) - 6 + (r() - 0.5) * 0.8;
  return x < 0 ? early : x < 0.9 ? mid : late;
}

/**
 * 200 people in 10 teams with a believable spread: some never report, a few went silent, some
 * report zeros, most grow over the quarter, a few run agents around the clock (Catalyst, AI God),
 * and some CI runners send OpenTelemetry without an editor.
 */
export function demoPeople(seed = 12): DemoPerson[] {
  const r = rng(seed);
  const people: DemoPerson[] = [];
  // Every first name with every last name, shuffled: who is at zero is not decided by the alphabet.
  const names = FIRST.flatMap((f) => LAST.map((l) => `${f} ${l}`));
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  for (let i = 0; i < 200; i++) {
    const name = names[i]!;
    const team = DEMO_TEAMS[Math.floor(r() * DEMO_TEAMS.length)]!;
    // Fixed counts per kind of person, placed at random: a roster a manager recognises.
    const arc: Arc = i % 33 === 5 ? 'god' : i % 33 === 20 ? 'catalyst' : i % 25 === 3 || i % 25 === 17 ? 'never' : i % 40 === 9 ? 'silent' : i % 20 === 11 ? 'zero' : r() < 0.8 ? 'rising' : 'flat';
    const to = arc === 'god' ? 125e6 + r() * 60e6 : arc === 'catalyst' ? 60e6 + r() * 25e6 : arc === 'flat' ? 0.3e6 + r() * 6e6 : Math.exp(Math.log(0.5e6) + r() * Math.log(90));
    const from = arc === 'rising' ? to / (2 + r() * 6) : arc === 'god' || arc === 'catalyst' ? to / (1.6 + r() * 0.8) : to * (0.8 + r() * 0.4);
    const firstDay = arc === 'god' || arc === 'catalyst' || arc === 'silent' ? 89 : r() < 0.7 ? 89 : 30 + Math.floor(r() * 55);
    const otlp = arc === 'god' || arc === 'catalyst' || (arc === 'rising' && r() < 0.08);
    people.push({
      name,
      email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.com`,
      team,
      zone: ZONES[Math.floor(r() * ZONES.length)]!,
      arc,
      from,
      to,
      firstDay,
      agents: agentsFor(arc, to, r),
      otlpHost: otlp ? `ci-runner-${i}` : null,
      otlpIsLaptop: otlp && r() < 0.25,
    });
  }
  return people;
}
