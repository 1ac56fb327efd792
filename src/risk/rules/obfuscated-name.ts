import type { Rule } from '../types.ts';

/**
 * input.obfuscated_name: a counterparty or Travel Rule name carries bidi overrides, tag characters or
 * invisible characters (src/sanctions/obfuscation.ts). The matcher strips them, so the name is still
 * screened; this says someone tried to disguise it. No hard outcome: the default weight (0.85) is above
 * RISK_REVIEW_SCORE, so it reviews, and an operator may lower it to a mere signal.
 */
export const obfuscatedName: Rule = (ctx) => {
  const disguised = ctx.input?.disguisedNames ?? [];
  if (disguised.length === 0) return [];
  const kinds = [...new Set(disguised.flatMap((d) => d.kinds))];
  return [
    {
      code: 'input.obfuscated_name',
      score: ctx.config.weights['input.obfuscated_name'],
      message: `${disguised.length} name${disguised.length === 1 ? '' : 's'} disguised with ${kinds.join(', ')}`,
      details: { fields: disguised.map((d) => ({ field: d.field, kinds: [...d.kinds] })), kinds },
    },
  ];
};
