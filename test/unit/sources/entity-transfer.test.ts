/**
 * Whole-content digests decide which entities a refresh keeps as the previous objects (entity-transfer.ts): equal
 * digests must mean equal content in every field, or a stale entity would be served.
 */
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../../src/sanctions/entity.ts';
import {
  deserializeEntitiesYielding,
  entityDigests,
  reusable,
  serializeEntities,
} from '../../../src/sanctions/entity-transfer.ts';
import { namedEntity } from '../matcher/entity-fixture.ts';

const entity = (id: string, extra: Partial<Entity> = {}): Entity => ({
  ...namedEntity(id, 'person', [`Person ${id}`]),
  programs: ['SDGT'],
  ...extra,
});

const digestOf = (e: Entity) => Buffer.from(entityDigests([e])).toString('hex');

describe('entity digests', () => {
  it('equal for equal content, different for any field, an undefined property or a key order', () => {
    expect(digestOf(entity('1'))).toBe(digestOf(structuredClone(entity('1'))));
    expect(digestOf(entity('1', { remarks: 'x' }))).not.toBe(digestOf(entity('1')));
    expect(digestOf(entity('1', { programs: ['SDGT', 'IRAN'] }))).not.toBe(digestOf(entity('1')));
    expect(digestOf(entity('1', { remarks: undefined }))).not.toBe(digestOf(entity('1')));
    const { source, ...rest } = entity('1');
    expect(digestOf({ ...rest, source } as Entity)).not.toBe(digestOf(entity('1')));
  });

  it('never matches for content JSON does not carry exactly (a Map, a non-finite number)', () => {
    const odd = entity('1', { references: new Map() as never });
    expect(digestOf(odd)).not.toBe(digestOf(odd));
    const nan = entity('1', { gender: Number.NaN as never });
    expect(digestOf(nan)).not.toBe(digestOf(nan));
  });

  it('reusable: the previous position of the same id with the same content, else -1', () => {
    const previous = [entity('1'), entity('2'), entity('3')];
    const next = [entity('3'), entity('2', { remarks: 'new' }), entity('4'), entity('1')];
    const at = reusable(
      { ids: previous.map((e) => e.sourceId), digests: entityDigests(previous) },
      { ids: next.map((e) => e.sourceId), digests: entityDigests(next) },
    );
    expect([...at]).toEqual([2, -1, -1, 0]);
  });

  it('deserialising with reuse gives the previous objects for unchanged entities, across chunk boundaries', async () => {
    const previous = Array.from({ length: 600 }, (_, i) => entity(String(i)));
    const next = previous.map((e, i) => (i === 300 ? entity(String(i), { remarks: 'changed' }) : structuredClone(e)));
    const at = reusable(
      { ids: previous.map((e) => e.sourceId), digests: entityDigests(previous) },
      { ids: next.map((e) => e.sourceId), digests: entityDigests(next) },
    );
    const out = await deserializeEntitiesYielding(serializeEntities(next), { previous, at });
    expect(out).toEqual(next);
    for (let i = 0; i < out.length; i++) {
      if (i === 300) expect(out[i]).not.toBe(previous[i]);
      else expect(out[i]).toBe(previous[i]);
    }
  });
});
