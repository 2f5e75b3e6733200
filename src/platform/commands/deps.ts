import type { LiveLedger } from '../liveLedger';
import type { Logger } from '../logger';

/** What command handlers may use. */
export interface CommandDeps {
  ledger: LiveLedger;
  log: Logger;
}
