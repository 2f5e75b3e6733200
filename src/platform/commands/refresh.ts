import type { CommandDeps } from './deps';

/** Rescans now; returns the tier name (handy for tests and keybindings). */
export async function refresh({ ledger }: CommandDeps): Promise<string | undefined> {
  await ledger.refresh();
  const s = ledger.state;
  return s.kind === 'loading' || !s.snapshot ? undefined : s.snapshot.tiers[s.snapshot.standing.tierIndex]!.name;
}
