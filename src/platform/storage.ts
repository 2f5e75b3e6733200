import type * as vscode from 'vscode';
import type { TierMemory } from '../core/tierChange';
import { randomBytes } from 'node:crypto';
import type { Snapshot } from '../shared/snapshot';
import { SnapshotSchema } from '../shared/snapshot';
import { isRecord } from '../sources/source';
import { MeResponseSchema } from '../shared/teamApi';
import type { Consent, StoredMe } from '../sync/teamPolicy';
import type { OrgConnection } from '../sync/orgUsage/orgUsageService';
import { CONNECTABLE_PROVIDERS } from '../sync/orgUsage/providers';

/** Every globalState key, in one map. */
const KEYS = {
  lastSnapshot: 'tokenTier.lastSnapshot',
  consent: 'tokenTier.reportingConsent',
  deviceId: 'tokenTier.deviceId',
  lastMe: 'tokenTier.lastMe',
  tierMemory: 'tokenTier.tierMemory',
  orgConnection: 'tokenTier.orgConnection',
} as const;

/** A hash of the snapshot schema's source, set at build time (esbuild.config.mjs). */
declare const SNAPSHOT_SHAPE: string | undefined;

/** The stored snapshot with the schema stamp of the build that saved it (older versions kept it bare). */
interface StampedSnapshot {
  shape: string | undefined;
  snapshot: unknown;
}

/** (A build without a stamp saves `shape: undefined`, which the memento's JSON drops.) */
function isStamped(v: unknown): v is StampedSnapshot {
  return isRecord(v) && 'snapshot' in v && Object.keys(v).every((k) => k === 'shape' || k === 'snapshot');
}

/** Typed access to what the extension keeps between sessions (no secrets here: the token is in SecretStorage). */
export class Storage {
  /** `shape`: the snapshot schema's build stamp (esbuild's SNAPSHOT_SHAPE); unknown under tsx, so every stored snapshot is checked. */
  constructor(
    private readonly state: vscode.Memento,
    private readonly shape: string | undefined = typeof SNAPSHOT_SHAPE === 'string' ? SNAPSHOT_SHAPE : undefined,
  ) {}

  /**
   * The last snapshot, so the badge shows at once on startup; ignored if it no longer parses. One
   * this build saved is taken as it is: it is the scan worker's own answer, which the live path
   * never validates either, and a month's snapshot costs a cold extension host ~50–130 ms to check.
   */
  lastSnapshot(): Snapshot | undefined {
    const stored = this.state.get<unknown>(KEYS.lastSnapshot);
    const { shape, snapshot } = isStamped(stored) ? stored : { shape: undefined, snapshot: stored };
    if (this.shape !== undefined && shape === this.shape && isRecord(snapshot)) return snapshot as Snapshot;
    const parsed = SnapshotSchema.safeParse(snapshot);
    return parsed.success ? parsed.data : undefined;
  }

  saveSnapshot(s: Snapshot): Thenable<void> {
    return this.state.update(KEYS.lastSnapshot, { shape: this.shape, snapshot: s } satisfies StampedSnapshot);
  }

  /**
   * This machine's random report id, created once and kept here — not in the outbox, whose loss
   * must never turn this machine into a second device. `adopt` is an id an older version kept.
   */
  deviceId(adopt?: string): string {
    const known = this.state.get<string>(KEYS.deviceId);
    if (typeof known === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(known)) return known;
    const id = adopt && /^[A-Za-z0-9_-]{16,64}$/.test(adopt) ? adopt : randomBytes(12).toString('base64url');
    void this.state.update(KEYS.deviceId, id);
    return id;
  }

  consent(): Consent | undefined {
    const c = this.state.get<Consent>(KEYS.consent);
    return c && typeof c.url === 'string' && typeof c.since === 'string' ? c : undefined;
  }

  setConsent(c: Consent | undefined): Thenable<void> {
    return this.state.update(KEYS.consent, c);
  }

  /** What the tier-up notice remembers: the tier last seen, the last change, when each tier was announced. */
  tierMemory(): TierMemory {
    const m = this.state.get<TierMemory>(KEYS.tierMemory);
    return m && typeof m === 'object' && m.notified && typeof m.notified === 'object' ? m : { notified: {} };
  }

  setTierMemory(m: TierMemory): Thenable<void> {
    return this.state.update(KEYS.tierMemory, m);
  }

  /** The last `/me` answer (it carries the team's policy, which must hold offline too). */
  lastMe(): StoredMe | undefined {
    const s = this.state.get<StoredMe>(KEYS.lastMe);
    const me = MeResponseSchema.safeParse(s?.me);
    return s && typeof s.url === 'string' && me.success ? { url: s.url, at: Number(s.at) || 0, me: me.data } : undefined;
  }

  setLastMe(s: StoredMe | undefined): Thenable<void> {
    return this.state.update(KEYS.lastMe, s);
  }

  /** Which org usage API is connected (its key is in SecretStorage, never here). */
  orgConnection(): OrgConnection | undefined {
    const c = this.state.get<OrgConnection>(KEYS.orgConnection);
    return c && (CONNECTABLE_PROVIDERS as readonly string[]).includes(c.provider) && typeof c.since === 'string' ? c : undefined;
  }

  setOrgConnection(c: OrgConnection | undefined): Thenable<void> {
    return this.state.update(KEYS.orgConnection, c);
  }
}
