import { DAY_MS } from '../config.ts';
import { formatDecimal } from '../money.ts';
import type { Rule } from '../types.ts';
import { levelLimit, totalUsd, windowBefore } from './window.ts';

/** limits.daily_volume: rolling-24 h volume (this transaction included) exceeds the limit of the customer's risk level. Hard block. */
export const dailyVolumeLimit: Rule = (ctx) => {
  const limit = levelLimit(ctx, ctx.config.limits.dailyUsd);
  const volume = totalUsd(windowBefore(ctx, DAY_MS)) + ctx.tx.amountUsd;
  if (volume <= limit) return [];
  return [
    {
      code: 'limits.daily_volume',
      score: ctx.config.weights['limits.daily_volume'],
      outcome: 'block',
      message: `24 h volume ${formatDecimal(volume)} USD would exceed the ${formatDecimal(limit)} USD daily limit (${ctx.customer.riskLevel} risk)`,
      details: {
        volume24hUsd: formatDecimal(volume),
        limitUsd: formatDecimal(limit),
        riskLevel: ctx.customer.riskLevel,
      },
    },
  ];
};
