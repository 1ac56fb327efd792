import { formatDecimal } from '../money.ts';
import type { Rule } from '../types.ts';

/**
 * aml.dormant_reactivation: the first transaction after RISK_DORMANCY (90 days) without activity,
 * for RISK_DORMANT_MIN_USD or more. Customers with no earlier activity here are new, not dormant.
 */
export const dormantReactivation: Rule = (ctx) => {
  const { minGapMs, minUsd } = ctx.config.dormancy;
  if (ctx.tx.amountUsd < minUsd) return [];
  const last = ctx.history.lastActiveBefore(ctx.tx.at);
  if (last === undefined || ctx.tx.at - last < minGapMs) return [];
  const days = Math.floor((ctx.tx.at - last) / 86_400_000);
  return [
    {
      code: 'aml.dormant_reactivation',
      score: ctx.config.weights['aml.dormant_reactivation'],
      message: `First activity after ${days} days dormant`,
      details: {
        lastActiveAt: new Date(last).toISOString(),
        dormantDays: days,
        amountUsd: formatDecimal(ctx.tx.amountUsd),
      },
    },
  ];
};
