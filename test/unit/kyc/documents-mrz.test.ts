/** MRZ reading from OCR text: the three ICAO formats, check digits, filler-run slack and dates. */
import { describe, expect, it } from 'vitest';
import { mrzCandidateLines, readMrz } from '../../../src/kyc/documents/mrz.ts';
import { blownOutShare, laplacianVariance } from '../../../src/kyc/documents/image.ts';

const NOW = new Date('2026-12-02T00:00:00Z');
// ICAO 9303 specimens (issuing state DEU for the fictional UTO, which the parser rightly refuses).
const TD1 = ['I<DEUD231458907<<<<<<<<<<<<<<<', '7408122F1204159DEU<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD2 = ['I<DEUERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907DEU7408122F1204159<<<<<<<6'];
const TD3 = ['P<DEUERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36DEU7408122F1204159ZE184226B<<<<<10'];

describe('readMrz', () => {
  it.each([
    ['TD1', TD1, 'D23145890'],
    ['TD2', TD2, 'D23145890'],
    ['TD3', TD3, 'L898902C3'],
  ])('%s: parsed, check digits valid, dates in full', (format, lines, doc) => {
    const r = readMrz(`VISUAL ZONE TEXT\n${lines.join('\n')}\n`, NOW);
    expect(r).toMatchObject({
      present: true,
      valid: true,
      format,
      documentNumber: doc,
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      dateOfBirth: '1974-08-12',
      expiryDate: '2012-04-15',
    });
    expect(r.checkDigits.every((d) => d.valid)).toBe(true);
  });

  it('a wrong check digit is a checksum fault, named by field', () => {
    const bad = [TD3[0]!, TD3[1]!.replace('L898902C36', 'L898902C37')];
    const r = readMrz(bad.join('\n'), NOW);
    expect(r.valid).toBe(false);
    expect(r.fault).toBe('checksum');
    expect(r.checkDigits).toContainEqual({ field: 'documentNumber', valid: false });
  });

  it('takes OCR spacing and a filler or two too many or too few at the end', () => {
    const spaced = `${TD3[0]!.slice(0, 20)} ${TD3[0]!.slice(20, 42)}\n${TD3[1]}<<`;
    expect(readMrz(spaced, NOW)).toMatchObject({ valid: true, format: 'TD3' });
  });

  it('no MRZ-like line: not present; a cut line: present but unreadable', () => {
    expect(readMrz('PASSPORT\nSurname ERIKSSON', NOW)).toMatchObject({ present: false, valid: false });
    expect(readMrz(`${TD3[0]}\n${TD3[1]!.slice(0, 30)}`, NOW)).toMatchObject({ present: true, fault: 'unreadable' });
  });

  it('candidate lines need the MRZ alphabet and a filler', () => {
    expect(mrzCandidateLines('HELLO WORLD THIS IS A LONG LINE OF TEXT\nAB<<CD«EFGHIJKLMNOPQRSTUVWXYZ012')).toEqual([
      'AB<<CD<<EFGHIJKLMNOPQRSTUVWXYZ012',
    ]);
  });
});

describe('image measures', () => {
  it('the Laplacian variance of a flat image is 0 and of a checkerboard is large', () => {
    const w = 20;
    const flat = new Uint8Array(w * w).fill(128);
    const board = Uint8Array.from({ length: w * w }, (_, i) => (((i % w) + Math.floor(i / w)) % 2 ? 255 : 0));
    expect(laplacianVariance(flat, w, w)).toBe(0);
    expect(laplacianVariance(board, w, w)).toBeGreaterThan(100_000);
  });
  it('glare is the share of pixels at 250 or above', () => {
    expect(blownOutShare(Uint8Array.from([250, 255, 249, 0]))).toBe(0.5);
  });
});
