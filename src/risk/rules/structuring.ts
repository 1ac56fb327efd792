import { formatDecimal, multiply, type Fixed } from '../money.ts';
import type { Rule, RuleContext } from '../types.ts';
import { windowBefore } from './window.ts';

const ONE = 10n ** 18n;

/** The reporting thresholds someone might stay under: the configured ones (CTR 10,000) plus the Travel Rule threshold in force. */
export function structuringThresholds(ctx: RuleContext): Fixed[] {
  const out = [...ctx.config.structuring.thresholdsUsd];
  const tr = ctx.travelRule.thresholdUsd;
  if (ctx.config.structuring.includeTravelRuleThreshold && tr !== null && tr > 0n && !out.includes(tr)) out.push(tr);
  return out.filter((t) => t > 0n).sort((a, b) => (a < b ? -1 : 1));
}

/**
 * aml.structuring: RISK_STRUCTURING_MIN_COUNT or more same-direction transactions "just under" a
 * reporting threshold (within RISK_STRUCTURING_BAND below it) within RISK_STRUCTURING_WINDOW,
 * this one included. Fires on the transaction that completes the pattern and on later ones in it.
 */
export const structuring: Rule = (ctx) => {
  const { band, minCount, windowMs } = ctx.config.structuring;
  const amount = ctx.tx.amountUsd;
  for (const threshold of structuringThresholds(ctx)) {
    const floor = multiply(threshold, ONE - band);
    const inBand = (usd: Fixed) => usd >= floor && usd < threshold;
    if (!inBand(amount)) continue;
    const prior = windowBefore(ctx, windowMs).filter((e) => e.direction === ctx.tx.direction && inBand(e.amountUsd));
    const count = prior.length + 1;
    if (count < minCount) continue;
    return [
      {
        code: 'aml.structuring',
        score: ctx.config.weights['aml.structuring'],
        message: `${count} ${ctx.tx.direction} transactions just under ${formatDecimal(threshold)} USD within ${Math.round(windowMs / 3_600_000)} h`,
        details: {
          thresholdUsd: formatDecimal(threshold),
          bandFloorUsd: formatDecimal(floor),
          count,
          totalUsd: formatDecimal(prior.reduce((s, e) => s + e.amountUsd, amount)),
          transactionIds: [...prior.map((e) => e.transactionId), ctx.tx.transactionId],
        },
      },
    ];
  }
  return [];
};
