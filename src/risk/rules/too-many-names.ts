import type { Rule } from '../types.ts';

/**
 * travel_rule.too_many_names: the request carries more distinct counterparty-side names than one
 * screening may match (TRANSACTIONS_MAX_SCREENED_NAMES). The first ones were screened; the rest were
 * not, so a person looks at the transfer. Review.
 */
export const tooManyNames: Rule = (ctx) => {
  const n = ctx.input?.names;
  if (!n || n.distinct <= n.screened) return [];
  return [
    {
      code: 'travel_rule.too_many_names',
      score: ctx.config.weights['travel_rule.too_many_names'],
      outcome: 'review',
      message: `${n.distinct} distinct counterparty names, ${n.screened} screened (limit ${n.limit}): review the rest`,
      details: { names: n.distinct, screened: n.screened, limit: n.limit },
    },
  ];
};
