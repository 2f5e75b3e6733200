import { didYouMean } from '../shared/suggest';
/** The machine's IANA zone, as Node/VS Code see it. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * The one zone whose offset is 0 at every instant: it needs no time zone data, so it never pays for
 * loading ICU's (~20 ms, the first Intl.DateTimeFormat of each thread: the CLI, each scan worker).
 */
const UTC = 'UTC';

export function isValidTimeZone(tz: string): boolean {
  if (tz === UTC) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A setting or flag value, or the system's zone when empty; throws on a zone Intl does not know. */
export function resolveTimeZone(tz: string | undefined): string {
  const t = tz?.trim();
  if (!t) return systemTimeZone();
  if (t === UTC) return UTC;
  if (!isValidTimeZone(t)) {
    const hint = didYouMean(t, ['UTC', ...Intl.supportedValuesOf('timeZone')]);
    throw new Error(`unknown time zone "${t}"${hint || ' (expected an IANA name such as Europe/Berlin)'}`);
  }
  // "utc" and "europe/berlin" are accepted by Intl; what is shown and stored is the canonical name.
  return new Intl.DateTimeFormat('en-US', { timeZone: t }).resolvedOptions().timeZone;
}

export interface LocalParts {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  /** 0–23. */
  hour: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** Converts instants to local calendar parts in one zone, DST-correct via Intl. */
export class Zone {
  private formatter: Intl.DateTimeFormat | undefined;
  private readonly cache = new Map<number, LocalParts>();
  private readonly dayOffsets = new Map<number, number>();

  constructor(readonly id: string) {}

  /**
   * The zone `id`, shared by everyone in this thread: its formatter and what it worked out are
   * kept, so a long-lived scan worker's every snapshot does not start over (an idle poll's
   * snapshot was mostly this).
   */
  static of(id: string): Zone {
    let z = ZONES.get(id);
    if (!z) ZONES.set(id, (z = new Zone(id)));
    return z;
  }

  /** Made when first needed: UTC never needs it. */
  private get fmt(): Intl.DateTimeFormat {
    return (this.formatter ??= new Intl.DateTimeFormat('en-US', {
      timeZone: this.id,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    }));
  }

  parts(ms: number): LocalParts {
    // Offsets are whole quarter hours, so one lookup per UTC quarter hour is exact.
    const q = Math.floor(ms / 900_000);
    let p = this.cache.get(q);
    if (!p) {
      p = this.compute(q * 900_000);
      this.cache.set(q, p);
    }
    return p;
  }

  date(ms: number): string {
    return this.parts(ms).date;
  }

  /**
   * A UTC day whose offset is the same at its start, middle and last quarter hour has no change
   * of offset in it, so its quarters are UTC arithmetic; only a day with a change asks Intl for
   * each one (formatToParts per quarter hour was most of a warm run's time zone work).
   */
  private compute(ms: number): LocalParts {
    const day = Math.floor(ms / DAY_MS);
    let offset = this.dayOffsets.get(day);
    if (offset === undefined) {
      const [a, b, c] = [0, DAY_MS / 2, DAY_MS - 900_000].map((t) => this.offsetAt(day * DAY_MS + t));
      this.dayOffsets.set(day, (offset = a === b && b === c ? a! : NaN));
    }
    if (Number.isNaN(offset)) return this.ask(ms);
    const local = new Date(ms + offset);
    return { date: local.toISOString().slice(0, 10), hour: local.getUTCHours(), weekday: (local.getUTCDay() + 6) % 7 };
  }

  private ask(ms: number): LocalParts {
    const f = this.fields(ms);
    return { date: `${f.year}-${f.month}-${f.day}`, hour: Number(f.hour) % 24, weekday: WEEKDAYS[f.weekday ?? 'Mon'] ?? 0 };
  }

  /** Local wall time minus UTC at `ms` (a whole quarter hour), in ms. */
  private offsetAt(ms: number): number {
    if (this.id === UTC) return 0;
    const f = this.fields(ms);
    return Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour) % 24, Number(f.minute)) - ms;
  }

  private fields(ms: number): Record<string, string> {
    const f: Record<string, string> = {};
    for (const part of this.fmt.formatToParts(ms)) f[part.type] = part.value;
    return f;
  }
}

const DAY_MS = 86_400_000;
/** Zone.of's: a thread meets a handful of zones (the setting, UTC). */
const ZONES = new Map<string, Zone>();

/** Calendar arithmetic on `YYYY-MM-DD` strings (zone-free: a day is a day). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Inclusive list of dates from `from` to `to`. */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** A real calendar date as `YYYY-MM-DD` (`Date.parse` alone rolls 2026-02-30 over into March). */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** The Monday that starts the (ISO) week holding `date`. */
export function weekStart(date: string): string {
  const dow = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -dow);
}
