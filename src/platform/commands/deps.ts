import type { LiveLedger } from '../../engine/liveLedger';
import type { ReportingService } from '../../sync/reportingService';
import type { Logger } from '../logger';
import type { OrgUsageService } from '../../sync/orgUsage/orgUsageService';

/** What command handlers may use. */
export interface CommandDeps {
  ledger: LiveLedger;
  log: Logger;
  reporting: ReportingService;
  orgUsage: OrgUsageService;
}
