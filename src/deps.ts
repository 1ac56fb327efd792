/** The plain dependency object main.ts builds and tests build their own of. No singletons. */
import type { CasesService } from './cases/service.ts';
import type { Config } from './config.ts';
import type { CustomerProfiles } from './customers/profiles.ts';
import type { Db } from './db/client.ts';
import type { KycService } from './kyc/service.ts';
import type { Logger } from './logger.ts';
import type { MonitoringService } from './monitoring/service.ts';
import type { NotificationsService } from './notifications/service.ts';
import type { AppealsService } from './appeals/service.ts';
import type { Metrics } from './metrics.ts';
import type { ReportsService } from './reports/service.ts';
import type { BatchScreening } from './sanctions/batch-worker-host.ts';
import type { ListRegistry } from './sanctions/registry.ts';
import type { SarService } from './sar/service.ts';
import type { TransactionScreening } from './transactions/screening.ts';

export interface Lifecycle {
  /** False until migrations ran and lists are loaded; false again once shutdown starts. */
  ready(): boolean;
  shuttingDown: boolean;
}

export interface AppDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  db: Db;
  clock: () => Date;
  lists: ListRegistry;
  /** Name batches, screened in a worker thread off the request path (issue #13). */
  batchScreening: BatchScreening;
  lifecycle: Lifecycle;
  customers: CustomerProfiles;
  kyc: KycService;
  transactions: TransactionScreening;
  monitoring: MonitoringService;
  cases: CasesService;
  notifications: NotificationsService;
  appeals: AppealsService;
  reports: ReportsService;
  sars: SarService;
}
