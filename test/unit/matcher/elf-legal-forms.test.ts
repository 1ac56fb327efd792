import { describe, expect, it } from 'vitest';
import {
  elfLegalPhrases,
  parseElfTable,
  readElfTable,
  splitSpellings,
  type ElfCompileOptions,
} from '../../../src/sanctions/elf-legal-forms.ts';
import { LEGAL_WORDS, prepareName } from '../../../src/sanctions/normalize.ts';

const kinds = (raw: string, type?: 'person' | 'organization') =>
  prepareName(raw, type ? { type } : {}).tokens.map((t) => `${t.text}:${t.kind}`);

// A stand-in for the matcher's folding: lowercase ASCII, dots dropped, split on spaces and hyphens.
const fold = (s: string): string[] =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\./g, '')
    .split(/[\s-]+/)
    .filter(Boolean);
const opts: ElfCompileOptions = {
  fold,
  handSymbols: new Map([
    ['llc', 'llc'],
    ['ooo', 'llc'],
    ['sa', 'sa'],
    ['sadecv', 'sa'],
  ]),
  genericWords: new Set(['trust', 'bank', 'national']),
};

describe('ISO 20275 table: loader', () => {
  it('parses the committed table: active forms with an abbreviation, one line per code and language', () => {
    const forms = readElfTable();
    expect(forms.length).toBeGreaterThan(1300);
    const de = forms.find((f) => f.elf === '2HBR');
    expect(de).toEqual({
      elf: '2HBR',
      country: 'DE',
      lang: 'de',
      abbreviations: ['GmbH'],
      name: 'Gesellschaft mit beschränkter Haftung',
    });
    expect(forms.filter((f) => f.elf === 'R85P').map((f) => f.abbreviations[0])).toEqual(['NV', 'SA', 'AG']);
    // Every abbreviation in Latin script (non-Latin ones and rows without a transliteration are left out).
    for (const f of forms)
      for (const a of f.abbreviations) expect(a).not.toMatch(/[\u0370-\u03ff\u0400-\u04ff\u0600-\u06ff\u4e00-\u9fff]/);
  });

  it('rejects a malformed line and skips comments', () => {
    expect(parseElfTable('# comment\nAAAA\tXX\ten\tAB;A.B.\tSome Form\n')).toEqual([
      { elf: 'AAAA', country: 'XX', lang: 'en', abbreviations: ['AB', 'A.B.'], name: 'Some Form' },
    ]);
    expect(() => parseElfTable('AAAA\tXX\ten\tAB\n')).toThrow(/line 1/);
  });

  it('splits spellings listed with commas or slashes, drops prose', () => {
    expect(splitSpellings('RLLP, LLP, R.L.L.P., L.L.P.')).toEqual(['RLLP', 'LLP', 'R.L.L.P.', 'L.L.P.']);
    expect(splitSpellings('PULC / uc')).toEqual(['PULC', 'uc']);
    expect(splitSpellings('Cía., S.C.A.')).toEqual(['Cía.', 'S.C.A.']);
    expect(splitSpellings('or inc.')).toEqual([]);
  });

  it('maps a form to the hand table class when one of its spellings is there, else to its own abbreviation', () => {
    const phrases = elfLegalPhrases(
      parseElfTable(
        [
          "AABD\tBY\tru\tOOO\tObshchestvo s ogranichennoj otvetstvennost'yu",
          'BPLS\tLT\tlt\tUAB\tUždarosios akcinės bendrovės',
          'JGV1\tMX\tes\tS. A. de C. V.\tSociedad anónima de capital variable',
          'GP8M\tCH\tde\tGemeinde\tVerwaltung der Gemeinde',
          'T2DF\tUS\ten\ttrust\tBusiness Trust',
          '62VJ\tUS\ten\tN.A.\tNational Bank',
        ].join('\n'),
      ),
      opts,
    );
    const bySpelling = Object.fromEntries(phrases.map((p) => [p.words.join(' '), p.symbol]));
    expect(bySpelling.ooo).toBe('llc');
    expect(bySpelling["obshchestvo s ogranichennoj otvetstvennost'yu"]).toBe('llc');
    expect(bySpelling.uab).toBe('uab');
    expect(bySpelling['uzdarosios akcines bendroves']).toBe('uab');
    // With and without spaces: "S. A. de C. V." = "sadecv".
    expect(bySpelling['s a de c v']).toBe('sa');
    expect(bySpelling.sadecv).toBe('sa');
    // A word spelled out in the abbreviation column, a generic word, a name of generic words: not legal forms.
    expect(bySpelling.gemeinde).toBeUndefined();
    expect(bySpelling.trust).toBeUndefined();
    expect(bySpelling['national bank']).toBeUndefined();
    expect(bySpelling.na).toBe('na');
  });
});

describe('ISO 20275 legal forms in names', () => {
  it('recognises an abbreviation with and without punctuation and spaces', () => {
    for (const n of ['ACME S.A. de C.V.', 'ACME S A DE C V', 'ACME SADECV'])
      expect(kinds(n, 'organization')).toEqual(['acme:word', 'sa:legal']);
    for (const n of ['ACME L.L.C.', 'ACME LLC', 'ACME L L C'])
      expect(kinds(n, 'organization')).toEqual(['acme:word', 'llc:legal']);
    for (const n of ['ACME Sp. z o.o.', 'ACME SP Z O O', 'ACME SPZOO'])
      expect(kinds(n, 'organization')).toEqual(['acme:word', 'spzoo:legal']);
    for (const n of ['ACME EOOD', 'ACME E.O.O.D.'])
      expect(kinds(n, 'organization')).toEqual(['acme:word', 'eood:legal']);
  });

  it('recognises forms found only in the table, first or last', () => {
    expect(kinds('UAB ACME', 'organization')).toEqual(['uab:legal', 'acme:word']);
    expect(kinds('ACME SHPK', 'organization')).toEqual(['acme:word', 'shpk:legal']);
    expect(kinds('ACME Sociedad Anónima de Capital Variable', 'organization')).toEqual(['acme:word', 'sa:legal']);
    expect(kinds('ACME Limited Liability Partnership', 'organization')).toEqual(['acme:word', 'llp:legal']);
  });

  it('keeps table-only forms words inside a name and in persons’ names', () => {
    expect(kinds('ACME UAB TRADING', 'organization')).toEqual(['acme:word', 'uab:word', 'trading:word']);
    expect(kinds('Kim Son')).toEqual(['kim:word', 'son:word']);
    expect(kinds('Ivan SHPK', 'person')).toEqual(['ivan:word', 'shpk:word']);
    // One word from the table: only when the name is an organisation's (typed, or with a business word).
    expect(kinds('ACME UAB')).toEqual(['acme:word', 'uab:word']);
    expect(kinds('Maria Bund')).toEqual(['maria:word', 'bund:word']);
    expect(kinds('ACME TRADING SPRL')).toEqual(['acme:word', 'trading:word', 'sprl:legal']);
  });

  it('unglues vowel-free table forms of three letters or more, never a word ending', () => {
    expect(kinds('NORTHSTARltd', 'organization')).toEqual(['northstar:word', 'ltd:legal']);
    expect(kinds('NORTHSTARgmbh', 'organization')).toEqual(['northstar:word', 'gmbh:legal']);
    expect(kinds('ACMEKFT', 'organization')).toEqual(['acme:word', 'kft:legal']);
    expect(kinds('ERICSSON', 'organization')).toEqual(['ericsson:word']);
    expect(kinds('KANSAS TRADING', 'organization')).toEqual(['kansas:word', 'trading:word']);
  });

  it('pairs a table form typed as a word with the list’s legal form', () => {
    expect(LEGAL_WORDS.get('uab')).toBe('uab');
    expect(LEGAL_WORDS.get('eood')).toBe('eood');
  });
});
