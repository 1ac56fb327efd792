import { formatDecimal } from '../money.ts';
import type { Rule, RuleHit } from '../types.ts';

/**
 * travel_rule.incomplete: originator/beneficiary information is required at this amount under the
 * platform's jurisdiction and the IVMS101 payload is missing fields or invalid. Review: the transfer
 * must not go out (or be credited) until the information is there.
 * travel_rule.unhosted_wallet: a self-hosted wallet above the jurisdiction's ownership-check amount
 * (EU: EUR 1,000) without counterparty.ownershipVerified. Review.
 */
export const travelRule: Rule = (ctx) => {
  const v = ctx.travelRule;
  const hits: RuleHit[] = [];
  if (v.status === 'incomplete') {
    hits.push({
      code: 'travel_rule.incomplete',
      score: ctx.config.weights['travel_rule.incomplete'],
      outcome: 'review',
      message: `Travel Rule information incomplete (${v.jurisdiction}): ${v.missing.length} missing, ${v.invalid.length} invalid`,
      details: {
        jurisdiction: v.jurisdiction,
        thresholdUsd: v.thresholdUsd === null ? null : formatDecimal(v.thresholdUsd),
        missing: v.missing,
        invalid: v.invalid,
      },
    });
  }
  if (v.unhostedOwnership && !v.unhostedOwnership.verified) {
    hits.push({
      code: 'travel_rule.unhosted_wallet',
      score: ctx.config.weights['travel_rule.unhosted_wallet'],
      outcome: 'review',
      message: `Self-hosted wallet above ${formatDecimal(v.unhostedOwnership.thresholdUsd)} USD without verified ownership (${v.jurisdiction})`,
      details: { jurisdiction: v.jurisdiction, thresholdUsd: formatDecimal(v.unhostedOwnership.thresholdUsd) },
    });
  }
  return hits;
};
