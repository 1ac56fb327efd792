/**
 * Rules → weighted score → decision (the seed design):
 * - any hit with outcome "block" → block;
 * - any hit with outcome "review", or score > RISK_REVIEW_SCORE (0.8) → review (queued for a person);
 * - score > RISK_ENHANCED_SCORE (0.6) → approve, and the customer moves to enhanced monitoring;
 * - else approve.
 * The score is the sum of the hits' scores, capped at 1. Enhanced monitoring is sticky: once set it
 * stays (tightened monitoring thresholds) until compliance resets it.
 */
import type { RiskConfig } from './config.ts';
import { RULES } from './rules/index.ts';
import type { Decision, Monitoring, Rule, RuleContext, RuleHit } from './types.ts';

export interface Evaluation {
  decision: Decision;
  /** 0..1, four decimals. */
  riskScore: number;
  /** Highest score first. */
  hits: RuleHit[];
  /** The customer's monitoring level after this transaction. */
  monitoring: Monitoring;
  /** True when this transaction moved the customer from standard to enhanced monitoring. */
  escalated: boolean;
}

/** Scores are summed in basis points so 0.45 + 0.35 is exactly 0.8, not 0.7999999999999999. */
const bp = (x: number) => Math.round(x * 10_000);

export function decide(
  hits: readonly RuleHit[],
  monitoring: Monitoring,
  thresholds: RiskConfig['decision'],
): Evaluation {
  const total = Math.min(
    10_000,
    hits.reduce((s, h) => s + bp(h.score), 0),
  );
  const riskScore = total / 10_000;
  let decision: Decision = 'approve';
  if (hits.some((h) => h.outcome === 'block')) decision = 'block';
  else if (hits.some((h) => h.outcome === 'review') || total > bp(thresholds.reviewAbove)) decision = 'review';
  const enhancedNow = total > bp(thresholds.enhancedAbove) || decision !== 'approve';
  const next: Monitoring = monitoring === 'enhanced' || enhancedNow ? 'enhanced' : 'standard';
  const sorted = hits
    .map((h, i) => [h, i] as const)
    .sort((a, b) => b[0].score - a[0].score || a[1] - b[1])
    .map(([h]) => h);
  return {
    decision,
    riskScore,
    hits: sorted,
    monitoring: next,
    escalated: next === 'enhanced' && monitoring === 'standard',
  };
}

export function evaluate(ctx: RuleContext, rules: readonly Rule[] = RULES): Evaluation {
  const hits: RuleHit[] = [];
  for (const rule of rules) for (const hit of rule(ctx)) hits.push(hit);
  return decide(hits, ctx.monitoring, ctx.config.decision);
}
