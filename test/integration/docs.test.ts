/** The API description and its browser: served from the package (no CDN), complete enough for client generators. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(() => rt.dispose());

describe('/docs', () => {
  it('loads every script and style from the sidecar itself', async () => {
    const page = await (await rt.call('GET', '/docs')).text();
    const refs = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(4);
    for (const ref of refs) {
      expect(ref.startsWith('/docs/assets/')).toBe(true);
      const asset = await rt.call('GET', ref);
      expect(asset.status).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await rt.call('GET', '/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });
});

describe('/openapi.json', () => {
  it('names a server, and gives every operation an operationId and an explicit security requirement', async () => {
    const doc = (await (await rt.call('GET', 'http://sidecar.test:8080/openapi.json')).json()) as {
      servers: { url: string }[];
      paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>>;
    };
    expect(doc.servers[0]?.url).toBe('http://sidecar.test:8080');
    const ops = Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ at: `${m.toUpperCase()} ${p}`, ...op })),
    );
    expect(ops.filter((o) => !o.operationId).map((o) => o.at)).toEqual([]);
    expect(ops.filter((o) => !Array.isArray(o.security)).map((o) => o.at)).toEqual([]);
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
