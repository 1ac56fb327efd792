import type { Rule } from '../types.ts';

/** velocity.burst: RISK_BURST_COUNT or more transactions within RISK_BURST_WINDOW (5 in 5 minutes, after Tazama rule 076). Scored. */
export const burst: Rule = (ctx) => {
  const { count: threshold, windowMs } = ctx.config.burst;
  const count = ctx.history.countBetween(ctx.tx.at - windowMs, ctx.tx.at) + 1;
  if (count < threshold) return [];
  return [
    {
      code: 'velocity.burst',
      score: ctx.config.weights['velocity.burst'],
      message: `${count} transactions within ${Math.round(windowMs / 60_000)} minutes`,
      details: { count, threshold, windowMinutes: windowMs / 60_000 },
    },
  ];
};
