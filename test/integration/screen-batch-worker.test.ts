/**
 * Issue #13: batch screening in a worker thread (src/sanctions/batch-worker*.ts). The worker's answers are the
 * in-process path's, byte for byte once shaped for the wire (bundled sample lists; all five shared lists when
 * present); a cancel stops it; a refresh mid-batch does not mix versions; a dead worker leaves the main thread to
 * answer; too many matches is the same 422.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_LISTS_DIR } from '../../src/bootstrap.ts';
import { matchView } from '../../src/http/routes/screen.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { BatchWorker } from '../../src/sanctions/batch-worker.ts';
import { BatchWorkerHost } from '../../src/sanctions/batch-worker-host.ts';
import type { ListSnapshot } from '../../src/sanctions/registry.ts';
import { type BatchQuery, type BatchResult, screenBatch } from '../../src/sanctions/screen-batch.ts';
import { json } from '../helpers/json.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { describeShared, SHARED_LISTS_DIR } from '../helpers/shared-data.ts';

const defaults = { threshold: 0.8, limit: 10 };
const bounds = { maxMatches: 1_000_000 };
const silent = createLogger('silent');

/** Listed names (hits), their variants and clean names, interleaved: order must survive. */
function queriesOf(snapshot: ListSnapshot, n: number): BatchQuery[] {
  const listed = snapshot.index.entityList.slice(0, Math.ceil(n / 3)).map((e) => e.names[0]!.full);
  return listed
    .flatMap((name, i) => [
      { id: `l${i}`, name },
      { id: `v${i}`, name: name.split(' ').reverse().join(' ').toLowerCase(), threshold: 0.7 },
      { id: `c${i}`, name: `Harriet Plumtree ${i}` },
    ])
    .slice(0, n);
}

/** The wire form of a batch's results (what the route stringifies). */
const wire = (r: BatchResult) =>
  JSON.stringify({
    results: r.results.map(({ id, matches }) => ({ id, matches: matches.map(matchView) })),
    t: r.threshold,
  });

/** A host whose workers the test can see (and kill). */
function host(opts: { logger?: Logger; kill?: boolean } = {}) {
  const workers: BatchWorker[] = [];
  const h = new BatchWorkerHost({
    logger: opts.logger ?? silent,
    start: async (s) => {
      const w = await BatchWorker.start(s);
      workers.push(w);
      // Dies just as its first batch is posted.
      if (opts.kill) setImmediate(() => void w.close());
      return w;
    },
  });
  return { h, workers };
}

describe('batch screening in a worker (bundled sample lists)', () => {
  let rt: TestRuntime;
  let snapshot: ListSnapshot;
  let queries: BatchQuery[];
  beforeAll(async () => {
    rt = await startTestRuntime();
    snapshot = rt.deps.lists.snapshot!;
    queries = queriesOf(snapshot, 600);
  });
  afterAll(() => rt.dispose());

  it('the sample snapshot has a shared index (so the worker path is the one taken)', () => {
    expect(snapshot.index.shared()).toBeDefined();
  });

  it('answers exactly what the in-process path answers, in request order', async () => {
    const { h, workers } = host();
    try {
      const expected = await screenBatch(snapshot, queries, defaults, bounds);
      expect(expected.results.filter((r) => r.matches.length > 0).length).toBeGreaterThan(40);
      const got = await h.screen(snapshot, queries, defaults, bounds);
      expect(workers).toHaveLength(1);
      expect(wire(got)).toBe(wire(expected));
      for (const r of got.results) for (const m of r.matches) expect('entity' in m).toBe(false);
      // A second batch reuses the same worker.
      expect(wire(await h.screen(snapshot, queries.slice(0, 50), defaults, bounds))).toBe(
        wire(await screenBatch(snapshot, queries.slice(0, 50), defaults, bounds)),
      );
      expect(workers).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('over HTTP: the same body as before, the same 422 past SCREEN_MAX_MATCHES_PER_RESPONSE', async () => {
    const body = { queries: queries.slice(0, 90).map(({ id, name }) => ({ id, name })) };
    const res = await rt.call('POST', '/v1/screen/batch', body);
    expect(res.status).toBe(200);
    const got = await json(res);
    const expected = await screenBatch(snapshot, body.queries, { threshold: got.threshold, limit: 10 }, bounds);
    expect(JSON.stringify(got.results.map((r: { id: string; matches: unknown[] }) => [r.id, r.matches]))).toBe(
      JSON.stringify(expected.results.map((r) => [r.id, r.matches.map(matchView)])),
    );

    const small = await rt.restart({ SCREEN_MAX_MATCHES_PER_RESPONSE: '3' });
    try {
      const refused = await small.call('POST', '/v1/screen/batch', body);
      expect(refused.status).toBe(422);
      const problem = await json(refused);
      expect(problem.detail).toContain('more than 3 matches (SCREEN_MAX_MATCHES_PER_RESPONSE)');
      expect(problem.errors).toEqual([{ path: 'queries', message: 'more than 3 matches in one answer' }]);
    } finally {
      rt = small;
    }
  });

  it('a cancel stops the batch in the worker, which then answers the next one', async () => {
    const { h, workers } = host();
    try {
      const many = queriesOf(snapshot, 1_000);
      await h.screen(snapshot, queries.slice(0, 3), defaults, bounds); // the worker is up
      const controller = new AbortController();
      const run = h.screen(snapshot, many, defaults, bounds, controller.signal);
      await new Promise((r) => setTimeout(r, 20));
      controller.abort();
      await expect(run).rejects.toThrow();
      const next = await h.screen(snapshot, queries.slice(0, 30), defaults, bounds);
      expect(wire(next)).toBe(wire(await screenBatch(snapshot, queries.slice(0, 30), defaults, bounds)));
      // The worker itself: a cancel right after the batch is posted ends it at its first slice.
      const w = workers[0]!;
      const outcome = w.run(many, defaults, bounds.maxMatches);
      w.cancel();
      expect((await outcome).kind).toBe('cancelled');
      expect(workers).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('too many matches: refused in the worker with the in-process error', async () => {
    const { h, workers } = host();
    try {
      const tight = { maxMatches: 3 };
      const inProcess = await screenBatch(snapshot, queries, defaults, tight).catch((e: Error) => e);
      const worker = await h.screen(snapshot, queries, defaults, tight).catch((e: Error) => e);
      expect(workers).toHaveLength(1);
      expect(worker).toBeInstanceOf(Error);
      expect(worker).toEqual(inProcess);
      expect((worker as Error).message).toBe((inProcess as Error).message);
    } finally {
      await h.close();
    }
  });

  it('a worker that dies mid-batch: the main thread answers, with one warning', async () => {
    const warnings: unknown[] = [];
    const logger = { info: () => undefined, warn: (o: unknown) => warnings.push(o) } as unknown as Logger;
    const { h, workers } = host({ logger, kill: true });
    try {
      const expected = await screenBatch(snapshot, queries, defaults, bounds);
      expect(wire(await h.screen(snapshot, queries, defaults, bounds))).toBe(wire(expected));
      expect(workers).toHaveLength(1);
      expect(workers[0]!.failed).toBe(true);
      // Until the retry delay, batches stay on the main thread without a new worker or warning.
      expect(wire(await h.screen(snapshot, queries, defaults, bounds))).toBe(wire(expected));
      expect(workers).toHaveLength(1);
      expect(warnings).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('a worker that cannot start: the main thread answers', async () => {
    const h = new BatchWorkerHost({
      logger: silent,
      start: () => Promise.reject(new Error('no threads today')),
    });
    try {
      const expected = await screenBatch(snapshot, queries, defaults, bounds);
      expect(wire(await h.screen(snapshot, queries, defaults, bounds))).toBe(wire(expected));
    } finally {
      await h.close();
    }
  });

  it('an index without a shared form (built in this thread) is screened in process', async () => {
    const { h, workers } = host();
    const { SanctionsIndex } = await import('../../src/sanctions/index.ts');
    const local = { ...snapshot, index: SanctionsIndex.build([...snapshot.index.entityList]) };
    try {
      const got = await h.screen(local, queries.slice(0, 60), defaults, bounds);
      expect(workers).toHaveLength(0);
      expect(wire(got)).toBe(wire(await screenBatch(snapshot, queries.slice(0, 60), defaults, bounds)));
    } finally {
      await h.close();
    }
  });

  it('bounded: past the waiting batches a batch gets a 503; an idle worker is dropped', async () => {
    const workers: BatchWorker[] = [];
    const h = new BatchWorkerHost({
      logger: silent,
      maxWaiting: 1,
      idleMs: 50,
      start: async (s) => {
        const w = await BatchWorker.start(s);
        workers.push(w);
        return w;
      },
    });
    try {
      const running = h.screen(snapshot, queries, defaults, bounds);
      const waiting = h.screen(snapshot, queries, defaults, bounds);
      await expect(h.screen(snapshot, queries, defaults, bounds)).rejects.toMatchObject({
        name: 'ServiceUnavailableError',
        retryAfterSeconds: 1,
      });
      expect(wire(await running)).toBe(wire(await waiting));
      expect(workers).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(workers[0]!.failed).toBe(true); // closed after 50 ms idle
    } finally {
      await h.close();
    }
  });

  it('while a refresh rebuilds the index the worker is dropped and batches run in process', async () => {
    const { h, workers } = host();
    try {
      const expected = wire(await screenBatch(snapshot, queries, defaults, bounds));
      expect(wire(await h.screen(snapshot, queries, defaults, bounds))).toBe(expected);
      expect(workers).toHaveLength(1);
      h.onRebuildStart();
      await new Promise((r) => setTimeout(r, 50));
      expect(workers[0]!.failed).toBe(true); // its copy of the entities is gone for the build
      expect(wire(await h.screen(snapshot, queries, defaults, bounds))).toBe(expected);
      expect(workers).toHaveLength(1); // answered in process, no worker started during the build
      h.onRebuildEnd();
      expect(wire(await h.screen(snapshot, queries, defaults, bounds))).toBe(expected);
      expect(workers).toHaveLength(2);
    } finally {
      await h.close();
    }
  });

  it("the service's refresh tells it when the index build starts and ends, around the swap", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-rebuild-'));
    fs.cpSync(path.join(SAMPLE_LISTS_DIR, 'ofac-sdn'), path.join(dir, 'ofac-sdn'), { recursive: true });
    const svc = await startTestRuntime({ LISTS_DIR: dir, LIST_SOURCES: 'ofac-sdn', LIST_DOWNLOAD: 'false' });
    try {
      const calls: string[] = [];
      const b = svc.deps.batchScreening;
      vi.spyOn(b, 'onRebuildStart').mockImplementation(() => calls.push('start'));
      vi.spyOn(b, 'onRebuildEnd').mockImplementation(() => calls.push('end'));
      vi.spyOn(b, 'onListChange').mockImplementation(() => calls.push('swap'));
      fs.appendFileSync(path.join(dir, 'ofac-sdn', 'sdn.csv'), '\n');
      await svc.deps.lists.refreshNow();
      expect(calls).toEqual(['start', 'end', 'swap']);
    } finally {
      await svc.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a refresh during a batch: that batch is all old lists, the next all new, in a new worker', async () => {
    // Two real snapshots: one list, then all of them.
    const one = await startTestRuntime({ LIST_SOURCES: 'ofac-sdn' });
    const { h, workers } = host();
    try {
      const before = one.deps.lists.snapshot!;
      const after = snapshot;
      const mixed = queriesOf(after, 900);
      const oldAnswer = await screenBatch(before, mixed, defaults, bounds);
      const newAnswer = await screenBatch(after, mixed, defaults, bounds);
      expect(wire(oldAnswer)).not.toBe(wire(newAnswer));
      const running = h.screen(before, mixed, defaults, bounds);
      await new Promise((r) => setTimeout(r, 5));
      h.onListChange(after);
      const next = h.screen(after, mixed, defaults, bounds);
      expect(wire(await running)).toBe(wire(oldAnswer));
      expect(wire(await next)).toBe(wire(newAnswer));
      expect(workers.map((w) => w.snapshot)).toEqual([before, after]);
      expect(workers[0]!.failed).toBe(true); // closed: one worker alive at a time
    } finally {
      await h.close();
      await one.dispose();
    }
  });
});

describeShared('batch screening in a worker (all five shared lists)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ LISTS_DIR: SHARED_LISTS_DIR });
  }, 300_000);
  afterAll(() => rt?.dispose());

  it('answers exactly what the in-process path answers', async () => {
    const snapshot = rt.deps.lists.snapshot!;
    expect(snapshot.index.shared()).toBeDefined();
    const queries = queriesOf(snapshot, 1_000);
    const { h, workers } = host();
    try {
      const expected = await screenBatch(snapshot, queries, defaults, bounds);
      expect(wire(await h.screen(snapshot, queries, defaults, bounds))).toBe(wire(expected));
      expect(workers).toHaveLength(1);
    } finally {
      await h.close();
    }
  }, 300_000);
});
