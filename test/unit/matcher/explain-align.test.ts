import { describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/sanctions/entity.ts';
import { alignTokens } from '../../../src/sanctions/explain.ts';
import { SanctionsIndex } from '../../../src/sanctions/index.ts';
import { namedEntity } from './entity-fixture.ts';

const KIM: Entity = { ...namedEntity('6908048', 'person', ['KIM JONG UN']), source: 'un-sc' };

describe('alignTokens: the explanation in reading order for the console', () => {
  it('puts each query token, in query order, beside the list token it paired with', () => {
    const index = SanctionsIndex.build([KIM]);
    // The misspelt first token pairs last (the matcher takes the best pairs first).
    const [m] = index.screen({ name: 'Jongg Un Kim', threshold: 0.5, limit: 1 });
    expect(m!.explanation.pairs[0]!.query).toBe('un');
    const rows = alignTokens(m!.explanation);
    expect(rows.map((r) => [r.query, r.candidate, r.kind])).toEqual([
      ['jongg', 'jong', m!.explanation.pairs[2]!.kind],
      ['un', 'un', 'exact'],
      ['kim', 'kim', 'exact'],
    ]);
  });

  it('places a list token nothing paired with after the row of the list token before it', () => {
    const rows = alignTokens({
      query: { normalized: 'ali hassan', tokens: ['ali', 'hassan'] },
      candidate: {
        name: 'ALI MOHAMMED HASSAN',
        normalized: 'ali mohammed hassan',
        tokens: ['ali', 'mohammed', 'hassan'],
        kind: 'primary',
      },
      pairs: [
        { query: 'hassan', candidate: 'hassan', kind: 'exact', similarity: 1, weight: 2 },
        { query: 'ali', candidate: 'ali', kind: 'exact', similarity: 1, weight: 2 },
        { query: null, candidate: 'mohammed', kind: 'unmatched', similarity: 0, weight: 1 },
      ],
    });
    expect(rows.map((r) => [r.query, r.candidate])).toEqual([
      ['ali', 'ali'],
      [null, 'mohammed'],
      ['hassan', 'hassan'],
    ]);
  });
});
