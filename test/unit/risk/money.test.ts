import { describe, expect, it } from 'vitest';
import {
  decimalProblem,
  formatDecimal,
  multiply,
  parseDecimal,
  ratio,
  sum,
  units,
  withinTolerance,
} from '../../../src/risk/money.ts';

describe('money: exact decimals as scaled bigints', () => {
  it('parses and formats without loss', () => {
    for (const s of [
      '0',
      '1',
      '0.1',
      '1234.56',
      '999999999999999.999999999999999999',
      '0.000000000000000001',
      '10000',
    ]) {
      expect(formatDecimal(parseDecimal(s))).toBe(s);
    }
    expect(formatDecimal(parseDecimal('1.50'))).toBe('1.5');
  });

  it('adds 0.1 + 0.2 to exactly 0.3 (what a float gets wrong)', () => {
    expect(formatDecimal(parseDecimal('0.1') + parseDecimal('0.2'))).toBe('0.3');
    expect(formatDecimal(sum(Array.from({ length: 10 }, () => parseDecimal('0.1'))))).toBe('1');
  });

  it('rejects floats in disguise, exponents, signs, leading zeros, too many digits', () => {
    for (const bad of [
      '1e5',
      '1E5',
      '-1',
      '+1',
      '01',
      '1.',
      '.5',
      ' 1',
      '1,5',
      'NaN',
      'Infinity',
      '0x10',
      '',
      '1.2.3',
    ]) {
      expect(decimalProblem(bad), bad).toBeDefined();
    }
    expect(decimalProblem('1'.repeat(16))).toMatch(/too large/);
    expect(decimalProblem(`1.${'1'.repeat(19)}`)).toMatch(/too many decimals/);
    expect(decimalProblem('9'.repeat(400))).toBeDefined();
    expect(() => parseDecimal('1e5')).toThrow(RangeError);
  });

  it('multiplies exactly at 18 decimals and compares with a tolerance', () => {
    expect(formatDecimal(multiply(parseDecimal('1000'), parseDecimal('1.16')))).toBe('1160');
    expect(formatDecimal(multiply(parseDecimal('1000000'), parseDecimal('0.00069')))).toBe('690');
    expect(formatDecimal(multiply(parseDecimal('0.333333333333333333'), parseDecimal('3')))).toBe(
      '0.999999999999999999',
    );
    expect(units(10_000)).toBe(parseDecimal('10000'));
    expect(withinTolerance(parseDecimal('9500'), parseDecimal('10000'), parseDecimal('10000'), ratio('0.05'))).toBe(
      true,
    );
    expect(withinTolerance(parseDecimal('9499.99'), parseDecimal('10000'), parseDecimal('10000'), ratio('0.05'))).toBe(
      false,
    );
  });
});
