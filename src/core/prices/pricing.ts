import type { TokenCounts } from '../../shared/tokens';
import { PRICE_PROVIDERS } from './priceTable.generated';
import type { MatchRule, Price, PriceConstraint, PriceModel, PriceProvider, TokenPrices } from './priceTypes';

/**
 * List-price cost of one request from the embedded table, computed the way @pydantic/genai-prices'
 * `calcPrice(usage, modelId)` does (its dist/index.js, 0.1.8), so the estimate is that published
 * list's and not ours:
 * - the provider is the first (in the list's order) whose `model_match` matches the lower-cased id,
 *   then the first of its models (then its fallback providers') whose `match` does; an id with a
 *   compact date (`-20250929`) is tried again with a dashed one (`-2025-09-29`);
 * - dated and time-of-day variants are chosen by the request's time (last matching one wins);
 * - usage is input_tokens = all input incl. cache reads and writes; a class without a price of its
 *   own is billed inside input_tokens at the input price; output includes reasoning;
 * - a tiered price applies the highest tier whose `start` the request's whole input exceeds.
 * Our own rule on top: an id the list doesn't know, with a `provider/` prefix (OpenRouter-style ids
 * that Cline, Kilo Code and Continue log), is tried again without it.
 */

const models = new Map<string, PriceModel | null>();

function matches(rule: MatchRule, id: string): boolean {
  if ('or' in rule) return rule.or.some((r) => matches(r, id));
  if ('and' in rule) return rule.and.every((r) => matches(r, id));
  if ('equals' in rule) return id === rule.equals.toLowerCase();
  if ('starts_with' in rule) return id.startsWith(rule.starts_with.toLowerCase());
  if ('ends_with' in rule) return id.endsWith(rule.ends_with.toLowerCase());
  if ('contains' in rule) return id.includes(rule.contains.toLowerCase());
  return new RegExp(rule.regex).test(id);
}

function inProvider(p: PriceProvider, id: string): PriceModel | undefined {
  const own = p.models.find((m) => matches(m.match, id));
  if (own) return own;
  for (const f of p.fallbacks ?? []) {
    const other = PRICE_PROVIDERS.find((q) => q.id === f);
    const m = other && other.models.find((x) => matches(x.match, id));
    if (m) return m;
  }
  return undefined;
}

const COMPACT_DATE = /(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g;

function lookUp(id: string): PriceModel | undefined {
  const provider = PRICE_PROVIDERS.find((p) => matches(p.match, id));
  if (!provider) return undefined;
  const dashed = id.replace(COMPACT_DATE, (all, dash: string, y: string, m: string, d: string) => {
    const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    return t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d) ? `${dash}${y}-${m}-${d}` : all;
  });
  return inProvider(provider, id) ?? (dashed !== id ? inProvider(provider, dashed) : undefined);
}

/** The list's entry for a logged model id, or undefined when the list has no price for it. */
export function priceModelOf(model: string): PriceModel | undefined {
  let hit = models.get(model);
  if (hit === undefined) {
    const id = model.toLowerCase().trim();
    const slash = id.lastIndexOf('/');
    hit = lookUp(id) ?? (slash >= 0 ? lookUp(id.slice(slash + 1)) : undefined) ?? null;
    models.set(model, hit);
  }
  return hit ?? undefined;
}

function secondsOfDay(hms: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(hms);
  if (!m) return NaN;
  const offset = m[4] === 'Z' ? 0 : (m[5] === '+' ? 1 : -1) * (Number(m[6]) * 60 + Number(m[7])) * 60;
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) - offset + 86400) % 86400;
}

function applies(c: PriceConstraint, ts: number): boolean {
  if (c.type === 'start_date') return ts >= Date.parse(`${c.start_date}T00:00:00Z`);
  const t = new Date(ts);
  const now = t.getUTCHours() * 3600 + t.getUTCMinutes() * 60 + t.getUTCSeconds() + t.getUTCMilliseconds() / 1000;
  const from = secondsOfDay(c.start_time);
  const to = secondsOfDay(c.end_time);
  return to < from ? now >= from || now < to : now >= from && now < to;
}

function pricesAt(m: PriceModel, ts: number): TokenPrices {
  if (!Array.isArray(m.prices)) return m.prices;
  for (let i = m.prices.length - 1; i >= 0; i--) {
    const v = m.prices[i]!;
    if (!v.constraint || applies(v.constraint, ts)) return v.prices;
  }
  return m.prices[0]!.prices;
}

function perMillion(price: Price | undefined, inputTotal: number): number {
  if (price === undefined) return 0;
  if (typeof price === 'number') return price;
  // The table's tiers are sorted by start (scripts/build-prices.mjs), so no copy and sort per request.
  let p = price.base;
  for (const t of price.tiers) if (inputTotal > t.start) p = t.price;
  return p;
}

/**
 * The list price of one request in micro-dollars (rounded, so sums stay exact integers), or
 * undefined when the list has no price for the model.
 */
export function requestCostMicros(model: string, ts: number, c: Pick<TokenCounts, 'input' | 'output' | 'cacheRead' | 'cacheWrite'>): number | undefined {
  const m = priceModelOf(model);
  if (!m) return undefined;
  const p = pricesAt(m, ts);
  // A listed model with no token prices is free (calcPrice gives 0); one with output but no input
  // price is one calcPrice refuses.
  if (p.input_mtok === undefined) return Object.keys(p).length === 0 ? 0 : undefined;
  const inputTotal = c.input + c.cacheRead + c.cacheWrite;
  let plainInput = inputTotal;
  let usd = 0;
  if (p.cache_read_mtok !== undefined) {
    plainInput -= c.cacheRead;
    usd += perMillion(p.cache_read_mtok, inputTotal) * c.cacheRead;
  }
  if (p.cache_write_mtok !== undefined) {
    plainInput -= c.cacheWrite;
    usd += perMillion(p.cache_write_mtok, inputTotal) * c.cacheWrite;
  }
  usd += perMillion(p.input_mtok, inputTotal) * plainInput + perMillion(p.output_mtok, inputTotal) * c.output;
  // usd is in dollars per million tokens × tokens, i.e. micro-dollars already.
  return Math.round(usd);
}

/**
 * What one request is worth: the agent's own logged cost where it logged one above zero (OpenCode
 * logs 0 on subscriptions, which is not a list price), else the list price; `unpriced` holds its
 * tokens when neither exists, so the UI can say "no price" instead of guessing.
 */
export function valueOf(model: string, ts: number, c: Pick<TokenCounts, 'input' | 'output' | 'cacheRead' | 'cacheWrite'>, loggedUsd?: number): { costMicros: number; unpriced: number } {
  if (loggedUsd !== undefined && loggedUsd > 0 && Number.isFinite(loggedUsd)) return { costMicros: Math.round(loggedUsd * 1e6), unpriced: 0 };
  const micros = requestCostMicros(model, ts, c);
  return micros === undefined ? { costMicros: 0, unpriced: c.input + c.output + c.cacheRead + c.cacheWrite } : { costMicros: micros, unpriced: 0 };
}
