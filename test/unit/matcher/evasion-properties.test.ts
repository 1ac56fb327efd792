/**
 * Issue 17, as properties over real list names: for any listed name (drawn with a fixed seed from the
 * shared snapshots, parsed by the real parsers), a disguised spelling — ignorable characters inserted
 * anywhere, the fullwidth form, other whitespace and dash characters, Cyrillic or Greek look-alike
 * letters inside its Latin words — gets exactly the matches and scores of the plain name.
 * Skipped with a message when the snapshots are absent (failed on CI).
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { SanctionsIndex } from '../../../src/sanctions/index.ts';
import { loadSourcesFromDir } from '../../../src/sanctions/load.ts';
import { DEFAULT_MATCH_THRESHOLD } from '../../../src/sanctions/score.ts';
import { SHARED_LISTS_DIR, describeShared } from '../../helpers/shared-data.ts';

/** Fixed seeds (one per property, SEED + n): the same names and disguises on every run. */
const SEED = 17;
const RUNS = 300;

/**
 * Characters that must change nothing, wherever they stand: format (Cf) and control (Cc) characters,
 * default-ignorables, tag characters, lone surrogates. A lone surrogate is written next to a zero-width
 * space so that two of them never pair up into a real character.
 */
const IGNORABLES = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0080',
  '\u009f',
  '\u00ad',
  '\u034f',
  '\u061c',
  '\u115f',
  '\u1160',
  '\u17b4',
  '\u17b5',
  '\u180b',
  '\u180e',
  '\u180f',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2060',
  '\u2061',
  '\u2062',
  '\u2063',
  '\u2064',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u206a',
  '\u206f',
  '\u3164',
  '\ufe00',
  '\ufe0f',
  '\ufeff',
  '\uffa0',
  '\ufff9',
  '\ufffa',
  '\ufffb',
  '\u{110bd}',
  '\u{1bca0}',
  '\u{1d173}',
  '\u{e0001}',
  '\u{e0020}',
  '\u{e0041}',
  '\u{e007f}',
  '\u{e0100}',
  '\ud800\u200b',
  '\udbff\u200b',
  '\u200b\udc00',
  '\u200b\udfff',
];

const SPACES = [
  ' ',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2002',
  '\u2003',
  '\u2007',
  '\u2009',
  '\u200a',
  '\u202f',
  '\u205f',
  '\u3000',
  '\t',
  '\n',
  '\u0085',
  '\u2028',
];
const DASHES = [
  '\u2010',
  '\u2011',
  '\u2012',
  '\u2013',
  '\u2014',
  '\u2015',
  '\u2212',
  '\ufe58',
  '\ufe63',
  '\uff0d',
  '\u058a',
  '\u05be',
  '\u2e3a',
];

/** Latin letters and look-alikes of them from Cyrillic and Greek (the classic homoglyph attacks). */
const LOOK_ALIKES: Record<string, string[]> = {
  a: ['а'],
  c: ['с'],
  e: ['е'],
  h: ['һ'],
  i: ['і', 'ι'],
  j: ['ј'],
  o: ['о', 'ο'],
  p: ['р', 'ρ'],
  s: ['ѕ'],
  v: ['ν'],
  x: ['х'],
  y: ['у'],
  A: ['А', 'Α'],
  B: ['В', 'Β'],
  C: ['С'],
  E: ['Е', 'Ε'],
  H: ['Н', 'Η'],
  I: ['І', 'Ι'],
  J: ['Ј'],
  K: ['К', 'Κ'],
  M: ['М', 'Μ'],
  N: ['Ν'],
  O: ['О', 'Ο'],
  P: ['Р', 'Ρ'],
  S: ['Ѕ'],
  T: ['Т', 'Τ'],
  X: ['Х', 'Χ'],
  Y: ['Ү', 'Υ'],
  Z: ['Ζ'],
};

const fullwidth = (s: string): string =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

function insertAt(name: string, inserts: { at: number; seq: string[] }[]): string {
  const cps = [...name];
  const slots: string[] = Array.from({ length: cps.length + 1 }, () => '');
  for (const ins of inserts) slots[ins.at % slots.length] += ins.seq.join('');
  return slots.map((s, i) => s + (cps[i] ?? '')).join('');
}

describeShared('disguised spellings of real list names match like the plain name', () => {
  let index: SanctionsIndex;
  let names: string[];
  let latinNames: string[];

  beforeAll(async () => {
    const loaded = await loadSourcesFromDir(SHARED_LISTS_DIR);
    const entities = loaded.parsed.flatMap((p) => p.entities);
    index = SanctionsIndex.build(entities);
    names = [...new Set(entities.flatMap((e) => e.names.map((n) => n.full)))].sort();
    latinNames = names.filter((n) => /^[A-Za-z .,'-]+$/.test(n) && /[a-zA-Z]{2}/.test(n));
  }, 180_000);

  const screen = (name: string) =>
    index
      .screen({ name, threshold: DEFAULT_MATCH_THRESHOLD, limit: 10 })
      .map((m) => `${m.source}:${m.sourceId}:${m.score}`);

  const listedName = () => fc.nat().map((i) => names[i % names.length]!);

  it('the sample is real: most drawn names find a list entry', () => {
    expect(names.length).toBeGreaterThan(50_000);
    expect(latinNames.length).toBeGreaterThan(20_000);
    const sample = fc.sample(listedName(), { seed: SEED, numRuns: 200 });
    expect(sample.filter((n) => screen(n).length > 0).length).toBeGreaterThan(180);
  });

  it('ignorable characters inserted anywhere change no match and no score', () => {
    const inserts = fc.array(
      fc.record({ at: fc.nat(), seq: fc.array(fc.constantFrom(...IGNORABLES), { minLength: 1, maxLength: 4 }) }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(listedName(), inserts, (name, ins) => {
        expect(screen(insertAt(name, ins))).toEqual(screen(name));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the fullwidth form of a name changes no match and no score', () => {
    fc.assert(
      fc.property(listedName(), (name) => {
        expect(screen(fullwidth(name))).toEqual(screen(name));
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it('other whitespace and dash characters change no match and no score', () => {
    fc.assert(
      fc.property(
        listedName(),
        fc.array(fc.constantFrom(...SPACES), { minLength: 1 }),
        fc.array(fc.constantFrom(...DASHES), { minLength: 1 }),
        (name, spaces, dashes) => {
          let s = 0;
          let d = 0;
          const disguised = name
            .replace(/ /g, () => spaces[s++ % spaces.length]!)
            .replace(/-/g, () => dashes[d++ % dashes.length]!);
          expect(screen(disguised)).toEqual(screen(name));
        },
      ),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });

  it('Cyrillic and Greek look-alikes inside Latin words change no match and no score', () => {
    fc.assert(
      fc.property(fc.nat(), fc.infiniteStream(fc.nat()), (i, picks) => {
        const name = latinNames[i % latinNames.length]!;
        // Fewer than half the letters of each word: the word stays mostly Latin, as a disguise keeps it.
        const disguised = name.replace(/[A-Za-z]+/g, (word) => {
          const chars = [...word];
          let budget = Math.floor((chars.length - 1) / 2);
          for (let k = 0; k < chars.length && budget > 0; k++) {
            const options = LOOK_ALIKES[chars[k]!];
            const pick = picks.next().value as number;
            if (!options || pick % 3 === 0) continue;
            chars[k] = options[pick % options.length]!;
            budget--;
          }
          return chars.join('');
        });
        expect(screen(disguised)).toEqual(screen(name));
      }),
      { seed: SEED + 3, numRuns: RUNS },
    );
  });
});
