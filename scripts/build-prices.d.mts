/** The generated price-table module's text, from the installed @pydantic/genai-prices. */
export function priceTableSource(): Promise<string>;
/** Writes src/core/prices/priceTable.generated.ts when it changed. */
export function writePriceTable(): Promise<void>;
