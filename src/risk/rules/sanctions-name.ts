import type { Rule } from '../types.ts';

/**
 * sanctions.counterparty_name: a counterparty name (counterparty, VASP, or Travel Rule person) matched a
 * listed name at or above the screening threshold. At or above RISK_NAME_BLOCK_SCORE: block; below: review,
 * because a partial name match needs a person to look at it before money moves.
 */
export const sanctionsName: Rule = (ctx) => {
  const matches = ctx.sanctions.names;
  if (matches.length === 0) return [];
  const best = Math.max(...matches.map((m) => m.score));
  const block = best >= ctx.config.sanctions.nameBlockScore;
  return [
    {
      code: 'sanctions.counterparty_name',
      score: block ? 1 : ctx.config.weights['sanctions.counterparty_name'],
      outcome: block ? 'block' : 'review',
      message: block
        ? `Counterparty name matches a sanctioned party (score ${best.toFixed(3)} ≥ ${ctx.config.sanctions.nameBlockScore})`
        : `Counterparty name possibly matches a sanctioned party (score ${best.toFixed(3)}): review`,
      details: {
        bestScore: best,
        blockScore: ctx.config.sanctions.nameBlockScore,
        matches: matches.map((m) => ({
          field: m.field,
          source: m.source,
          sourceId: m.sourceId,
          score: m.score,
          type: m.type,
          programs: m.programs,
        })),
      },
    },
  ];
};
