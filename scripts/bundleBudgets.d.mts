/** The most each shipped bundle may weigh minified, in bytes. */
export const BUNDLE_BUDGETS: Record<string, number>;
/** Each budgeted bundle's minified size in bytes (undefined: the build made no such file). */
export function minifiedSizes(): Record<string, number | undefined>;
