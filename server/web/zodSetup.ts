import { config } from 'zod';

// zod compiles schemas with `new Function` unless told not to, and the dashboard's CSP forbids
// eval. This must run before any schema is built, so dashboard.ts imports it first.
config({ jitless: true });
