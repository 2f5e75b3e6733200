import type { CommandDeps } from './deps';

/** Rescans now and, when team reporting is on, sends what is queued; returns the tier name. */
export async function refresh({ ledger, reporting }: CommandDeps): Promise<string | undefined> {
  await ledger.refresh();
  await reporting.sync(true);
  const s = ledger.state;
  return s.kind === 'loading' || !s.snapshot ? undefined : s.snapshot.tiers[s.snapshot.standing.tierIndex]!.name;
}
