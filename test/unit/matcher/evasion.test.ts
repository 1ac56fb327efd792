/**
 * Issue 17: a name disguised with invisible, bidirectional, compatibility or look-alike characters
 * still finds its list entry, with the same score as the plain name. Hand-built entries (the real,
 * public listings of Ayman al-Zawahiri: OFAC SDN 2676 and UN QDi.006) keep this runnable without
 * the shared snapshots; evasion-properties.test.ts runs the same promise over real list names.
 */
import { describe, expect, it } from 'vitest';
import type { Entity, EntityName, SourceId } from '../../../src/sanctions/entity.ts';
import { SanctionsIndex } from '../../../src/sanctions/index.ts';
import { normalizeName } from '../../../src/sanctions/normalize.ts';
import { isObfuscated, obfuscationKinds } from '../../../src/sanctions/obfuscation.ts';
import { DEFAULT_MATCH_THRESHOLD } from '../../../src/sanctions/score.ts';

function person(source: SourceId, sourceId: string, names: string[]): Entity {
  const list: EntityName[] = names.map((full, i) => ({
    full,
    kind: i === 0 ? 'primary' : 'alias',
    quality: 'strong',
  }));
  return {
    source,
    sourceId,
    type: 'person',
    name: names[0]!,
    names: list,
    birthDates: [{ date: '1951-06-19' }],
    birthPlaces: [],
    nationalities: ['EG'],
    countries: [],
    documents: [],
    addresses: [],
    programs: ['SDGT'],
    digitalCurrencyAddresses: [],
  };
}

const index = SanctionsIndex.build([
  person('ofac-sdn', '2676', ['AL ZAWAHIRI, Dr. Ayman', 'AL-ZAWAHIRI, Ayman', 'AL-ZAWAHIRI, Aiman Muhammad Rabi']),
  person('un-sc', '111923', ['AIMAN MUHAMMED RABI AL-ZAWAHIRI', 'Ayman Al-Zawahari', 'Al Zawahiri Ayman']),
  // Neighbours, so that a disguise which merely lowers the score would show.
  person('ofac-sdn', '9000', ['AL-ZAWAHIRI, Muhammad']),
  person('un-sc', '9001', ['AYMAN ZAWAHIR']),
]);

const screen = (name: string) =>
  index
    .screen({ name, threshold: DEFAULT_MATCH_THRESHOLD, limit: 10 })
    .map((m) => ({ id: `${m.source}:${m.sourceId}`, score: m.score }));

const PLAIN = 'Ayman al-Zawahiri';

describe('the plain name', () => {
  it('matches both listings at score 1', () => {
    expect(
      screen(PLAIN)
        .filter((m) => m.score === 1)
        .map((m) => m.id),
    ).toEqual(expect.arrayContaining(['ofac-sdn:2676', 'un-sc:111923']));
  });
});

describe('invisible and compatibility characters change nothing', () => {
  const baseline = screen(PLAIN);
  it.each([
    ['zero-width space inside a word', 'Ayman al-Zawa\u200bhiri'],
    ['zero-width space in every word', 'Ay\u200bman al\u200b-Za\u200bwahiri'],
    ['left-to-right and right-to-left marks', '\u200eAy\u200fman al-Zawa\u200ehiri\u200f'],
    ['right-to-left override around the name', '\u202eAyman al-Zawahiri\u202c'],
    ['override inside a word', 'Ayman al-Zawa\u202ehiri\u202c'],
    ['bidi isolates', '\u2067Ayman\u2069 al-\u2066Zawahiri\u2069'],
    ['word joiner', 'Ayman al-Za\u2060wahiri'],
    ['invisible operators', 'Ay\u2062man al-Zawa\u2063hiri'],
    ['NUL', 'Ayman al-Zawa\u0000hiri'],
    ['C0 and C1 controls', 'Ay\u0007man al-Zawa\u001bhi\u009fri'],
    ['a lone high surrogate', 'Ayman al-Zawa\ud800hiri'],
    ['a lone low surrogate', 'Ayman al-Zawa\udc00hiri'],
    ['Mongolian vowel separator', 'Ayman al-Zawa\u180ehiri'],
    ['Hangul filler', 'Ayman al-Zawa\u3164hiri'],
    ['halfwidth Hangul filler', 'Ay\uffa0man al-Zawahiri'],
    ['tag characters', 'Ayman al-Zawa\u{e0041}\u{e0042}hiri\u{e007f}'],
    ['byte-order mark inside a word', 'Ayman al-Zawa\ufeffhiri'],
    ['soft hyphen', 'Ayman al-Zawa\u00adhiri'],
    ['zero-width (non-)joiner', 'Ay\u200cman al-Zawa\u200dhiri'],
    ['variation selector and grapheme joiner', 'Ay\ufe0fman al-Zawa\u034fhiri'],
    ['interlinear annotation characters', 'Ayman al-\ufff9Zawa\ufffahiri\ufffb'],
    ['Arabic letter mark', 'Ayman al-Zawa\u061chiri'],
    ['fullwidth letters', 'Ａｙｍａｎ ａｌ－Ｚａｗａｈｉｒｉ'],
    ['ideographic space, no-break space', 'Ayman\u3000al-Zawahiri'.replace('-', '\u00a0')],
    ['em space, thin space', 'Ayman\u2003al\u2009Zawahiri'],
    ['minus sign as the hyphen', 'Ayman al\u2212Zawahiri'],
    ['non-breaking hyphen', 'Ayman al\u2011Zawahiri'],
    ['fullwidth hyphen-minus', 'Ayman al\uff0dZawahiri'],
    ['small hyphen-minus', 'Ayman al\ufe63Zawahiri'],
    ['Hebrew maqaf', 'Ayman al\u05beZawahiri'],
    ['mathematical bold letters', '𝐀𝐲𝐦𝐚𝐧 𝐚𝐥-𝐙𝐚𝐰𝐚𝐡𝐢𝐫𝐢'],
    ['circled letters', 'Ⓐⓨⓜⓐⓝ ⓐⓛ-Ⓩⓐⓦⓐⓗⓘⓡⓘ'],
  ])('%s', (_label, disguised) => {
    expect(screen(disguised)).toEqual(baseline);
  });
});

describe('look-alike letters from another script inside a Latin word', () => {
  const baseline = screen(PLAIN);
  it.each([
    ['Cyrillic у in Ayman (reads "u" by transliteration)', 'Aуman al-Zawahiri'],
    ['Cyrillic а, і', 'Ayman аl-Zаwаhіrі'],
    ['Cyrillic А, у, а in Ayman (most of the word)', 'Ауmаn al-Zawahiri'],
    ['Greek Α, Ζ', 'Αyman al-Ζawahiri'],
    ['Greek iota', 'Ayman al-Zawahιrι'],
    ['Cyrillic and Greek together', 'Aуman al-Ζаwahiri'],
  ])('%s', (_label, disguised) => {
    expect(screen(disguised)).toEqual(baseline);
  });

  it('folds the look-alike to its Latin letter, not to its transliteration', () => {
    expect(normalizeName('Aуman')).toBe('ayman'); // у would transliterate to u
    expect(normalizeName('Sаddаm Husseіn')).toBe('saddam hussein');
    expect(normalizeName('Маrіо Rоssі')).toBe('mario rossi');
    expect(normalizeName('Вob Crоss')).toBe('bob cross'); // В would transliterate to v
    expect(normalizeName('Xеnоphоn Ρаpаs')).toBe('xenophon papas'); // Р/Ρ would be r
  });

  it('leaves a wholly Cyrillic or Greek word to transliteration', () => {
    expect(normalizeName('Путин')).toBe('putin');
    expect(normalizeName('Владимир Путин')).toBe('vladimir putin');
    expect(normalizeName('Сорокин Вера')).toBe('sorokin vera');
    expect(normalizeName('Νίκος Παππάς')).toBe(normalizeName('Νίκος Παππάς'.normalize('NFD')));
  });

  it('reads a Latin look-alike inside a Cyrillic name as the Cyrillic letter (EU list spellings)', () => {
    // EU FSF prints these with Latin A, M, O, B, H typed into Cyrillic words.
    expect(normalizeName('Сергей Юрьевич ТAMБOB')).toBe(normalizeName('Сергей Юрьевич ТАМБОВ'));
    expect(normalizeName('Алексей Васильевич HAУМЕЦ')).toBe(normalizeName('Алексей Васильевич НАУМЕЦ'));
    expect(normalizeName('Cергей Петрович РУБНИКОВИЧ')).toBe(normalizeName('Сергей Петрович РУБНИКОВИЧ'));
    // Latin i in Ukrainian and Belarusian words is the Cyrillic і.
    expect(normalizeName('Сергiй Валерiйович АКСЬОНОВ')).toBe(normalizeName('Сергій Валерійович АКСЬОНОВ'));
  });

  it('keeps digits as they are', () => {
    expect(normalizeName('Ig0r Sech1n')).toBe('igor sechin');
    expect(normalizeName('ADRIAN DARYA 1')).toBe('adrian darya 1');
  });
});

describe('obfuscationKinds: what counts as a disguise', () => {
  it.each([
    ['plain', PLAIN, []],
    ['Persian with ZWNJ', 'محمد\u200cرضا', []],
    ['LRM/RLM', '\u200eAyman\u200f', []],
    ['soft hyphen', 'Zawa\u00adhiri', []],
    ['right-to-left override', '\u202eAyman\u202c', ['bidi_control']],
    ['tag characters', 'Ayman\u{e0041}', ['tag_character']],
    ['zero-width space', 'Za\u200bwahiri', ['invisible_character']],
    ['NUL', 'Za\u0000wahiri', ['invisible_character']],
    ['lone surrogate', 'Za\ud800wahiri', ['invisible_character']],
    ['one Mongolian vowel separator in a Latin name', 'Za\u180ewahiri', ['invisible_character']],
    ['two Mongolian vowel separators in a Latin name', 'Za\u180ewa\u180ehiri', ['invisible_character']],
    ['Mongolian vowel separator in Mongolian', 'ᠨᠢᠷᠤ\u180eᠭᠤ', []],
    ['one Hangul filler in a Latin name', 'Za\u3164wahiri', ['invisible_character']],
    ['two Hangul fillers in a Latin name', '\u3164Za\u3164wahiri', ['invisible_character']],
  ])('%s', (_label, text, kinds) => {
    expect(obfuscationKinds(text)).toEqual(kinds);
    expect(isObfuscated(text)).toBe(kinds.length > 0);
  });
});
