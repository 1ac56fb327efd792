import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/risk/engine.ts';
import type { RuleHit } from '../../../src/risk/types.ts';

const hit = (score: number, outcome?: 'block' | 'review'): RuleHit => ({
  code: 'aml.structuring',
  score,
  ...(outcome ? { outcome } : {}),
  message: '',
  details: {},
});
const thresholds = { reviewAbove: 0.8, enhancedAbove: 0.6 };

describe('decision engine', () => {
  it('approves a clean transaction', () => {
    expect(decide([], 'standard', thresholds)).toMatchObject({
      decision: 'approve',
      riskScore: 0,
      monitoring: 'standard',
      escalated: false,
    });
  });
  it('any hard block blocks, whatever the score', () => {
    expect(decide([hit(0.1, 'block')], 'standard', thresholds).decision).toBe('block');
  });
  it('score > 0.8 reviews; exactly 0.8 does not (0.45 + 0.35 summed exactly)', () => {
    expect(decide([hit(0.45), hit(0.35)], 'standard', thresholds)).toMatchObject({
      decision: 'approve',
      riskScore: 0.8,
      monitoring: 'enhanced',
    });
    expect(decide([hit(0.45), hit(0.36)], 'standard', thresholds)).toMatchObject({
      decision: 'review',
      riskScore: 0.81,
    });
  });
  it('score > 0.6 approves and moves the customer to enhanced monitoring', () => {
    expect(decide([hit(0.65)], 'standard', thresholds)).toMatchObject({
      decision: 'approve',
      monitoring: 'enhanced',
      escalated: true,
    });
    expect(decide([hit(0.6)], 'standard', thresholds)).toMatchObject({ decision: 'approve', monitoring: 'standard' });
  });
  it('a review outcome reviews even with a low score; enhanced monitoring is sticky', () => {
    expect(decide([hit(0.1, 'review')], 'standard', thresholds)).toMatchObject({
      decision: 'review',
      monitoring: 'enhanced',
    });
    expect(decide([], 'enhanced', thresholds)).toMatchObject({
      decision: 'approve',
      monitoring: 'enhanced',
      escalated: false,
    });
  });
  it('caps the score at 1 and lists the strongest hits first', () => {
    const r = decide([hit(0.35), hit(1, 'block'), hit(0.65)], 'standard', thresholds);
    expect(r.riskScore).toBe(1);
    expect(r.hits.map((h) => h.score)).toEqual([1, 0.65, 0.35]);
  });
});
