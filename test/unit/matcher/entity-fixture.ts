/** A list entity with only names, for matcher tests: every other field empty, names of strong quality. */
import type { Entity, EntityType } from '../../../src/sanctions/entity.ts';

export function namedEntity(sourceId: string, type: EntityType, names: string[]): Entity {
  return {
    source: 'ofac-sdn',
    sourceId,
    type,
    name: names[0]!,
    names: names.map((full, i) => ({ full, kind: i === 0 ? 'primary' : 'alias', quality: 'strong' })),
    birthDates: [],
    birthPlaces: [],
    nationalities: [],
    countries: [],
    documents: [],
    addresses: [],
    programs: [],
    digitalCurrencyAddresses: [],
  };
}
