/**
 * A full group-commit queue answers 503 with Retry-After instead of growing: the refused screenings
 * leave nothing behind (no row, no trace in the customer's windows), are counted in a metric, and
 * succeed when retried.
 */
import { createClient } from '@libsql/client';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { getJson, NOW, rowCount, screen, testClock, txBody, type Json } from '../helpers/transactions.ts';

const clock = testClock(NOW);
const MAX_QUEUE = 3;
const SENT = 9;

describe('group-commit queue bound (TRANSACTIONS_COMMIT_MAX_QUEUE)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    // One transaction per commit, so while the first commit waits for the lock the others queue.
    rt = await startTestRuntime(
      { TRANSACTIONS_COMMIT_MAX_QUEUE: String(MAX_QUEUE), TRANSACTIONS_COMMIT_MAX_BATCH: '1' },
      { clock: clock.clock },
    );
  });
  afterAll(() => rt.dispose());

  it('answers 503 + Retry-After beyond the bound, stores only what it answered 200, and the retries pass', async () => {
    // Another connection holds the write lock: the first commit waits, the rest queue behind it.
    const other = createClient({ url: `file:${path.join(rt.dir, 'sidecar.db')}` });
    const lock = await other.transaction('write');
    await lock.execute(
      "insert into customers (user_id, kyc_status, risk_level, origin, updated_at) values ('lock-holder', 'pending', 'medium', 'kyc', 0)",
    );
    const bodies = Array.from({ length: SENT }, (_, i) => txBody({ userId: `q-${i}`, amount: '10' }));
    const settled: { status: number; body: Json; headers: Headers }[] = [];
    const send = (b: Record<string, unknown>) =>
      screen(rt, b).then((r) => {
        settled.push(r);
        return r;
      });
    // The first commit is under way (waiting for the lock) before the others arrive.
    const answers = [send(bodies[0]!)];
    while (rt.deps.transactions.writesInFlight === 0) await new Promise((r) => setTimeout(r, 5));
    answers.push(...bodies.slice(1).map(send));
    // One commit in flight and MAX_QUEUE waiting: everything else is refused without waiting for the lock.
    const refusedCount = SENT - 1 - MAX_QUEUE;
    while (settled.length < refusedCount) await new Promise((r) => setTimeout(r, 5));
    await lock.commit();
    other.close();
    const all = await Promise.all(answers);

    const refused = all.filter((r) => r.status === 503 && r.body.reason === 'write_queue_full');
    expect(refused).toHaveLength(refusedCount);
    for (const r of refused) {
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.headers.get('content-type')).toBe('application/problem+json');
    }
    const ok = all.filter((r) => r.status === 200);
    expect(await rowCount(rt, 'screened_transactions')).toBe(ok.length);
    expect(await rowCount(rt, 'transaction_decisions')).toBe(ok.length);

    const metrics = await (await rt.call('GET', '/metrics')).text();
    expect(metrics).toMatch(new RegExp(`^transaction_commit_refused_total ${refusedCount}$`, 'm'));

    // Nothing of a refused screening stayed in memory either; retried, each is screened and stored.
    for (const [i, b] of bodies.entries()) {
      if (all[i]!.status === 200) continue;
      const risk = await getJson(rt, `/v1/users/${b.userId}/risk`);
      expect(risk.body.aggregates.count24h).toBe(0);
      const again = await screen(rt, b);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBeNull();
    }
    expect(await rowCount(rt, 'screened_transactions')).toBe(SENT);
  });
});
