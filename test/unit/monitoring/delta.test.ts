/** The list delta: added / changed / removed by the list's id and a hash of identifying content only. */
import { describe, expect, it } from 'vitest';
import { diffSource, entityHash } from '../../../src/sanctions/delta.ts';
import type { Entity } from '../../../src/sanctions/entity.ts';

function entity(sourceId: string, over: Partial<Entity> = {}): Entity {
  return {
    source: 'ofac-sdn',
    sourceId,
    type: 'person',
    name: 'KOVALENKO, Dmytro',
    names: [{ full: 'KOVALENKO, Dmytro', kind: 'primary', quality: 'strong' }],
    birthDates: [{ date: '1975-02-14' }],
    birthPlaces: [],
    nationalities: ['UA'],
    countries: [],
    documents: [],
    addresses: [],
    programs: ['UKRAINE-EO13660'],
    digitalCurrencyAddresses: [],
    ...over,
  };
}

describe('entityHash', () => {
  it('ignores programmes, remarks and the order of aliases, but not a new alias or birth date', () => {
    const base = entity('1', {
      names: [
        { full: 'KOVALENKO, Dmytro', kind: 'primary', quality: 'strong' },
        { full: 'KOVALENKO, Dmitriy', kind: 'alias', quality: 'strong' },
      ],
    });
    const reordered = entity('1', { names: [...base.names].reverse(), programs: ['OTHER'], remarks: 'x' });
    expect(entityHash(reordered)).toBe(entityHash(base));
    const alias = entity('1', {
      names: [...base.names, { full: 'KOVALENKO, Dima', kind: 'alias', quality: 'weak' }],
    });
    expect(entityHash(alias)).not.toBe(entityHash(base));
    expect(entityHash(entity('1', { birthDates: [{ date: '1976' }] }))).not.toBe(entityHash(entity('1')));
    expect(entityHash(entity('1', { documents: [{ type: 'Passport', number: 'X1' }] }))).not.toBe(
      entityHash(entity('1')),
    );
  });
});

describe('diffSource', () => {
  it('reports added, identity-changed and removed entities by sourceId', () => {
    const before = [entity('1'), entity('2'), entity('3')];
    const after = [
      entity('1', { programs: ['NEW-PROGRAMME'] }),
      entity('2', { nationalities: ['RU'] }),
      entity('4', { name: 'NEW, Person' }),
    ];
    const d = diffSource('ofac-sdn', before, after);
    expect(d.added.map((e) => e.sourceId)).toEqual(['4']);
    expect(d.changed.map((e) => e.sourceId)).toEqual(['2']);
    expect(d.removed).toEqual([{ source: 'ofac-sdn', sourceId: '3', name: 'KOVALENKO, Dmytro' }]);
  });

  it('a source seen for the first time is all added', () => {
    expect(diffSource('ofac-sdn', undefined, [entity('1')]).added).toHaveLength(1);
  });
});
