import { formatDecimal } from '../money.ts';
import type { Rule } from '../types.ts';

/**
 * aml.new_account_high_value: RISK_NEW_ACCOUNT_MIN_USD or more from an account younger than
 * RISK_NEW_ACCOUNT_AGE (1 day). Account age comes from the profile's createdAt; without one, from the
 * customer's first transaction seen here (so an unknown customer's first large transfer counts as new).
 */
export const newAccountHighValue: Rule = (ctx) => {
  const { maxAgeMs, minUsd } = ctx.config.newAccount;
  if (ctx.tx.amountUsd < minUsd) return [];
  const openedAt = ctx.customer.accountCreatedAt ?? ctx.history.firstSeenAt ?? ctx.tx.at;
  const ageMs = ctx.tx.at - openedAt;
  if (ageMs >= maxAgeMs) return [];
  return [
    {
      code: 'aml.new_account_high_value',
      score: ctx.config.weights['aml.new_account_high_value'],
      message: `${formatDecimal(ctx.tx.amountUsd)} USD from an account ${Math.max(0, Math.round(ageMs / 3_600_000))} h old`,
      details: {
        amountUsd: formatDecimal(ctx.tx.amountUsd),
        accountAgeHours: Math.max(0, Math.round(ageMs / 360_000) / 10),
        ageFrom: ctx.customer.accountCreatedAt !== undefined ? 'profile.createdAt' : 'firstSeen',
        thresholdUsd: formatDecimal(minUsd),
      },
    },
  ];
};
