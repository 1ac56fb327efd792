/**
 * What one request may ask of the service (issue 17): a threshold floor, a per-query limit, a cap on the
 * matches in one answer, bounded arrays, at most 20 listed validation problems, a batch that yields to the
 * event loop, UTF-8 bodies only, and the server's own request id.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { createRoute, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, jsonBody } from '../../src/http/openapi.ts';
import { toProblem } from '../../src/http/problem.ts';
import { json } from '../helpers/json.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const KEY = 'screen-key-0123456789abcdef';
const auth = { authorization: `Bearer ${KEY}` };

describe('request bounds', () => {
  let rt: TestRuntime;
  const logLines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    rt = await startTestRuntime(
      {
        API_KEYS: `${KEY}:screen`,
        MAX_BODY_BYTES: String(4 * 1024 * 1024),
        SCREEN_MIN_THRESHOLD: '0.5',
        SCREEN_MAX_LIMIT: '50',
        SCREEN_MAX_MATCHES_PER_RESPONSE: '6',
      },
      // The request log, read back through a sink (the service logger's options do not matter here).
      { logger: pino({ level: 'info' }, sink) },
    );
  });
  afterAll(() => rt.dispose());

  const screen = (body: unknown, headers: Record<string, string> = {}) =>
    rt.app.request('/v1/screen', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const batch = (body: unknown) =>
    rt.app.request('/v1/screen/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify(body),
    });

  describe('threshold floor and limits', () => {
    it('refuses a threshold below SCREEN_MIN_THRESHOLD with 422 naming the field', async () => {
      const res = await screen({ name: 'Mohammed', threshold: 0 });
      expect(res.status).toBe(422);
      const body = await json(res);
      expect(body.errors.map((e: { path: string }) => e.path)).toEqual(['threshold']);
      expect(body.errors[0].message).toContain('0.5');
    });

    it('refuses it per query in a batch', async () => {
      const res = await batch({
        queries: [
          { id: 'a', name: 'Mohammed' },
          { id: 'b', name: 'Ali', threshold: 0.2 },
        ],
      });
      expect(res.status).toBe(422);
      expect((await json(res)).errors.map((e: { path: string }) => e.path)).toEqual(['queries.1.threshold']);
    });

    it('accepts the floor itself', async () => {
      const res = await screen({ name: 'Mohammed', threshold: 0.5 });
      expect(res.status).toBe(200);
      expect((await json(res)).matches.length).toBeGreaterThan(0);
    });

    it('refuses a per-query limit above SCREEN_MAX_LIMIT', async () => {
      const res = await screen({ name: 'Mohammed', limit: 51 });
      expect(res.status).toBe(422);
      expect((await json(res)).errors.map((e: { path: string }) => e.path)).toEqual(['limit']);
    });

    it('refuses a batch whose answer would exceed SCREEN_MAX_MATCHES_PER_RESPONSE, not cut short', async () => {
      const queries = ['Mohammed', 'Ali', 'Mohammed Ali'].map((name, i) => ({ id: String(i), name, threshold: 0.5 }));
      const res = await batch({ queries });
      expect(res.status).toBe(422);
      const body = await json(res);
      expect(body.detail).toContain('SCREEN_MAX_MATCHES_PER_RESPONSE');
      expect(body.results).toBeUndefined();
    });

    it('answers a batch under the cap with the same matches as one screen per name', async () => {
      const names = ['Mohammed', 'Kim Jong Un', 'Nobody In Particular'];
      const res = await batch({ queries: names.map((name, i) => ({ id: String(i), name })) });
      expect(res.status).toBe(200);
      const { results } = await json(res);
      for (const [i, name] of names.entries()) {
        const one = await json(await screen({ name }));
        expect(results[i].matches).toEqual(one.matches);
      }
    });
  });

  describe('the batch yields to the event loop', () => {
    it('lets other callbacks run while a large batch is screened', async () => {
      let turns = 0;
      let running = true;
      const spin = () => {
        turns++;
        if (running) setImmediate(spin);
      };
      const queries = Array.from({ length: 1000 }, (_, i) => ({ id: String(i), name: `Mohammed Ali Number ${i}` }));
      const pending = batch({ queries });
      setImmediate(spin);
      const res = await pending;
      running = false;
      expect(res.status).toBe(200);
      // Without yielding, the whole batch runs in one turn of the loop (a handful of turns for the body).
      expect(turns).toBeGreaterThan(20);
    });
  });

  describe('bounded arrays and problem lists', () => {
    const huge = Array.from({ length: 500_000 }, () => 1);

    it('a 500,000-element sources array is a short 422, listing at most 20 problems', async () => {
      const res = await screen({ name: 'x', sources: huge });
      expect(res.status).toBe(422);
      const text = await res.text();
      expect(text.length).toBeLessThan(10_000);
      const body = JSON.parse(text);
      expect(body.errors.length).toBeLessThanOrEqual(20);
      expect(body.errors[0].path).toBe('sources');
    });

    it('the same array inside a batch is a 422, not a 500', async () => {
      const res = await batch({ queries: [{ id: 'a', name: 'x', sources: huge }] });
      expect(res.status).toBe(422);
      expect((await json(res)).errors[0].path).toBe('queries.0.sources');
    });

    it('sources holds at most one entry per list source, deduplicated', async () => {
      const tooMany = await screen({
        name: 'x',
        sources: ['ofac-sdn', 'un-sc', 'eu-fsf', 'uk-sl', 'ofac-cons', 'un-sc'],
      });
      expect(tooMany.status).toBe(422);
      const dup = await screen({ name: 'Mohammed', sources: ['un-sc', 'un-sc'], threshold: 0.5 });
      expect(dup.status).toBe(200);
    });

    it('lists at most 20 problems and says how many more there were', async () => {
      const queries = Array.from({ length: 30 }, (_, i) => ({ id: String(i), name: '' }));
      const res = await batch({ queries });
      expect(res.status).toBe(422);
      const body = await json(res);
      expect(body.errors).toHaveLength(20);
      expect(body.moreErrors).toBe(10);
      expect(body.detail).toContain('30 problems');
    });
  });

  describe('a body too deep for the validator', () => {
    it('is a 422 problem, not a 500 with a stack', async () => {
      // A recursive contract, as a nested payload schema may be: zod recurses once per level.
      type Node = { child?: Node };
      const NodeSchema: z.ZodType<Node> = z.lazy(() => z.strictObject({ child: NodeSchema.optional() }));
      const router = createRouter();
      router.openapi(
        createRoute({
          method: 'post',
          path: '/deep',
          request: { body: jsonBody(NodeSchema) },
          responses: { 200: { description: 'ok' } },
        }),
        (c) => c.json({ ok: true }, 200),
      );
      router.onError((err, c) => toProblem(err, c));
      const depth = 100_000;
      const body = `${'{"child":'.repeat(depth)}{}${'}'.repeat(depth)}`;
      const res = await router.request('/deep', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(422);
      const problem = await json(res);
      expect(problem.errors).toEqual([{ path: '(body)', message: 'too deeply nested or too large to validate' }]);
      expect(JSON.stringify(problem)).not.toContain('RangeError');
    });
  });

  describe('content type and request ids', () => {
    it('a charset other than UTF-8 → 415', async () => {
      for (const type of ['application/json; charset=iso-8859-1', 'application/json;charset="UTF-16"']) {
        const res = await screen({ name: 'Mohammed' }, { 'content-type': type });
        expect(res.status).toBe(415);
      }
      for (const type of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"']) {
        const res = await screen({ name: 'Mohammed' }, { 'content-type': type });
        expect(res.status).toBe(200);
      }
    });

    it("records a client's x-request-id beside the server's own id, never instead of it", async () => {
      logLines.length = 0;
      const res = await screen({ name: 'Mohammed', fuzzy: true }, { 'x-request-id': 'client-chosen-id-42' });
      expect(res.status).toBe(422);
      const serverId = res.headers.get('x-request-id');
      expect(serverId).toBeTruthy();
      expect(serverId).not.toBe('client-chosen-id-42');
      const line = logLines.find((l) => l.msg === 'request');
      expect(line).toMatchObject({ requestId: serverId, clientRequestId: 'client-chosen-id-42' });
    });

    it('a client request id that is not a plain token is not recorded', async () => {
      logLines.length = 0;
      const res = await screen({ name: 'x', fuzzy: true }, { 'x-request-id': 'bad id\twith spaces' });
      expect(res.status).toBe(422);
      const line = logLines.find((l) => l.msg === 'request');
      expect(line?.clientRequestId).toBeUndefined();
    });
  });
});
