import { COST_LABEL } from '../../shared/format';
import { PRICE_SOURCE } from './priceTable.generated';

/** The price list, for a person: "@pydantic/genai-prices 0.1.8 (2026-09-23)". */
export const PRICE_LIST = `${PRICE_SOURCE.name} ${PRICE_SOURCE.version} (${PRICE_SOURCE.published})`;

/** What `cost` in JSON output is, said once beside it. */
export const COST_BASIS = `${COST_LABEL}; USD at the list prices of ${PRICE_SOURCE.name} ${PRICE_SOURCE.version} (published ${PRICE_SOURCE.published}), or the agent's own logged cost; unpricedTokens are of models not on the list`;
