/**
 * The classes of variation issue 16 names, each on real public list entries: typing errors in long
 * words, romanisation variants, legal forms glued or spaced out, glued particles, OCR confusions,
 * Han and kana, and the short syllabic names that used to match by chance.
 */
import { describe, expect, it } from 'vitest';
import { SanctionsIndex } from '../../../src/sanctions/index.ts';
import { namedEntity } from './entity-fixture.ts';
import { normalizeName } from '../../../src/sanctions/normalize.ts';
import { DEFAULT_MATCH_THRESHOLD as T } from '../../../src/sanctions/score.ts';

const index = SanctionsIndex.build([
  namedEntity('1', 'person', ['BELOGLAZOV, Aleksandr']),
  namedEntity('2', 'organization', ['OBORONENERGO JSC']),
  namedEntity('3', 'organization', ['MARINEX LIMITED']),
  namedEntity('4', 'organization', ['INMUEBLES SIERRA VISTA S.A. DE C.V.']),
  namedEntity('5', 'person', ['AL-QADI, Samir']),
  namedEntity('6', 'person', ['ABU TEIR, Mohammed']),
  namedEntity('7', 'person', ['HAMMUD, Ghazi']),
  namedEntity('8', 'person', ['PAK, Chun Il']),
  namedEntity('9', 'person', ['WEI, Li Ming']),
  namedEntity('10', 'person', ['XI, Jinping']),
  namedEntity('11', 'organization', ['KRIOGENMASH OAO']),
  namedEntity('12', 'person', ['ZHANG, Wei']),
  namedEntity('13', 'person', ['AHMED, Khalid Mahmoud']),
]);
const found = (name: string, id: string): boolean =>
  index.screen({ name, threshold: T, limit: 10 }).some((m) => m.sourceId === id);

describe('variation classes', () => {
  it('finds two typing errors in one long word', () => {
    expect(found('Aleksandr BEOLGLAZO', '1')).toBe(true);
    expect(found('OBOEROENERGO JSC', '2')).toBe(true);
  });

  it('finds legal forms glued to the name or spelt out letter by letter', () => {
    expect(normalizeName('NORTHSTARltd')).toBe('northstar ltd');
    expect(normalizeName('ACME S A DE C V')).toBe('acme sa');
    expect(normalizeName('Redbird Corporate Services L t d')).toBe('redbird corporate services ltd');
    // Ordinary words keep their endings: Zinc is not Z + Inc, Thomas not Thom + AS.
    expect(normalizeName('Zinc')).toBe('zinc');
    expect(normalizeName('Thomas Krestov')).toBe('thomas krestov');
    expect(found('MARINEXlimited', '3')).toBe(true);
    expect(found('KRIOGENMASHOAO', '11')).toBe(true);
    expect(found('INMUEBLES SIERRA VISTAsadecv', '4')).toBe(true);
  });

  it('finds particles glued to the name after them', () => {
    expect(found('Samir ALQADI', '5')).toBe(true);
    expect(found('Mohammed ABUTEIR', '6')).toBe(true);
  });

  it('undoes one OCR confusion (rn for m)', () => {
    expect(found('GHAZI HARNMUD', '7')).toBe(true);
  });

  it('pairs Korean, Chinese and Turkish romanisations of one name', () => {
    expect(found('BAK CHUN IL', '8')).toBe(true);
    expect(found('Chang Wei', '12')).toBe(true);
    expect(found('Khalid Mahmoud AHMET', '13')).toBe(true);
  });

  it('reads Han as pinyin and kana as Hepburn romaji', () => {
    expect(normalizeName('习近平')).toBe('xi jinping');
    expect(normalizeName('やまだ たろう')).toBe('yamada tarou');
    expect(found('习近平', '10')).toBe(true);
  });

  it('does not match two common syllables in another order, nor a sound-alike syllable', () => {
    expect(found('Li Wei', '9')).toBe(false);
    expect(found('Wei Li Ming', '9')).toBe(true);
    expect(found('Zhang Wei Hao', '12')).toBe(false);
  });
});
