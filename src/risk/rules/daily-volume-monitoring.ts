import { DAY_MS } from '../config.ts';
import { formatDecimal } from '../money.ts';
import type { Rule } from '../types.ts';
import { monitoringThreshold, totalUsd, windowBefore } from './window.ts';

/** velocity.daily_volume: rolling-24 h volume above the monitoring threshold (10,000 USD; halved under enhanced monitoring). Scored. */
export const dailyVolumeMonitoring: Rule = (ctx) => {
  const threshold = monitoringThreshold(ctx, ctx.config.monitoring.dailyVolumeUsd);
  const volume = totalUsd(windowBefore(ctx, DAY_MS)) + ctx.tx.amountUsd;
  if (volume <= threshold) return [];
  return [
    {
      code: 'velocity.daily_volume',
      score: ctx.config.weights['velocity.daily_volume'],
      message: `24 h volume ${formatDecimal(volume)} USD is above the ${formatDecimal(threshold)} USD monitoring threshold`,
      details: {
        volume24hUsd: formatDecimal(volume),
        thresholdUsd: formatDecimal(threshold),
        monitoring: ctx.monitoring,
      },
    },
  ];
};
