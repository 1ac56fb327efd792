/**
 * A snapshot of the aggregates the rules saw, stored with every alert (what an investigator needs
 * to see why it fired) and served by GET /v1/users/:userId/risk. Pure.
 */
import type { ActivityView } from './activity.ts';
import { DAY_MS, type RiskConfig } from './config.ts';
import { formatDecimal, sum } from './money.ts';
import type { RiskTransaction } from './types.ts';

export interface AggregatesSnapshot {
  asOf: string;
  volume24hUsd: string;
  inbound24hUsd: string;
  outbound24hUsd: string;
  count24h: number;
  burstCount: number;
  distinctSenders: number;
  distinctRecipients: number;
  lastActiveAt: string | null;
  firstSeenAt: string | null;
}

/** Aggregates at `at`, including `current` when given (the transaction being screened). */
export function aggregatesAt(
  history: ActivityView,
  at: number,
  config: RiskConfig,
  current?: RiskTransaction,
): AggregatesSnapshot {
  const day = [...history.between(at - DAY_MS, at)];
  const burst = history.countBetween(at - config.burst.windowMs, at) + (current ? 1 : 0);
  const fan = [...history.between(at - config.fan.windowMs, at)];
  if (current) {
    const entry = {
      direction: current.direction,
      amountUsd: current.amountUsd,
      counterpartyKey: current.counterpartyKey,
    };
    day.push(entry as (typeof day)[number]);
    fan.push(entry as (typeof fan)[number]);
  }
  const usd = (dir?: 'inbound' | 'outbound') =>
    formatDecimal(sum(day.filter((e) => !dir || e.direction === dir).map((e) => e.amountUsd)));
  const distinct = (dir: 'inbound' | 'outbound') =>
    new Set(fan.filter((e) => e.direction === dir && e.counterpartyKey).map((e) => e.counterpartyKey)).size;
  const last = history.lastActiveBefore(at);
  const first = history.firstSeenAt ?? (current ? current.at : undefined);
  return {
    asOf: new Date(at).toISOString(),
    volume24hUsd: usd(),
    inbound24hUsd: usd('inbound'),
    outbound24hUsd: usd('outbound'),
    count24h: day.length,
    burstCount: burst,
    distinctSenders: distinct('inbound'),
    distinctRecipients: distinct('outbound'),
    lastActiveAt: last === undefined ? null : new Date(last).toISOString(),
    firstSeenAt: first === undefined ? null : new Date(first).toISOString(),
  };
}
