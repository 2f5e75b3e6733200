/** The most each shipped bundle may weigh minified, in bytes. */
export const BUNDLE_BUDGETS: Record<string, number>;
/** Builds every bundle as it ships into `dir`; each budgeted bundle's size in bytes (undefined: not built). */
export function buildAsShipped(dir: string): Record<string, number | undefined>;
