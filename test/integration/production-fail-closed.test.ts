/**
 * Production fails closed: no bundled sample, no open API, and a lists folder or cache that cannot be read is an
 * error the operator sees, never a silent fallback.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBaseConfig } from '../../src/config.ts';
import { createMetrics } from '../../src/metrics.ts';
import { SOURCE_IDS } from '../../src/sanctions/entity.ts';
import { SAMPLE_LISTS_DIR } from '../helpers/shared-data.ts';
import { txBody } from '../helpers/transactions.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const KEY = 'prod-admin-key-0123456789';
const PRODUCTION = {
  NODE_ENV: 'production',
  API_KEYS: `${KEY}:screen+kyc+admin`,
  PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};
const auth = { authorization: `Bearer ${KEY}` };

let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.dispose();
  runtime = undefined;
});

async function listsView(rt: TestRuntime) {
  return (await (await rt.call('GET', '/v1/lists')).json()) as {
    ready: boolean;
    reason?: string;
    sample: boolean;
    sources: { source: string; loaded: boolean; origin?: string; error?: string }[];
  };
}

describe('production without API keys', () => {
  it('refuses to start, naming the variable', () => {
    expect(() => loadBaseConfig({ NODE_ENV: 'production' })).toThrow(/API_KEYS: required in production/);
    expect(() => loadBaseConfig({ NODE_ENV: 'production', API_KEYS: '' })).toThrow(/API_KEYS/);
  });

  it('keeps the open mode for development', () => {
    expect(loadBaseConfig({ NODE_ENV: 'development' }).apiKeys).toEqual([]);
  });
});

describe('production without real lists', () => {
  it('never serves the bundled sample: not ready, and every screening path answers 503 with the reason', async () => {
    runtime = await startTestRuntime({ ...PRODUCTION, LIST_DOWNLOAD: 'false' });
    const rt = runtime;

    const ready = await rt.call('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { lists: boolean } }).checks.lists).toBe(false);

    const screen = await rt.call('POST', '/v1/screen', { name: 'Ayman al-Zawahiri' }, auth);
    expect(screen.status).toBe(503);
    expect(screen.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(screen.headers.get('retry-after')).toBeTruthy();
    const problem = (await screen.json()) as { detail: string };
    expect(problem.detail).toMatch(/No sanctions list is loaded/);
    expect(problem.detail).toMatch(/downloads are off and no verified cache exists/);

    const tx = await rt.call('POST', '/v1/transactions/screen', txBody(), auth);
    expect(tx.status).toBe(503);

    const lists = await listsView(rt);
    expect(lists.ready).toBe(false);
    expect(lists.sample).toBe(false);
    expect(lists.sources.every((s) => !s.loaded && s.origin !== 'sample')).toBe(true);
    expect(lists.sources.every((s) => typeof s.error === 'string')).toBe(true);
  });

  it('is not ready while one configured source is missing from LISTS_DIR, and says which', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lists-partial-'));
    for (const s of SOURCE_IDS.filter((x) => x !== 'un-sc')) {
      fs.cpSync(path.join(SAMPLE_LISTS_DIR, s), path.join(dir, s), { recursive: true });
    }
    const metrics = createMetrics({ defaults: false });
    try {
      runtime = await startTestRuntime({ ...PRODUCTION, LISTS_DIR: dir }, { metrics });
      const rt = runtime;
      expect((await rt.call('GET', '/readyz')).status).toBe(503);
      const screen = await rt.call('POST', '/v1/screen', { name: 'Ayman al-Zawahiri' }, auth);
      expect(screen.status).toBe(503);
      expect(((await screen.json()) as { detail: string }).detail).toMatch(/un-sc \(read: no list files/);
      const lists = await listsView(rt);
      expect(lists.sources.find((s) => s.source === 'un-sc')?.error).toMatch(/^read: /);
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/sanctions_list_refresh_failures_total\{source="un-sc",stage="read"\} 1/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is ready on a complete LISTS_DIR, and the answers say they were not screened against a sample', async () => {
    runtime = await startTestRuntime({ ...PRODUCTION, LISTS_DIR: SAMPLE_LISTS_DIR });
    const rt = runtime;
    expect((await rt.call('GET', '/readyz')).status).toBe(200);
    const screen = await rt.call('POST', '/v1/screen', { name: 'Ayman al-Zawahiri' }, auth);
    expect(screen.status).toBe(200);
    const body = (await screen.json()) as { lists: { sample: boolean; versions: Record<string, string> } };
    expect(body.lists.sample).toBe(false);
    expect(Object.keys(body.lists.versions).sort()).toEqual([...SOURCE_IDS].sort());
  });

  it('records an unreadable cache folder as an error of that source instead of skipping it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-broken-'));
    const cache = path.join(dir, 'cache');
    fs.mkdirSync(cache);
    // A folder that loops on itself cannot be read (ELOOP), even by root, which ignores permission bits.
    fs.symlinkSync(path.join(cache, 'ofac-sdn'), path.join(cache, 'ofac-sdn'));
    const metrics = createMetrics({ defaults: false });
    try {
      runtime = await startTestRuntime(
        { ...PRODUCTION, LIST_DOWNLOAD: 'false', LIST_CACHE_DIR: cache, DATABASE_URL: `file:${dir}/db.sqlite` },
        { metrics },
      );
      const lists = await listsView(runtime);
      expect(lists.sources.find((s) => s.source === 'ofac-sdn')?.error).toMatch(/^read: .*ELOOP/);
      expect(await metrics.registry.metrics()).toMatch(
        /sanctions_list_refresh_failures_total\{source="ofac-sdn",stage="read"\} 1/,
      );
    } finally {
      // The runtime writes into dir (its database) until disposed: dispose first, then remove.
      await runtime?.dispose();
      runtime = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('development', () => {
  it('still falls back to the bundled sample, flagged in every answer', async () => {
    runtime = await startTestRuntime({ NODE_ENV: 'development' });
    const rt = runtime;
    expect((await rt.call('GET', '/readyz')).status).toBe(200);
    const body = (await (await rt.call('POST', '/v1/screen', { name: 'Ayman al-Zawahiri' })).json()) as {
      lists: { sample: boolean };
    };
    expect(body.lists.sample).toBe(true);
  });
});
