/**
 * Where the real list snapshots live (read-only, never copied into the repo), and how tests that
 * need them behave when they are absent: skipped with a message on a developer machine, FAILED on
 * CI (CI=true), where silently skipping would hide that nothing was tested.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SHARED_DATA_DIR = process.env.SHARED_DATA_DIR ?? path.resolve(REPO_ROOT, '../shared/data');
export const SHARED_LISTS_DIR = path.join(SHARED_DATA_DIR, 'lists');
export { SAMPLE_LISTS_DIR } from '../../src/bootstrap.ts';

export const hasSharedData = fs.existsSync(SHARED_LISTS_DIR);

let warned = false;

/**
 * describe() for suites that read the shared snapshots. Missing data: on CI the suite gets one
 * failing test saying why; elsewhere it is skipped and the reason printed once.
 */
export function describeShared(name: string, fn: () => void): void {
  if (hasSharedData) {
    describe(name, fn);
    return;
  }
  const reason = `shared list snapshots not found at ${SHARED_LISTS_DIR} (set SHARED_DATA_DIR)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs the shared list snapshots', () => {
        throw new Error(`${reason}: required on CI`);
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`[shared-data] SKIPPING tests on real list data: ${reason}`);
  }
  describe.skipIf(true)(name, fn);
}

/** Path of a file in the shared snapshots: sharedList('ofac-sdn', 'sdn.csv'). */
export function sharedList(...parts: string[]): string {
  return path.join(SHARED_LISTS_DIR, ...parts);
}

/** Reads the named files of one snapshot folder into the Map parseSource takes. */
export function readShared(folder: string, names: readonly string[]): Map<string, string> {
  return new Map(names.map((n) => [n, fs.readFileSync(sharedList(folder, n), 'utf8')] as const));
}
