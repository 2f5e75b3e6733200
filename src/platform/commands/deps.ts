import type { LiveLedger } from '../liveLedger';
import type { Logger } from '../logger';
import type { Reporting } from '../reporting';

/** What command handlers may use. */
export interface CommandDeps {
  ledger: LiveLedger;
  log: Logger;
  reporting: Reporting;
}
