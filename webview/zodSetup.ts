import { config } from 'zod';

// zod compiles object schemas with `new Function` unless told not to, and the panel's CSP
// (rightly) forbids eval. This must run before any schema is built, so main.ts imports it first.
config({ jitless: true });
