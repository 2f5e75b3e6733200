import type { AgentId, TokenCounts } from '../shared/tokens';
import { totalOf } from '../shared/tokens';
import type { UsageEvent } from '../sources/source';
import type { Ledger } from './ledger';
import { slotOf } from './ledger';

/** What was counted for one response, so a better copy can replace it exactly. */
export interface DedupEntry {
  variant: string;
  sidechain: boolean;
  slot: number;
  agent: AgentId;
  model: string;
  counts: TokenCounts;
  /**
   * Files (their `ownerKey`s) read as complete sets that hold this response: each can take its
   * claim back, and the response goes only when no file holds it any more.
   */
  owners?: string[];
  /** Also seen in a file that never takes anything back (a log): the response stays for good. */
  pinned: boolean;
}

export type DedupShard = Map<string, DedupEntry[]>;

export const SHARD_COUNT = 256;

/** FNV-1a: stable across runs, so an entry's shard never moves. */
export function shardOf(group: string): number {
  return fnv1a(group, 0x811c9dc5) % SHARD_COUNT;
}

function fnv1a(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A short, stable key for a file path (64 bits of two FNV-1a hashes): what dedup entries store as owner. */
export function ownerKey(filePath: string): string {
  return fnv1a(filePath, 0x811c9dc5).toString(36) + '.' + fnv1a(filePath, 0x050c5d1f).toString(36);
}

export type ApplyOutcome = 'counted' | 'replaced' | 'duplicate';

/** An empty requestId (older or newer Claude builds) matches any. */
function sameVariant(a: string, b: string): boolean {
  return a === b || a === '' || b === '';
}

function sameCopy(a: DedupEntry, b: DedupEntry): boolean {
  const x = a.counts;
  const y = b.counts;
  return a.slot === b.slot && a.model === b.model && x.input === y.input && x.output === y.output && x.cacheRead === y.cacheRead && x.cacheWrite === y.cacheWrite && x.reasoning === y.reasoning;
}

/**
 * The global dedup index: every counted response by key, so the same response seen again —
 * in another chunk, file, subagent copy, fork or migrated session — never adds twice, and a more
 * complete copy replaces a partial one in the ledger. A file read as a complete set owns the copies
 * it counted and can take them back. Shards load lazily: a scan that parses nothing reads none.
 */
export class DedupIndex {
  private readonly shards = new Map<number, DedupShard>();
  private readonly dirty = new Set<number>();

  constructor(private readonly loadShard: (id: number) => DedupShard) {}

  /** Counts `e` once; `owner` marks it as part of that file's complete set. */
  apply(e: UsageEvent, ledger: Ledger, owner?: string): ApplyOutcome {
    const slot = slotOf(e.ts);
    const d = e.dedup;
    if (!d) {
      ledger.add(slot, e.agent, e.model, e.counts);
      return 'counted';
    }
    const id = shardOf(d.group);
    const shard = this.shard(id);
    const entries = shard.get(d.group) ?? [];
    const match = entries.find((x) => sameVariant(x.variant, d.variant));
    const fresh: DedupEntry = { variant: d.variant, sidechain: d.sidechain, slot, agent: e.agent, model: e.model, counts: e.counts, pinned: owner === undefined };
    if (owner !== undefined) fresh.owners = [owner];

    if (match) {
      const owners = match.owners ?? [];
      // The only file that holds it says it again: what it says now is the truth, larger or not.
      const sole = owner !== undefined && !match.pinned && owners.length === 1 && owners[0] === owner;
      let changed = false;
      if (owner !== undefined && !owners.includes(owner)) {
        match.owners = [...owners, owner];
        changed = true;
      } else if (owner === undefined && !match.pinned) {
        match.pinned = true;
        changed = true;
      }
      let replace: boolean;
      if (sole) replace = !sameCopy(match, fresh);
      else if (d.policy === 'first') replace = false;
      else {
        const now = totalOf(e.counts);
        const before = totalOf(match.counts);
        replace = now > before || (now === before && match.sidechain && !d.sidechain);
      }
      if (!replace) {
        if (changed) this.dirty.add(id);
        return 'duplicate';
      }
      ledger.add(match.slot, match.agent, match.model, match.counts, -1);
      Object.assign(match, { variant: fresh.variant, sidechain: fresh.sidechain, slot, agent: e.agent, model: e.model, counts: e.counts });
      ledger.add(slot, e.agent, e.model, e.counts);
      this.dirty.add(id);
      return 'replaced';
    }
    // A sidechain copy of a response already known under another request id is a replay.
    if (d.sidechain && entries.length > 0) return 'duplicate';
    let kept = entries;
    if (!d.sidechain) {
      kept = entries.filter((x) => !x.sidechain);
      for (const x of entries) if (x.sidechain) ledger.add(x.slot, x.agent, x.model, x.counts, -1);
    }
    kept.push(fresh);
    shard.set(d.group, kept);
    ledger.add(slot, e.agent, e.model, e.counts);
    this.dirty.add(id);
    return kept.length === entries.length + 1 ? 'counted' : 'replaced';
  }

  /**
   * `owner` no longer holds `group` (it left the file). The response is taken back only when no
   * other file holds it; false if `owner` held nothing there.
   */
  retract(group: string, owner: string, ledger: Ledger): boolean {
    const id = shardOf(group);
    const shard = this.shard(id);
    const entries = shard.get(group);
    const x = entries?.find((e) => e.owners?.includes(owner));
    if (!entries || !x) return false;
    x.owners = x.owners!.filter((o) => o !== owner);
    this.dirty.add(id);
    if (x.owners.length > 0 || x.pinned) return true;
    entries.splice(entries.indexOf(x), 1);
    ledger.add(x.slot, x.agent, x.model, x.counts, -1);
    if (entries.length === 0) shard.delete(group);
    return true;
  }

  private shard(id: number): DedupShard {
    let s = this.shards.get(id);
    if (!s) {
      s = this.loadShard(id);
      this.shards.set(id, s);
    }
    return s;
  }

  /** Forgets loaded shards (after they were saved), so a long-lived scanner holds only the ledger. */
  evict(): void {
    if (this.dirty.size > 0) throw new Error('evicting unsaved dedup shards');
    this.shards.clear();
  }

  /** Changed shards since the last call, with their contents, for storage. */
  takeDirty(): Array<[number, DedupShard]> {
    const out: Array<[number, DedupShard]> = [];
    for (const id of this.dirty) out.push([id, this.shards.get(id)!]);
    this.dirty.clear();
    return out;
  }
}
