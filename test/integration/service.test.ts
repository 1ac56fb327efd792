/** The service contract: health, readiness, metrics, docs, auth scopes and problem+json error paths. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../helpers/json.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const SCREEN_KEY = 'screen-key-0123456789abcdef';
const ADMIN_KEY = 'admin-key-0123456789abcdef';
const auth = (k: string) => ({ authorization: `Bearer ${k}` });

describe('service contract (bundled sample lists)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({
      API_KEYS: `${SCREEN_KEY}:screen,${ADMIN_KEY}:admin+kyc`,
      MAX_BODY_BYTES: '4096',
      MAX_BATCH_SIZE: '5',
    });
  });
  afterAll(() => rt.dispose());

  it('answers liveness on /livez and /healthz without a key', async () => {
    for (const path of ['/livez', '/healthz']) {
      const res = await rt.call('GET', path);
      expect(res.status).toBe(200);
      expect(await json(res)).toEqual({ status: 'ok' });
    }
  });

  it('is ready once lists are loaded, and not ready once shutdown starts', async () => {
    const ready = await rt.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    rt.deps.lifecycle.shuttingDown = true;
    const stopping = await rt.call('GET', '/readyz');
    expect(stopping.status).toBe(503);
    expect((await json(stopping)).checks.shuttingDown).toBe(true);
    rt.deps.lifecycle.shuttingDown = false;
  });

  it('exposes Prometheus metrics with route templates, list counts and no user data', async () => {
    await rt.call('POST', '/v1/screen', { name: 'Some Person Nobody Knows' }, auth(SCREEN_KEY));
    const res = await rt.call('GET', '/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.0001",method="POST",route="\/v1\/screen",status="200"\}/,
    );
    expect(text).toMatch(/sanctions_list_entities\{source="ofac-sdn"\} [1-9]/);
    expect(text).toMatch(/sanctions_list_age_seconds\{source="un-sc"\}/);
    expect(text).toMatch(/sanctions_index_build_seconds \d/);
    expect(text).not.toContain('Nobody Knows');
  });

  it('serves an OpenAPI 3.1 document generated from the route contracts, and Swagger UI', async () => {
    const res = await rt.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/screen', '/v1/screen/batch', '/v1/screen/wallets', '/v1/lists', '/readyz']),
    );
    expect(doc.components.schemas.ScreenRequest).toBeDefined();
    const ui = await rt.call('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  describe('authentication', () => {
    it('rejects a missing key with 401 problem+json and WWW-Authenticate', async () => {
      const res = await rt.call('POST', '/v1/screen', { name: 'x' });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      const body = await json(res);
      expect(body).toMatchObject({ status: 401, title: 'Unauthorized' });
      expect(body.type).toMatch(/^https:\/\//);
    });

    it('rejects an unknown key with 401', async () => {
      const res = await rt.call('POST', '/v1/screen', { name: 'x' }, auth('not-a-real-key-0000000000'));
      expect(res.status).toBe(401);
    });

    it('rejects a key without the scope with 403', async () => {
      const res = await rt.call('POST', '/v1/screen', { name: 'x' }, auth(ADMIN_KEY));
      expect(res.status).toBe(403);
      expect((await json(res)).detail).toContain('"screen"');
    });
  });

  describe('bad input never reaches the domain', () => {
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      rt.call('POST', '/v1/screen', body, { ...auth(SCREEN_KEY), ...headers });

    it('malformed JSON → 400', async () => {
      const res = await post('{"name": "x",');
      expect(res.status).toBe(400);
      expect((await json(res)).title).toBe('Malformed request');
    });

    it('wrong types → 422 listing the failing fields', async () => {
      const res = await post({ name: 42, threshold: 'high', birthDate: '1990-13-01', countries: ['IRN'] });
      expect(res.status).toBe(422);
      const body = await json(res);
      const paths = body.errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual(['birthDate', 'countries.0', 'name', 'threshold']);
    });

    it('unknown fields → 422 naming them', async () => {
      const res = await post({ name: 'x', fuzzy: true });
      expect(res.status).toBe(422);
      expect(JSON.stringify(await json(res))).toContain('fuzzy');
    });

    it('prototype-pollution keys are rejected as unknown fields', async () => {
      const res = await post('{"name":"x","__proto__":{"admin":true}}');
      expect(res.status).toBe(422);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('a body over MAX_BODY_BYTES → 413', async () => {
      const res = await post({ name: 'x'.repeat(5000) });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    });

    it('a non-JSON content type → 415', async () => {
      const res = await rt.app.request('/v1/screen', {
        method: 'POST',
        headers: { ...auth(SCREEN_KEY), 'content-type': 'text/plain' },
        body: 'name=x',
      });
      expect(res.status).toBe(415);
    });

    it('a batch over MAX_BATCH_SIZE → 422', async () => {
      const queries = Array.from({ length: 6 }, (_, i) => ({ id: String(i), name: `n${i}` }));
      const res = await rt.call('POST', '/v1/screen/batch', { queries }, auth(SCREEN_KEY));
      expect(res.status).toBe(422);
    });

    it('duplicate batch ids → 422', async () => {
      const res = await rt.call(
        'POST',
        '/v1/screen/batch',
        {
          queries: [
            { id: 'a', name: 'x' },
            { id: 'a', name: 'y' },
          ],
        },
        auth(SCREEN_KEY),
      );
      expect(res.status).toBe(422);
    });

    it('an unknown route → 404 problem', async () => {
      const res = await rt.call('GET', '/v1/nothing-here');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    });
  });

  it('reports per-source status on /v1/lists, flagged as the bundled sample', async () => {
    const res = await rt.call('GET', '/v1/lists');
    const body = await json(res);
    expect(body.sample).toBe(true);
    expect(body.sources.map((s: { source: string }) => s.source).sort()).toEqual([
      'eu-fsf',
      'ofac-cons',
      'ofac-sdn',
      'uk-sl',
      'un-sc',
    ]);
    for (const s of body.sources) {
      expect(s.loaded).toBe(true);
      expect(s.origin).toBe('sample');
      expect(s.entities).toBeGreaterThan(0);
      expect(Object.values(s.checksums).every((c) => /^[0-9a-f]{64}$/.test(String(c)))).toBe(true);
    }
  });
});

describe('open mode', () => {
  it('serves without keys when API_KEYS is empty', async () => {
    const rt = await startTestRuntime({});
    try {
      const res = await rt.call('POST', '/v1/screen', { name: 'Nobody' });
      expect(res.status).toBe(200);
    } finally {
      await rt.dispose();
    }
  });
});
