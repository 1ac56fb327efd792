/**
 * A refresh keeps the previous objects of the entities that did not change in any field (the parse worker compares
 * whole-content digests, entity-transfer.ts), so the main thread does not hold every entity twice; a changed
 * entity, even one whose change is not identifying (a programme), is the new parse's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_LISTS_DIR } from '../../src/bootstrap.ts';
import type { Entity } from '../../src/sanctions/entity.ts';
import { loadSourcesFromDir } from '../../src/sanctions/load.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

describe('list refresh: unchanged entities keep their objects', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'list-reuse-'));
  const sdn = path.join(dir, 'ofac-sdn', 'sdn.csv');
  let rt: TestRuntime;
  const entities = (): readonly Entity[] => rt.deps.lists.snapshot!.index.entityList;

  beforeAll(async () => {
    fs.cpSync(path.join(SAMPLE_LISTS_DIR, 'ofac-sdn'), path.join(dir, 'ofac-sdn'), { recursive: true });
    rt = await startTestRuntime({ LISTS_DIR: dir, LIST_SOURCES: 'ofac-sdn', LIST_DOWNLOAD: 'false' });
  });
  afterAll(async () => {
    await rt.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('new checksums, same entities: every object is kept, and the delta is empty', async () => {
    const before = entities();
    fs.appendFileSync(sdn, '\n');
    const delta = await rt.deps.lists.refreshNow();
    expect(delta.sources.map((s) => s.added.length + s.changed.length + s.removed.length)).toEqual([0]);
    const after = entities();
    expect(after).not.toBe(before);
    expect(after.length).toBe(before.length);
    for (let i = 0; i < after.length; i++) expect(after[i]).toBe(before[i]);
  });

  it('a changed programme or name gives a new object with the new content; the rest are kept', async () => {
    const before = entities();
    const text = fs.readFileSync(sdn, 'utf8');
    fs.writeFileSync(
      sdn,
      text
        .replace('306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA"', '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA] [SDGT"')
        .replace('4243,"EBANO"', '4243,"EBANO II"'),
    );
    const delta = await rt.deps.lists.refreshNow();
    // Only the name is identifying: the programme change is not a re-screen, but the entity must still be current.
    expect(delta.sources[0]!.changed.map((e) => e.sourceId)).toEqual(['4243']);
    const after = entities();
    const fresh = (await loadSourcesFromDir(dir)).parsed[0]!.entities;
    expect(after).toEqual(fresh);
    const byId = new Map(before.map((e) => [e.sourceId, e]));
    for (const e of after) {
      if (e.sourceId === '306' || e.sourceId === '4243') expect(e).not.toBe(byId.get(e.sourceId));
      else expect(e).toBe(byId.get(e.sourceId));
    }
    expect(after.find((e) => e.sourceId === '306')!.programs).toContain('SDGT');
  });
});
