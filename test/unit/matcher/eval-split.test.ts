/**
 * The evaluation's committed split lists and perturbation generator are reproducible: the lists are
 * what the seeded rule gives, and the same seed gives the same perturbed names.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERTURB_CLASSES, generatePerturbations } from '../../../bench/eval/perturb.ts';
import { SPLIT_SETS, isHeldOut, readSplit, type SplitSet } from '../../../bench/eval/split.ts';
import type { Entity } from '../../../src/sanctions/entity.ts';

const SPLITS = path.resolve(import.meta.dirname, '../../../bench/eval/splits');

describe('committed development / held-out splits', () => {
  for (const set of Object.keys(SPLIT_SETS) as SplitSet[]) {
    it(`${set}: the list is the seeded rule, and about half the rows`, () => {
      const text = fs.readFileSync(path.join(SPLITS, `${set}.heldout.txt`), 'utf8');
      const rows = Number(/rows=(\d+)/.exec(text)![1]);
      const held = readSplit(set, rows);
      for (let r = 0; r < rows; r++) expect(held.has(r)).toBe(isHeldOut(set, r));
      expect(held.size / rows).toBeGreaterThan(0.35);
      expect(held.size / rows).toBeLessThan(0.65);
    });
  }
});

function org(id: string, name: string, nationalities: string[] = []): Entity {
  return {
    source: (['ofac-sdn', 'ofac-cons', 'un-sc', 'eu-fsf', 'uk-sl'] as const)[Number(id) % 5]!,
    sourceId: id,
    type: Number(id) % 2 ? 'person' : 'organization',
    name,
    names: [{ full: name, kind: 'primary', quality: 'strong' }],
    birthDates: [],
    birthPlaces: [],
    nationalities,
    countries: [],
    documents: [],
    addresses: [],
    programs: [],
    digitalCurrencyAddresses: [],
  };
}

describe('perturbation generator', () => {
  const entities = Array.from({ length: 400 }, (_, i) =>
    org(
      String(i),
      i % 2 ? `Mohammed AL-RASHIDI Abdulrahman${i}` : `NORTHSTAR TECHNOLOGIES${i} INTERNATIONAL LIMITED`,
      i % 3 ? ['KP'] : [],
    ),
  );
  it('is deterministic and changes every name it emits', () => {
    const a = generatePerturbations(entities, 'dev', 5);
    const b = generatePerturbations(entities, 'dev', 5);
    expect(a).toEqual(b);
    for (const c of a) expect(c.query).not.toBe(c.original);
    expect(new Set(a.map((c) => c.cls)).size).toBeGreaterThanOrEqual(PERTURB_CLASSES.length - 1);
  });

  it('draws development and held-out cases from disjoint entities', () => {
    const dev = new Set(generatePerturbations(entities, 'dev', 20).map((c) => c.sourceId));
    const held = generatePerturbations(entities, 'heldout', 20).map((c) => c.sourceId);
    expect(held.some((id) => dev.has(id))).toBe(false);
  });
});
