import { formatDecimal } from '../money.ts';
import type { Rule } from '../types.ts';
import { levelLimit } from './window.ts';

/** limits.single_transaction: the amount exceeds the per-transaction limit of the customer's risk level. Hard block. */
export const singleTransactionLimit: Rule = (ctx) => {
  const limit = levelLimit(ctx, ctx.config.limits.singleUsd);
  if (ctx.tx.amountUsd <= limit) return [];
  return [
    {
      code: 'limits.single_transaction',
      score: ctx.config.weights['limits.single_transaction'],
      outcome: 'block',
      message: `Amount ${formatDecimal(ctx.tx.amountUsd)} USD exceeds the ${formatDecimal(limit)} USD per-transaction limit (${ctx.customer.riskLevel} risk)`,
      details: {
        amountUsd: formatDecimal(ctx.tx.amountUsd),
        limitUsd: formatDecimal(limit),
        riskLevel: ctx.customer.riskLevel,
      },
    },
  ];
};
