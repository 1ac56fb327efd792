/** What the KYC verbs need, built once by the service and passed to each verb. */
import type { CustomerProfiles } from '../customers/profiles.ts';
import type { SlaHours } from '../cases/sla.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import type { ProviderCircuits } from './circuit-breaker.ts';
import type { KycConfig } from './config.ts';
import type { PiiCipher } from './crypto.ts';
import type { KycMetrics } from './metrics.ts';
import type { KycProvider } from './providers/types.ts';
import type { ProviderStatsSource } from './stats.ts';
import type { ProviderId } from './types.ts';

export interface KycContext {
  db: Db;
  clock: () => Date;
  logger: Logger;
  metrics: KycMetrics;
  cipher: PiiCipher;
  providers: ReadonlyMap<ProviderId, KycProvider>;
  circuits: ProviderCircuits;
  stats: ProviderStatsSource;
  config: KycConfig;
  /** The sanctions review threshold (MATCH_THRESHOLD). */
  matchThreshold: number;
  lists: () => ListSnapshot | undefined;
  customers: CustomerProfiles;
  /** The sidecar's external URL; webhook URLs are <publicBaseUrl>/v1/webhooks/<provider>. */
  publicBaseUrl: string;
  /** Due dates of the cases KYC opens (manual reviews, appeals): CASES_SLA_* (default hours without it). */
  caseSla?: SlaHours;
}

export const webhookUrl = (ctx: Pick<KycContext, 'publicBaseUrl'>, provider: ProviderId) =>
  `${ctx.publicBaseUrl}/v1/webhooks/${provider}`;
