/** The customer-name index finds spelling variants of a listed name among customers, and few others. */
import { describe, expect, it } from 'vitest';
import { CustomerNameIndex } from '../../../src/monitoring/name-index.ts';
import { customerNameKeys, decodeKeys, encodeKeys, queryPositions } from '../../../src/monitoring/name-keys.ts';

function indexOf(names: string[]): CustomerNameIndex {
  const index = new CustomerNameIndex();
  for (const [i, n] of names.entries()) index.add(i + 1, customerNameKeys(n));
  return index;
}

function candidates(index: CustomerNameIndex, listName: string): number[] {
  const out = new Set<number>();
  index.candidates(queryPositions(listName, { fuzzy: true }), out);
  return [...out].sort((a, b) => a - b);
}

describe('customer-name index', () => {
  const customers = [
    'Dmitri Kovalenko', // 1: the listed person, spelt differently
    'Maria Kovalenko', // 2: shares only the surname
    'Dmitri Ivanov', // 3: shares only the first name
    'John Smith', // 4
    'Abdulrahman Hamid', // 5: run together
    'Zain Husein', // 6
  ];
  const index = indexOf(customers);

  it('finds the listed person under another spelling, and not those sharing one name', () => {
    expect(candidates(index, 'KOVALENKO, Dmytro Oleksandrovych')).toEqual([1]);
  });

  it('joins and splits names written as one or two words', () => {
    expect(candidates(index, 'ABDUL RAHMAN HAMID')).toEqual([5]);
  });

  it('finds a name one phonetic edit away, beside a name that matches exactly', () => {
    expect(candidates(index, 'HUSAYN, Zayn')).toEqual([6]);
    expect(candidates(index, 'SMYTHE, John')).toEqual([4]);
    // Two near-misses and no exact key: not a candidate.
    expect(candidates(index, 'SMYTHE, Jon')).toEqual([]);
  });

  it('stores keys, not names, and survives the round trip through the database form', () => {
    const stored = encodeKeys(customerNameKeys('Dmitri Kovalenko'));
    expect(stored).not.toMatch(/dmitri|kovalenko/i);
    const rebuilt = new CustomerNameIndex();
    rebuilt.add(7, decodeKeys(stored));
    expect(candidates(rebuilt, 'KOVALENKO, Dmytro')).toEqual([7]);
  });

  it('forgets a removed customer', () => {
    const i = indexOf(['Dmitri Kovalenko']);
    i.remove(1, customerNameKeys('Dmitri Kovalenko').keys);
    expect(candidates(i, 'KOVALENKO, Dmytro')).toEqual([]);
    expect(i.size).toBe(0);
  });
});
