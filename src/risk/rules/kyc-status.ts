import { formatDecimal } from '../money.ts';
import type { Rule } from '../types.ts';
import { totalUsd, windowBefore } from './window.ts';
import { DAY_MS } from '../config.ts';

/**
 * kyc.rejected: the customer failed KYC. Hard block.
 * kyc.unverified: no profile, or KYC not approved (pending, in progress, expired, manual review...).
 * Within RISK_UNVERIFIED_LIMIT_USD per transaction and per rolling 24 h the transaction goes through
 * with a small score; above it, review: an unknown customer does not move real money unseen.
 */
export const kycStatus: Rule = (ctx) => {
  const { customer, tx, config } = ctx;
  if (customer.verification === 'verified') return [];
  if (customer.verification === 'rejected') {
    return [
      {
        code: 'kyc.rejected',
        score: config.weights['kyc.rejected'],
        outcome: 'block',
        message: 'Customer failed KYC',
        details: { kycStatus: customer.kycStatus },
      },
    ];
  }
  const limit = config.limits.unverifiedUsd;
  const volume = totalUsd(windowBefore(ctx, DAY_MS)) + tx.amountUsd;
  const over = tx.amountUsd > limit || volume > limit;
  const details = {
    kycStatus: customer.kycStatus,
    limitUsd: formatDecimal(limit),
    amountUsd: formatDecimal(tx.amountUsd),
    volume24hUsd: formatDecimal(volume),
  };
  return over
    ? [
        {
          code: 'kyc.unverified',
          score: config.weights['kyc.unverified.over_limit'],
          outcome: 'review',
          message: `Unverified customer above the ${formatDecimal(limit)} USD unverified limit`,
          details,
        },
      ]
    : [
        {
          code: 'kyc.unverified',
          score: config.weights['kyc.unverified'],
          message: 'Unverified customer (within the unverified limit)',
          details,
        },
      ];
};
