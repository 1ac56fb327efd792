/** Small helpers shared by the window rules. */
import type { ActivityEntry } from '../activity.ts';
import { multiply, sum, type Fixed } from '../money.ts';
import type { RuleContext } from '../types.ts';

/** Prior counted entries in the window (at − windowMs, at] before this transaction. */
export function windowBefore(ctx: RuleContext, windowMs: number): readonly ActivityEntry[] {
  return ctx.history.between(ctx.tx.at - windowMs, ctx.tx.at);
}

export function totalUsd(entries: readonly ActivityEntry[]): Fixed {
  return sum(entries.map((e) => e.amountUsd));
}

/** Monitoring thresholds tighten for customers under enhanced monitoring. */
export function monitoringThreshold(ctx: RuleContext, value: Fixed): Fixed {
  return ctx.monitoring === 'enhanced' ? multiply(value, ctx.config.monitoring.enhancedFactor) : value;
}

export function monitoringCount(ctx: RuleContext, value: number): number {
  if (ctx.monitoring !== 'enhanced') return value;
  // Integer thresholds scale through the exact factor, rounding up so a threshold never drops to 0.
  const scaled = (BigInt(value) * ctx.config.monitoring.enhancedFactor + 10n ** 18n - 1n) / 10n ** 18n;
  return Math.max(1, Number(scaled));
}

/** Limits scale with the customer's risk level (low 2×, medium 1×, high 0.25× by default). */
export function levelLimit(ctx: RuleContext, base: Fixed): Fixed {
  return multiply(base, ctx.config.limits.levelFactors[ctx.customer.riskLevel]);
}
