/**
 * The calibrated confidence (issue #16): the committed maps are monotone and bounded, vessels and aircraft
 * share one map, equal confidences for persons and organisations are read off the maps (never
 * numbers written here), a match carries the map's value and its explanation says so, and the fitting
 * (pool-adjacent-violators) is isotonic on a known case.
 */
import { describe, expect, it } from 'vitest';
import { fitIsotonic, reliability } from '../../../bench/eval/calibrate.ts';
import { calibrationGroup, matchConfidence } from '../../../src/sanctions/calibration.ts';
import { SanctionsIndex } from '../../../src/sanctions/index.ts';
import { CALIBRATION } from '../../../src/sanctions/tables/calibration.ts';
import { namedEntity } from './entity-fixture.ts';

const GROUPS = ['person', 'organization', 'vessel'] as const;
const grid = Array.from({ length: 1001 }, (_, i) => i / 1000);

describe('committed calibration maps', () => {
  it.each(GROUPS)('%s: knots sorted, confidence monotone in the score and within [0, 1]', (g) => {
    const knots = CALIBRATION.maps[g];
    expect(knots.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < knots.length; i++) {
      expect(knots[i]![0]).toBeGreaterThan(knots[i - 1]![0]);
      expect(knots[i]![1]).toBeGreaterThanOrEqual(knots[i - 1]![1]);
    }
    let prev = -1;
    for (const s of grid) {
      const c = matchConfidence(g, s);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
      expect(c).toBeGreaterThanOrEqual(prev);
      prev = c;
    }
  });

  it('aircraft read the vessel map; persons and organisations their own', () => {
    expect(calibrationGroup('person')).toBe('person');
    expect(calibrationGroup('organization')).toBe('organization');
    expect(calibrationGroup('vessel')).toBe('vessel');
    expect(calibrationGroup('aircraft')).toBe('vessel');
    for (const s of [0.5, 0.78, 0.9, 1]) expect(matchConfidence('aircraft', s)).toBe(matchConfidence('vessel', s));
  });

  it('equal confidence for persons and organisations: the scores that give it come from the maps', () => {
    // The lowest score at which each map reaches a confidence both maps reach: read off the tables.
    const reach = (g: (typeof GROUPS)[number], c: number) => grid.find((s) => matchConfidence(g, s) >= c);
    const both = ['person', 'organization'] as const;
    const top = Math.min(...both.map((g) => matchConfidence(g, 1)));
    const bottom = Math.max(...both.map((g) => matchConfidence(g, 0)));
    for (const c of [0.5, 0.9].map((f) => Math.round((bottom + (top - bottom) * f) * 1000) / 1000)) {
      const sp = reach('person', c);
      const so = reach('organization', c);
      expect(sp).toBeDefined();
      expect(so).toBeDefined();
      // Both at least the target and within a grid step of it (the map is continuous): "the same confidence".
      expect(matchConfidence('person', sp!)).toBeGreaterThanOrEqual(c);
      expect(matchConfidence('organization', so!)).toBeGreaterThanOrEqual(c);
      expect(matchConfidence('person', sp! - 0.001)).toBeLessThan(c);
      expect(matchConfidence('organization', so! - 0.001)).toBeLessThan(c);
    }
  });
});

describe('a screened match carries the map value', () => {
  const index = SanctionsIndex.build([
    namedEntity('306', 'organization', ['BANCO NACIONAL DE CUBA']),
    namedEntity('22790', 'person', ['MADURO MOROS, Nicolas']),
    namedEntity('4243', 'vessel', ['EBANO']),
  ]);

  it.each([
    ['Banco Nacional de Cuba', 'organization', 'organisations'],
    ['Nicolas Maduro Moros', 'person', 'persons'],
    ['Nicolas Maduro', 'person', 'persons'],
    ['Ebano', 'vessel', 'vessels and aircraft'],
  ] as const)('%s → confidence of the %s map, stated in the explanation', (name, type, label) => {
    const [m] = index.screen({ name, threshold: 0.5, limit: 5 });
    expect(m?.type).toBe(type);
    expect(m!.confidence).toBe(matchConfidence(type, m!.score));
    expect(m!.explanation.summary).toContain(`confidence ${m!.confidence.toFixed(2)} for ${label} at this score`);
    // The summary ends with the score then the confidence: the token pairs before them are untouched.
    expect(m!.explanation.summary).toMatch(/; score [\d.]+; confidence [\d.]+ for [\w ]+ at this score$/);
  });
});

describe('fitting (pool-adjacent-violators, add-one smoothing)', () => {
  it('pools a violation and stays monotone, never 0 or 1', () => {
    const pairs = [
      ...Array.from({ length: 10 }, (_, i) => ({ score: 0.5, match: i < 1 })),
      ...Array.from({ length: 10 }, (_, i) => ({ score: 0.6, match: i < 4 })),
      ...Array.from({ length: 10 }, (_, i) => ({ score: 0.7, match: i < 2 })), // violates: pooled with 0.6
      ...Array.from({ length: 10 }, () => ({ score: 0.9, match: true })),
    ];
    const knots = fitIsotonic(pairs);
    expect(knots).toEqual([
      [0.5, Math.round((2 / 12) * 1e4) / 1e4],
      [0.65, Math.round((7 / 22) * 1e4) / 1e4],
      [0.9, Math.round((11 / 12) * 1e4) / 1e4],
    ]);
  });

  it('expected calibration error: zero when confidence equals the observed rate', () => {
    const items = [
      ...Array.from({ length: 4 }, (_, i) => ({ p: 0.25, match: i === 0 })),
      ...Array.from({ length: 4 }, (_, i) => ({ p: 0.75, match: i < 3 })),
    ];
    expect(reliability(items).ece).toBeCloseTo(0, 10);
    expect(reliability(items.map((x) => ({ ...x, p: 1 }))).ece).toBeCloseTo(0.5, 10);
  });
});
