import { totalOf } from '../shared/tokens';
import type { AgentId, TokenCounts } from '../shared/tokens';
import type { UsageEvent } from '../sources/source';
import type { Ledger } from './ledger';
import { slotOf } from './ledger';
import type { DedupShard } from './dedupShard';

export { DedupShard } from './dedupShard';

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

/** A second 32-bit hash, mixed unlike FNV-1a, so a group's 64 bits are two independent halves. */
function murmurish(s: string): number {
  let h = 0x9e3779b9 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A group's key: 64 bits in two independent halves (the first also picks its shard). */
export function groupHashes(group: string): [number, number] {
  return [fnv1a(group, 0x811c9dc5), murmurish(group)];
}

/** What the index knows a response by, made where it was parsed (the parse thread, say). */
export interface DedupHashes {
  hi: number;
  lo: number;
  variant: number;
}

/** The empty variant (older or newer Claude builds write no requestId) is 0 and matches any. */
export function variantHash(v: string): number {
  return v === '' ? 0 : fnv1a(v, 0x050c5d1f) || 1;
}

/** A short, stable key for a file path (64 bits of two FNV-1a hashes): what dedup entries store as owner. */
export function ownerKey(filePath: string): string {
  return fnv1a(filePath, 0x811c9dc5).toString(36) + '.' + fnv1a(filePath, 0x050c5d1f).toString(36);
}

export type ApplyOutcome = 'counted' | 'replaced' | 'duplicate';

function sameVariant(a: number, b: number): boolean {
  return a === b || a === 0 || b === 0;
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

  /**
   * Counts `e` once; `owner` marks it as part of that file's complete set. `key`, when given, is
   * its dedup key already hashed (its strings may then be left out).
   */
  apply(e: UsageEvent, ledger: Ledger, owner?: string, key?: DedupHashes): ApplyOutcome {
    const slot = slotOf(e.ts);
    const d = e.dedup;
    if (!d) {
      ledger.add(slot, e.agent, e.model, e.counts);
      return 'counted';
    }
    const [hi, lo] = key ? [key.hi, key.lo] : groupHashes(d.group);
    return this.applyHashed(slot, e.agent, e.model, e.counts, hi, lo, key ? key.variant : variantHash(d.variant), d.sidechain, d.policy === 'first', ledger, owner);
  }

  /**
   * `apply` for a response known by its hashes, in plain values: what a packed event (eventPack.ts)
   * is applied with, without an event object made for it. `counts` is only read.
   */
  applyHashed(slot: number, agent: AgentId, model: string, counts: TokenCounts, hi: number, lo: number, variant: number, sidechain: boolean, firstWins: boolean, ledger: Ledger, owner?: string): ApplyOutcome {
    const id = hi % SHARD_COUNT;
    const t = this.shard(id);
    const head = t.head(hi, lo);
    let match = -1;
    let live = 0;
    for (let i = head; i >= 0; i = t.nextOf(i)) {
      if (!t.live(i)) continue;
      live++;
      if (match < 0 && sameVariant(t.variant(i), variant)) match = i;
    }

    if (match >= 0) {
      const owners = t.owners(match) ?? [];
      const pinned = t.pinned(match);
      // The only file that holds it says it again: what it says now is the truth, larger or not.
      const sole = owner !== undefined && !pinned && owners.length === 1 && owners[0] === owner;
      let changed = false;
      if (owner !== undefined && !owners.includes(owner)) {
        t.setOwners(match, [...owners, owner]);
        changed = true;
      } else if (owner === undefined && !pinned) {
        t.pin(match);
        changed = true;
      }
      let replace: boolean;
      if (sole) replace = !t.sameCopy(match, slot, model, counts);
      else if (firstWins) replace = false;
      else {
        const now = totalOf(counts);
        const before = t.total(match);
        replace = now > before || (now === before && t.sidechain(match) && !sidechain);
      }
      if (!replace) {
        if (changed) this.dirty.add(id);
        return 'duplicate';
      }
      ledger.add(t.slot(match), t.agent(match), t.model(match), t.countsOf(match), -1);
      t.set(match, variant, sidechain, slot, agent, model, counts);
      ledger.add(slot, agent, model, counts);
      this.dirty.add(id);
      return 'replaced';
    }
    // A sidechain copy of a response already known under another request id is a replay.
    if (sidechain && live > 0) return 'duplicate';
    let dropped = false;
    if (!sidechain) {
      for (let i = head; i >= 0; i = t.nextOf(i)) {
        if (!t.live(i) || !t.sidechain(i)) continue;
        ledger.add(t.slot(i), t.agent(i), t.model(i), t.countsOf(i), -1);
        t.kill(i);
        dropped = true;
      }
    }
    const i = t.append(hi, lo, variant, sidechain, slot, agent, model, counts, owner === undefined);
    if (owner !== undefined) t.setOwners(i, [owner]);
    ledger.add(slot, agent, model, counts);
    this.dirty.add(id);
    return dropped ? 'replaced' : 'counted';
  }

  /**
   * `owner` no longer holds `group` (it left the file). The response is taken back only when no
   * other file holds it; false if `owner` held nothing there.
   */
  retract(group: string, owner: string, ledger: Ledger): boolean {
    const hi = fnv1a(group, 0x811c9dc5);
    const lo = murmurish(group);
    const id = hi % SHARD_COUNT;
    const t = this.shard(id);
    let x = -1;
    for (let i = t.head(hi, lo); i >= 0 && x < 0; i = t.nextOf(i)) if (t.live(i) && t.owners(i)?.includes(owner)) x = i;
    if (x < 0) return false;
    const owners = t.owners(x)!.filter((o) => o !== owner);
    t.setOwners(x, owners);
    this.dirty.add(id);
    if (owners.length > 0 || t.pinned(x)) return true;
    ledger.add(t.slot(x), t.agent(x), t.model(x), t.countsOf(x), -1);
    t.kill(x);
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

  /** Forgets everything counted for `agents` (their parser changed: their logs are read again). */
  dropAgents(agents: ReadonlySet<AgentId>): void {
    for (let id = 0; id < SHARD_COUNT; id++) if (this.shard(id).dropAgents(agents) > 0) this.dirty.add(id);
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
