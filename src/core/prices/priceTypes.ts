/**
 * The shape of the embedded price table, as @pydantic/genai-prices publishes it (only the four
 * token prices Token Tier uses). Prices are USD per million tokens.
 */

/** A model-matching rule; matched case-insensitively against the lower-cased model id, like the package's `matchLogic`. */
export type MatchRule =
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string }
  | { or: MatchRule[] }
  | { and: MatchRule[] };

/** A price that rises once a request's whole input (cache included) passes `start` tokens; tiers sorted by `start`. */
export interface TieredPrice {
  base: number;
  tiers: Array<{ start: number; price: number }>;
}

export type Price = number | TieredPrice;

export interface TokenPrices {
  input_mtok?: Price;
  output_mtok?: Price;
  cache_read_mtok?: Price;
  cache_write_mtok?: Price;
}

export type PriceConstraint = { type: 'start_date'; start_date: string } | { type: 'time_of_date'; start_time: string; end_time: string };

export interface PriceModel {
  id: string;
  match: MatchRule;
  prices: TokenPrices | Array<{ constraint?: PriceConstraint; prices: TokenPrices }>;
}

export interface PriceProvider {
  id: string;
  match: MatchRule;
  fallbacks?: string[];
  models: PriceModel[];
}
