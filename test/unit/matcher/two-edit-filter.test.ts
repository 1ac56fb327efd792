import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { letterMask } from '../../../src/sanctions/normalize.ts';
import { doubledLetterMask, withinTwoEdits } from '../../../src/sanctions/similarity.ts';

const popcount = (x: number) => {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
};

/** The two-edit scan's filter (index.ts twoEditHits): letter set and doubled letters differ in ≤ 4 bits. */
const passes = (a: string, b: string) =>
  popcount(letterMask(a) ^ letterMask(b)) + popcount(doubledLetterMask(a) ^ doubledLetterMask(b)) <= 4;

type Edit = { op: 'sub' | 'ins' | 'del' | 'swap'; at: number; letter: string };
const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
const edit = fc.record({
  op: fc.constantFrom('sub', 'ins', 'del', 'swap'),
  at: fc.nat(40),
  letter,
}) as fc.Arbitrary<Edit>;

function apply(w: string, e: Edit): string {
  const i = e.at % Math.max(1, w.length);
  if (e.op === 'sub') return w.slice(0, i) + e.letter + w.slice(i + 1);
  if (e.op === 'ins') return w.slice(0, i) + e.letter + w.slice(i);
  if (e.op === 'del') return w.slice(0, i) + w.slice(i + 1);
  return i + 1 < w.length ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w;
}

describe('the two-edit scan filter on letter counts', () => {
  it('marks the letters that occur twice or more', () => {
    expect(doubledLetterMask('beloglazov')).toBe((1 << 11) | (1 << 14));
    expect(doubledLetterMask('abc')).toBe(0);
  });

  it('never drops a pair within two typing errors (property, incl. overlapping slips)', () => {
    fc.assert(
      fc.property(fc.array(letter, { minLength: 8, maxLength: 16 }), edit, edit, (letters, e1, e2) => {
        const word = letters.join('');
        const typed = apply(apply(word, e1), e2);
        if (withinTwoEdits(word, typed)) expect(passes(word, typed)).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('drops words the letter set alone would keep', () => {
    // Three letters apart on the set (within the old bound of four), three doubled on one side only.
    expect(popcount(letterMask('abcdefghij') ^ letterMask('aabbccdefg'))).toBe(3);
    expect(passes('abcdefghij', 'aabbccdefg')).toBe(false);
    expect(withinTwoEdits('abcdefghij', 'aabbccdefg')).toBe(false);
  });
});
