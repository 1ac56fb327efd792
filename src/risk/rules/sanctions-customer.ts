import type { Rule } from '../types.ts';

/**
 * sanctions.customer: the customer themself matched a listed entity in a re-screen (monitoring), and the alert
 * is not resolved yet. At or above RISK_NAME_BLOCK_SCORE: block; below: review. The trading engine learns of a
 * new designation of its own customer on the customer's next transaction, without another integration.
 */
export const sanctionsCustomer: Rule = (ctx) => {
  const hit = ctx.customerSanctions;
  if (!hit || hit.alerts.length === 0) return [];
  const blockScore = ctx.config.sanctions.nameBlockScore;
  const block = hit.bestScore >= blockScore;
  const score = hit.bestScore.toFixed(3);
  return [
    {
      code: 'sanctions.customer',
      score: block ? 1 : ctx.config.weights['sanctions.customer'],
      outcome: block ? 'block' : 'review',
      message: block
        ? `The customer matches a sanctioned party (re-screen, score ${score} ≥ ${blockScore}); the alert is open`
        : `The customer possibly matches a sanctioned party (re-screen, score ${score}); the alert is open: review`,
      details: {
        bestScore: hit.bestScore,
        blockScore,
        alerts: hit.alerts.map((a) => ({ alertId: a.alertId, source: a.source, sourceId: a.sourceId, score: a.score })),
      },
    },
  ];
};
