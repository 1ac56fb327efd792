/**
 * Builds the dependency object from configuration: database (with migrations), list registry
 * (initial load), and each area's services. main.ts and the tests both use it, so tests run the real wiring.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appealOutcomeHandler } from './appeals/outcome.ts';
import { appealSubjectReader } from './appeals/subject.ts';
import { createCasesService } from './cases/create.ts';
import { dataDirOf, type Config } from './config.ts';
import { CustomerProfiles } from './customers/profiles.ts';
import { openDatabase, type Database } from './db/client.ts';
import type { AppDeps, Lifecycle } from './deps.ts';
import { loadPiiCipher } from './kyc/crypto.ts';
import { reviewBusinessesOfHits } from './kyc/kyb/monitoring-hit.ts';
import { KycService } from './kyc/service.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { MonitoringService } from './monitoring/service.ts';
import { NotificationsService } from './notifications/service.ts';
import { AppealsService } from './appeals/service.ts';
import { ReportsService } from './reports/service.ts';
import { SarService } from './sar/service.ts';
import type { FetchLike, ManifestSource } from './sanctions/download.ts';
import { BatchWorkerHost } from './sanctions/batch-worker-host.ts';
import { ListRegistry } from './sanctions/registry.ts';
import { createHistoryReader } from './transactions/history-reader.ts';
import { createTransactionScreening } from './transactions/screening.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLE_LISTS_DIR = path.join(ROOT, 'lists', 'sample');
const MANIFEST_FILE = path.join(ROOT, 'lists', 'manifest.json');

export interface BootstrapOptions {
  logger?: Logger;
  metrics?: Metrics;
  clock?: () => Date;
  fetch?: FetchLike;
  manifest?: ManifestSource[];
  /** False: no timers for background work (tests drive the scheduler themselves). Default true. */
  background?: boolean;
}

export interface Runtime {
  deps: AppDeps;
  database: Database;
  /** Stops timers and background work, flushes pending writes, closes the database. */
  close(): Promise<void>;
}

export function readManifest(file = MANIFEST_FILE): ManifestSource[] {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { sources: ManifestSource[] };
  return raw.sources;
}

export async function bootstrap(config: Config, opts: BootstrapOptions = {}): Promise<Runtime> {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const metrics = opts.metrics ?? createMetrics();
  const clock = opts.clock ?? (() => new Date());
  let started = false;
  const lifecycle: Lifecycle = { ready: () => started, shuttingDown: false };

  const database = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);

  // Its worker starts on the first batch; a refresh drops it while the index is rebuilt and after the swap.
  const batchScreening = new BatchWorkerHost({ logger });
  const lists = new ListRegistry({
    sources: config.LIST_SOURCES,
    listsDir: config.LISTS_DIR,
    cacheDir: config.listCacheDir,
    sampleDir: SAMPLE_LISTS_DIR,
    download: config.LIST_DOWNLOAD && !config.LISTS_DIR,
    manifest: opts.manifest ?? readManifest(),
    fetch: opts.fetch ?? ((url, init) => fetch(url, init)),
    downloadTimeoutMs: config.LIST_DOWNLOAD_TIMEOUT,
    downloadMaxBytes: config.LIST_DOWNLOAD_MAX_BYTES,
    allowSample: config.NODE_ENV !== 'production',
    requireEverySource: config.NODE_ENV === 'production',
    clock,
    logger,
    metrics,
    // Bound below, once the monitoring service exists (it reads the registry's snapshots).
    onChange: (delta, snapshot) => {
      batchScreening.onListChange(snapshot);
      monitoring?.onListChange(delta, snapshot);
    },
    onRebuild: { start: () => batchScreening.onRebuildStart(), end: () => batchScreening.onRebuildEnd() },
  });
  let monitoring: MonitoringService | undefined;
  await lists.loadInitial();

  // The cold path's reads (a customer's history and profile on a cache miss) off the event loop.
  const reader = createHistoryReader(config.DATABASE_URL);
  const customers = new CustomerProfiles(database.db, clock, undefined, reader);
  const kyc = new KycService({ config, db: database.db, clock, logger, metrics, lists, customers });
  kyc.startBackground();
  const transactions = createTransactionScreening({
    config,
    db: database.db,
    client: database.client,
    customers,
    lists,
    clock,
    logger,
    metrics,
    customerSanctions: (userId) => monitoring?.customerHit(userId),
    customerClearings: (userId) => monitoring?.customerClearings(userId),
    ...(reader ? { reader } : {}),
  });
  // Rows an earlier version stored in clear are sealed before the first screening reads them.
  await transactions.sealLegacyRows();
  const piiKey = { configured: config.kyc.piiKey, nodeEnv: config.NODE_ENV, dataDir: dataDirOf(config.DATABASE_URL) };
  monitoring = new MonitoringService({
    db: database.db,
    // The KYC cipher (same key): imported identities are personal data like applicants'.
    cipher: loadPiiCipher({ ...piiKey, logger }),
    // The full re-screen's worker opens the database and builds its own cipher from the same key source.
    workerAccess: { databaseUrl: config.DATABASE_URL, piiKey },
    // One writer of the embedded file: re-screen commits join the transactions' writer thread.
    writer: transactions.store.writer,
    lists,
    clock,
    logger,
    config: config.monitoring,
    threshold: config.matchThreshold,
    caseSla: config.cases.sla,
    riskLevel: async (userId) => (await customers.get(userId))?.riskLevel,
    onLevelChange: (userId) => transactions.states.evict(userId),
    // The full re-screen gives way when transactions slow down.
    screeningLatency: () => transactions.latency.take(),
    // An owner, director or controller on a list puts their businesses under review (KYB).
    onAlerts: async (alerts) => {
      await reviewBusinessesOfHits({ db: database.db, clock, customers, caseSla: config.cases.sla }, alerts);
    },
  });
  // Transactions need the open re-screen hits and clearings from the first request; the name index can follow.
  await monitoring.reloadMemory();
  monitoring
    .load()
    .catch((err: unknown) =>
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'monitoring index load failed'),
    );
  if (opts.background !== false) monitoring.startBackground();
  const notifications = new NotificationsService({
    db: database.db,
    config: config.notifications,
    clock,
    logger,
    metrics,
  });
  if (opts.background !== false) notifications.startBackground();
  const deps: AppDeps = {
    config,
    logger,
    metrics,
    db: database.db,
    clock,
    lists,
    batchScreening,
    lifecycle,
    customers,
    kyc,
    transactions,
    monitoring,
    cases: createCasesService({
      config,
      db: database.db,
      clock,
      logger,
      kyc,
      transactions,
      monitoring,
      customers,
      appeal: { outcome: appealOutcomeHandler(kyc.context), subject: appealSubjectReader(kyc.context) },
    }),
    notifications,
    appeals: new AppealsService({
      kyc: kyc.context,
      config: config.appeals,
      // Resolved when called: the cases service is built in this same object.
      cases: { decide: (caseId, input, actor) => deps.cases.decide(caseId, input, actor) },
    }),
    reports: new ReportsService({ db: database.db, clock, priceCents: config.kyc.routing.costCents }),
    sars: new SarService({
      db: database.db,
      // The KYC cipher (same key): a draft holds the applicant's identity, decrypted from the KYC record.
      cipher: loadPiiCipher({
        configured: config.kyc.piiKey,
        nodeEnv: config.NODE_ENV,
        dataDir: dataDirOf(config.DATABASE_URL),
        logger,
      }),
      config: config.sar,
      clock,
    }),
  };
  started = true;

  return {
    deps,
    database,
    async close() {
      lifecycle.shuttingDown = true;
      lists.stop();
      await batchScreening.close();
      await notifications.stop();
      await kyc.close();
      await monitoring?.close();
      // Screened transactions still queued for the group commit are written before the database closes.
      await transactions.close();
      database.close();
    },
  };
}
