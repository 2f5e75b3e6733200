import type { AgentId, TokenCounts } from '../shared/tokens';
import { AGENT_IDS } from '../shared/tokens';

const SIDECHAIN = 1;
const PINNED = 2;
const DEAD = 4;
/** input, output, cacheRead, cacheWrite, reasoning, costMicros, unpriced. */
const COUNTS = 7;
/** Saved bytes of an entry: counts, group hash (2), variant, slot, model, agent, flags. */
const ENTRY_BYTES = COUNTS * 8 + 4 * 4 + 2 + 1 + 1;
const AGENT_INDEX = new Map<AgentId, number>(AGENT_IDS.map((a, i) => [a, i]));

/**
 * One shard of the dedup index in typed arrays: a response is ~70 bytes and no object, where a
 * Map of entry objects with their key strings cost ~400 (a 5 GiB history holds half a million).
 * Groups are known by a 64-bit hash of their key (among a million responses, the odds that two
 * share one are ~3e-8) and variants by a 32-bit hash (0 is the empty variant, which matches any;
 * only the few variants of one group are compared); a group's entries are chained in the order
 * they came.
 * Entries taken back are marked dead and left out when the shard is saved.
 */
export class DedupShard {
  private n = 0;
  private hi = new Uint32Array(16);
  private lo = new Uint32Array(16);
  private variantOf = new Uint32Array(16);
  private slotOf = new Int32Array(16);
  private agentOf = new Uint8Array(16);
  private modelOf = new Uint16Array(16);
  private flags = new Uint8Array(16);
  private next = new Int32Array(16);
  private counts = new Float64Array(16 * COUNTS);
  private readonly models: string[] = [];
  private readonly modelIds = new Map<string, number>();
  private lastModel: string | undefined;
  private lastModelId = 0;
  /** Files (owner keys) holding an entry, for the few read as complete sets. */
  private readonly ownersOf = new Map<number, string[]>();
  /** Open addressing: group hash → its first entry. */
  private table = new Int32Array(32).fill(-1);
  private groups = 0;

  /** The first entry of a group (dead ones included), or -1. */
  head(hi: number, lo: number): number {
    const mask = this.table.length - 1;
    for (let k = lo & mask; ; k = (k + 1) & mask) {
      const i = this.table[k]!;
      if (i < 0 || (this.hi[i] === hi && this.lo[i] === lo)) return i;
    }
  }

  nextOf(i: number): number {
    return this.next[i]!;
  }
  live(i: number): boolean {
    return (this.flags[i]! & DEAD) === 0;
  }
  variant(i: number): number {
    return this.variantOf[i]!;
  }
  sidechain(i: number): boolean {
    return (this.flags[i]! & SIDECHAIN) !== 0;
  }
  pinned(i: number): boolean {
    return (this.flags[i]! & PINNED) !== 0;
  }
  pin(i: number): void {
    this.flags[i]! |= PINNED;
  }
  slot(i: number): number {
    return this.slotOf[i]!;
  }
  agent(i: number): AgentId {
    return AGENT_IDS[this.agentOf[i]!]!;
  }
  model(i: number): string {
    return this.models[this.modelOf[i]!]!;
  }
  total(i: number): number {
    const c = this.counts;
    const o = i * COUNTS;
    return c[o]! + c[o + 1]! + c[o + 2]! + c[o + 3]!;
  }
  countsOf(i: number): TokenCounts {
    const c = this.counts;
    const o = i * COUNTS;
    return { input: c[o]!, output: c[o + 1]!, cacheRead: c[o + 2]!, cacheWrite: c[o + 3]!, reasoning: c[o + 4]!, costMicros: c[o + 5]!, unpriced: c[o + 6]! };
  }
  owners(i: number): string[] | undefined {
    return this.ownersOf.get(i);
  }
  setOwners(i: number, owners: string[]): void {
    this.ownersOf.set(i, owners);
  }

  /** The same response counted the same way: slot, model and every count. */
  sameCopy(i: number, slot: number, model: string, k: TokenCounts): boolean {
    const c = this.counts;
    const o = i * COUNTS;
    return this.slotOf[i] === slot && this.model(i) === model && c[o] === k.input && c[o + 1] === k.output && c[o + 2] === k.cacheRead && c[o + 3] === k.cacheWrite && c[o + 4] === k.reasoning && c[o + 5] === (k.costMicros ?? 0) && c[o + 6] === (k.unpriced ?? 0);
  }

  /** Overwrites what entry `i` counted (its owners and pin stay). */
  set(i: number, variant: number, sidechain: boolean, slot: number, agent: AgentId, model: string, k: TokenCounts): void {
    this.variantOf[i] = variant;
    this.flags[i] = (this.flags[i]! & ~SIDECHAIN) | (sidechain ? SIDECHAIN : 0);
    this.slotOf[i] = slot;
    this.agentOf[i] = AGENT_INDEX.get(agent)!;
    this.modelOf[i] = this.modelId(model);
    const c = this.counts;
    const o = i * COUNTS;
    c[o] = k.input;
    c[o + 1] = k.output;
    c[o + 2] = k.cacheRead;
    c[o + 3] = k.cacheWrite;
    c[o + 4] = k.reasoning;
    c[o + 5] = k.costMicros ?? 0;
    c[o + 6] = k.unpriced ?? 0;
  }

  kill(i: number): void {
    this.flags[i]! |= DEAD;
    this.ownersOf.delete(i);
  }

  /** Kills every live entry of these agents; returns how many. */
  dropAgents(agents: ReadonlySet<AgentId>): number {
    let n = 0;
    for (let i = 0; i < this.n; i++) {
      if (this.live(i) && agents.has(this.agent(i))) {
        this.kill(i);
        n++;
      }
    }
    return n;
  }

  /** Adds an entry at the end of its group's chain; returns it. */
  append(hi: number, lo: number, variant: number, sidechain: boolean, slot: number, agent: AgentId, model: string, k: TokenCounts, pinned: boolean): number {
    if (this.n === this.hi.length) this.grow();
    const i = this.n++;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.next[i] = -1;
    this.flags[i] = pinned ? PINNED : 0;
    this.set(i, variant, sidechain, slot, agent, model, k);
    const first = this.head(hi, lo);
    if (first < 0) this.link(i);
    else {
      let last = first;
      while (this.next[last]! >= 0) last = this.next[last]!;
      this.next[last] = i;
    }
    return i;
  }

  /** The live entries as bytes: a header (JSON) then each column, aligned for a plain copy back. */
  serialize(): Buffer {
    const keep: number[] = [];
    for (let i = 0; i < this.n; i++) if (this.live(i)) keep.push(i);
    const n = keep.length;
    const models: string[] = [];
    const newModel = new Int32Array(this.models.length).fill(-1);
    const owners: Array<[number, string]> = [];
    for (let j = 0; j < n; j++) {
      const i = keep[j]!;
      const m = this.modelOf[i]!;
      if (newModel[m]! < 0) newModel[m] = models.push(this.models[m]!) - 1;
      const o = this.ownersOf.get(i);
      if (o?.length) owners.push([j, o.join(',')]);
    }
    const header = Buffer.from(JSON.stringify({ n, models, owners }));
    const pad = (8 - ((4 + header.length) % 8)) % 8;
    // Buffer.alloc is never pooled: its own buffer, so the columns below are 8-byte aligned views.
    const out = Buffer.alloc(4 + header.length + pad + n * ENTRY_BYTES);
    out.writeUInt32LE(header.length, 0);
    header.copy(out, 4);
    const b = out.buffer;
    let at = out.byteOffset + 4 + header.length + pad;
    const counts = new Float64Array(b, at, n * COUNTS);
    const hi = new Uint32Array(b, (at += n * COUNTS * 8), n);
    const lo = new Uint32Array(b, (at += n * 4), n);
    const variant = new Uint32Array(b, (at += n * 4), n);
    const slot = new Int32Array(b, (at += n * 4), n);
    const model = new Uint16Array(b, (at += n * 4), n);
    const agent = new Uint8Array(b, (at += n * 2), n);
    const flags = new Uint8Array(b, (at += n), n);
    for (let j = 0; j < n; j++) {
      const i = keep[j]!;
      for (let c = 0; c < COUNTS; c++) counts[j * COUNTS + c] = this.counts[i * COUNTS + c]!;
      hi[j] = this.hi[i]!;
      lo[j] = this.lo[i]!;
      variant[j] = this.variantOf[i]!;
      slot[j] = this.slotOf[i]!;
      model[j] = newModel[this.modelOf[i]!]!;
      agent[j] = this.agentOf[i]!;
      flags[j] = this.flags[i]! & (SIDECHAIN | PINNED);
    }
    return out;
  }

  /** Reads what `serialize` wrote; throws on anything else. */
  static deserialize(buf: Buffer): DedupShard {
    const headerLength = buf.readUInt32LE(0);
    const header = JSON.parse(buf.toString('utf8', 4, 4 + headerLength)) as { n: number; models: string[]; owners: Array<[number, string]> };
    const n = header.n;
    let at = 4 + headerLength + ((8 - ((4 + headerLength) % 8)) % 8);
    if (!Number.isInteger(n) || n < 0 || at + n * ENTRY_BYTES !== buf.length) throw new Error('dedup shard of the wrong length');
    const take = <T extends Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array>(make: (b: ArrayBuffer) => T, bytes: number): T => {
      const copy = new ArrayBuffer(bytes);
      buf.copy(new Uint8Array(copy), 0, at, at + bytes);
      at += bytes;
      return make(copy);
    };
    const counts = take((b) => new Float64Array(b), n * COUNTS * 8);
    const hi = take((b) => new Uint32Array(b), n * 4);
    const lo = take((b) => new Uint32Array(b), n * 4);
    const variant = take((b) => new Uint32Array(b), n * 4);
    const slot = take((b) => new Int32Array(b), n * 4);
    const model = take((b) => new Uint16Array(b), n * 2);
    const agent = take((b) => new Uint8Array(b), n);
    const flags = take((b) => new Uint8Array(b), n);
    const shard = new DedupShard();
    const owners = new Map(header.owners);
    for (let j = 0; j < n; j++) {
      const k = counts.subarray(j * COUNTS, j * COUNTS + COUNTS);
      const agentId = AGENT_IDS[agent[j]!];
      const modelName = header.models[model[j]!];
      if (agentId === undefined || modelName === undefined) throw new Error('dedup shard with an unknown agent or model');
      const i = shard.append(hi[j]!, lo[j]!, variant[j]!, (flags[j]! & SIDECHAIN) !== 0, slot[j]!, agentId, modelName, { input: k[0]!, output: k[1]!, cacheRead: k[2]!, cacheWrite: k[3]!, reasoning: k[4]!, costMicros: k[5]!, unpriced: k[6]! }, (flags[j]! & PINNED) !== 0);
      const o = owners.get(j);
      if (o) shard.setOwners(i, o.split(','));
    }
    return shard;
  }

  private modelId(model: string): number {
    if (model === this.lastModel) return this.lastModelId;
    let id = this.modelIds.get(model);
    if (id === undefined) this.modelIds.set(model, (id = this.models.push(model) - 1));
    this.lastModel = model;
    return (this.lastModelId = id);
  }

  private link(i: number): void {
    if ((this.groups + 1) * 2 > this.table.length) this.rehash();
    const mask = this.table.length - 1;
    let k = this.lo[i]! & mask;
    while (this.table[k]! >= 0) k = (k + 1) & mask;
    this.table[k] = i;
    this.groups++;
  }

  private rehash(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2).fill(-1);
    this.groups = 0;
    for (const i of old) if (i >= 0) this.link(i);
  }

  private grow(): void {
    const size = this.hi.length * 2;
    const more = <T extends Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array>(a: T, make: (len: number) => T, per = 1): T => {
      const b = make(size * per);
      b.set(a as never);
      return b;
    };
    this.hi = more(this.hi, (l) => new Uint32Array(l));
    this.lo = more(this.lo, (l) => new Uint32Array(l));
    this.variantOf = more(this.variantOf, (l) => new Uint32Array(l));
    this.slotOf = more(this.slotOf, (l) => new Int32Array(l));
    this.agentOf = more(this.agentOf, (l) => new Uint8Array(l));
    this.modelOf = more(this.modelOf, (l) => new Uint16Array(l));
    this.flags = more(this.flags, (l) => new Uint8Array(l));
    this.next = more(this.next, (l) => new Int32Array(l));
    this.counts = more(this.counts, (l) => new Float64Array(l), COUNTS);
  }
}
