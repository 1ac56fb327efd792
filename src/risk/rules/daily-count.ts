import { DAY_MS } from '../config.ts';
import type { Rule } from '../types.ts';
import { monitoringCount, windowBefore } from './window.ts';

/** velocity.daily_count: more transactions in 24 h than the monitoring threshold (50; halved under enhanced monitoring). Scored. */
export const dailyCount: Rule = (ctx) => {
  const threshold = monitoringCount(ctx, ctx.config.monitoring.dailyCount);
  const count = windowBefore(ctx, DAY_MS).length + 1;
  if (count <= threshold) return [];
  return [
    {
      code: 'velocity.daily_count',
      score: ctx.config.weights['velocity.daily_count'],
      message: `${count} transactions in 24 h, above the monitoring threshold of ${threshold}`,
      details: { count24h: count, threshold, monitoring: ctx.monitoring },
    },
  ];
};
