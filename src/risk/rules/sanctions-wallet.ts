import type { Rule } from '../types.ts';

/** sanctions.wallet: the counterparty wallet is listed (e.g. an OFAC SDN "Digital Currency Address"). Hard block. */
export const sanctionsWallet: Rule = (ctx) => {
  const hits = ctx.sanctions.wallets;
  if (hits.length === 0) return [];
  const sources = [...new Set(hits.map((h) => h.source))];
  return [
    {
      code: 'sanctions.wallet',
      score: ctx.config.weights['sanctions.wallet'],
      outcome: 'block',
      message: `Counterparty wallet is on a sanctions list (${sources.join(', ')})`,
      details: {
        matches: hits.map((h) => ({
          field: h.field,
          source: h.source,
          sourceId: h.sourceId,
          currency: h.currency,
          chain: h.chain,
          programs: h.programs,
        })),
      },
    },
  ];
};
