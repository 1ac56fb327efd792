/** The notifications verbs the routes and bootstrap use: the dispatcher's loop, the deliveries view, replays. */
import type { Db } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { NotificationsConfig } from './config.ts';
import { type FetchLike, NotificationDispatcher } from './dispatcher.ts';
import { createNotificationMetrics } from './metrics.ts';
import { LibsqlNotificationQueue } from './queue.ts';
import { type DeliveryFilter, NotificationStore } from './store.ts';
import { deliveryView } from './views.ts';

export interface NotificationsServiceDeps {
  db: Db;
  config: NotificationsConfig;
  clock: () => Date;
  logger: Logger;
  metrics: Metrics;
  fetch?: FetchLike;
  random?: () => number;
  /** The dispatcher's claim identity (default: pid and a random id). */
  owner?: string;
}

export class NotificationsService {
  readonly #store: NotificationStore;
  readonly #dispatcher: NotificationDispatcher;

  constructor(private readonly deps: NotificationsServiceDeps) {
    this.#store = new NotificationStore(deps.db);
    this.#dispatcher = new NotificationDispatcher({
      store: new LibsqlNotificationQueue(deps.db),
      config: deps.config,
      clock: deps.clock,
      logger: deps.logger,
      metrics: createNotificationMetrics(deps.metrics.registry),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.random ? { random: deps.random } : {}),
      ...(deps.owner ? { owner: deps.owner } : {}),
    });
  }

  startBackground(): void {
    this.#dispatcher.start();
  }

  stop(): Promise<void> {
    return this.#dispatcher.stop();
  }

  /** One delivery pass (what the background timer runs): tests drain the outbox with it. */
  runOnce(): Promise<number> {
    return this.#dispatcher.runOnce();
  }

  async deliveries(filter: DeliveryFilter) {
    const page = await this.#store.listDeliveries(filter);
    return { deliveries: page.deliveries.map(deliveryView), next: page.next };
  }

  /** Delivers the event again to every receiver (same event id); returns the delivery ids. */
  async replay(eventId: string): Promise<{ eventId: string; deliveryIds: string[] }> {
    const { config, clock } = this.deps;
    const deliveryIds = await this.#store.replay(eventId, config.urls, config.retryWindowMs, clock());
    return { eventId, deliveryIds };
  }
}
