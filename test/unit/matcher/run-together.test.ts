/**
 * Words run together (issue 16, "missing spaces" and "legal forms glued"): split where the case
 * changes, a legal form or particle run onto a known word found by the index, every particle a
 * glued word may begin with, and a legal-form word with one OCR confusion. Invented names.
 */
import { describe, expect, it } from 'vitest';
import { SanctionsIndex } from '../../../src/sanctions/index.ts';
import { namedEntity } from './entity-fixture.ts';
import { gluedParticleRests, normalizeName } from '../../../src/sanctions/normalize.ts';
import { DEFAULT_MATCH_THRESHOLD as T } from '../../../src/sanctions/score.ts';

describe('case changes inside a word', () => {
  it('splits words run together with their capitals', () => {
    expect(normalizeName('Omar SaidHassan')).toBe('omar said hassan');
    expect(normalizeName('Kim IlSong')).toBe('kim il song');
    expect(normalizeName('OJSCVolgoneft', { type: 'organization' })).toBe('jsc volgoneft');
    expect(normalizeName('NORTHSTARltd', { type: 'organization' })).toBe('northstar ltd');
  });
  it('keeps prefixes written with an inner capital, one-letter pieces and OCR slips whole', () => {
    expect(normalizeName('Ronald McDonald')).toBe('ronald mcdonald');
    expect(normalizeName('Anna DeLuca')).toBe('anna deluca');
    expect(normalizeName('Jean FitzGerald')).toBe('jean fitzgerald');
    expect(normalizeName('NORTHSTAR KGaA', { type: 'organization' })).not.toContain(' a');
    expect(normalizeName('ALPHA INTERNATlONAL')).toBe('alpha internatlonal');
    expect(normalizeName('Ivan GERMAlN')).toBe('ivan germaln');
  });
});

describe('glued particles', () => {
  it('tries every particle a word may begin with', () => {
    // de + leon and del + eon: the longer particle must not hide the shorter.
    expect(gluedParticleRests('deleon')).toEqual(expect.arrayContaining(['leon']));
    expect(gluedParticleRests('alhashimi')).toEqual(['hashimi']);
  });
});

describe('index: a legal form or particle run onto a known word', () => {
  const index = SanctionsIndex.build([
    namedEntity('1', 'organization', ['OJSC VOLGOTRANSNEFT']),
    namedEntity('2', 'organization', ['SEVERNAYA ZVEZDA PAO']),
    namedEntity('3', 'person', ['Karim Ben YOUSSEF']),
    namedEntity('4', 'organization', ['CASA DE LEONARDO']),
    namedEntity('5', 'organization', ['NORDSTAHL JOINT STOCK COMPANY']),
  ]);
  const top = (name: string): string | undefined => index.screen({ name, threshold: T, limit: 3 })[0]?.sourceId;
  it('finds the word under the legal form', () => {
    expect(top('OJSCVOLGOTRANSNEFT')).toBe('1');
    expect(top('SEVERNAYA ZVEZDAPAO')).toBe('2');
  });
  it('finds the word before a particle and after one', () => {
    expect(top('KARIMBEN YOUSSEF')).toBe('3');
    expect(top('CASA DELEONARDO')).toBe('4');
  });
  it('reads a legal-form word with one OCR confusion as the word', () => {
    expect(normalizeName('NORDSTAHL JOINT STOCK CORNPANY')).toBe(normalizeName('NORDSTAHL JOINT STOCK COMPANY'));
    expect(top('NORDSTAHL JOINT STOCK CORNPANY')).toBe('5');
  });
});
