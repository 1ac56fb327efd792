import { formatDecimal, withinTolerance } from '../money.ts';
import type { Rule } from '../types.ts';
import { totalUsd, windowBefore } from './window.ts';

/**
 * aml.rapid_movement (pass-through / mirroring): an outbound transfer within RISK_RAPID_MOVEMENT_WINDOW
 * (24 h) after inbound funds of about the same value (±RISK_RAPID_MOVEMENT_TOLERANCE, 10 %): one inbound
 * transfer mirrored, or the window's inbound total moved on. Only from RISK_RAPID_MOVEMENT_MIN_USD up.
 */
export const rapidMovement: Rule = (ctx) => {
  const { windowMs, tolerance, minUsd } = ctx.config.rapidMovement;
  const out = ctx.tx.amountUsd;
  if (ctx.tx.direction !== 'outbound' || out < minUsd) return [];
  const inbound = windowBefore(ctx, windowMs).filter((e) => e.direction === 'inbound');
  if (inbound.length === 0) return [];
  // Latest matching inbound first: the tightest in-then-out pair.
  const single = [...inbound].reverse().find((e) => withinTolerance(out, e.amountUsd, e.amountUsd, tolerance));
  const total = totalUsd(inbound);
  const matched = single ? [single] : withinTolerance(out, total, total, tolerance) ? inbound : undefined;
  if (!matched) return [];
  const inUsd = totalUsd(matched);
  const firstIn = matched[0]!.at;
  return [
    {
      code: 'aml.rapid_movement',
      score: ctx.config.weights['aml.rapid_movement'],
      message: `Outbound ${formatDecimal(out)} USD within ${Math.round((ctx.tx.at - firstIn) / 60_000)} minutes of ${formatDecimal(inUsd)} USD received`,
      details: {
        outboundUsd: formatDecimal(out),
        inboundUsd: formatDecimal(inUsd),
        inboundTransactionIds: matched.map((e) => e.transactionId),
        minutesSinceInbound: Math.round((ctx.tx.at - firstIn) / 60_000),
        tolerance: formatDecimal(tolerance),
      },
    },
  ];
};
