/**
 * The cold path (issue #13): a customer not in memory is loaded once however many of their transactions
 * arrive together (single-flight), a customer with no stored history is answered without a database read
 * (negative cache) and stops being one the moment their first transaction is submitted, and a cold
 * customer gets exactly the decision a warm one gets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStateStore, type LoadedHistory } from '../../src/risk/state.ts';
import { KnownCustomers } from '../../src/risk/known-customers.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import {
  DAY,
  getJson,
  HOUR,
  MIN,
  NOW,
  screen,
  screenOk,
  testClock,
  txBody,
  verifiedCustomer,
} from '../helpers/transactions.ts';

const clock = testClock(NOW);

const loads = (rt: TestRuntime) => rt.deps.transactions.states.loads;
const skipped = (rt: TestRuntime) => rt.deps.transactions.states.skippedLoads;

describe('cold customers over the real app (embedded database)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ TRANSACTIONS_STATE_MAX_USERS: '100' }, { clock: clock.clock });
    await verifiedCustomer(rt, 'cold-1');
    await screenOk(rt, { userId: 'cold-1', amount: '500', at: NOW - 3 * HOUR });
    await screenOk(rt, { userId: 'cold-1', amount: '700', at: NOW - 2 * HOUR });
    rt = await rt.restart();
    expect(await rt.deps.transactions.negativeCacheReady()).toBe(true);
  });
  afterAll(() => rt.dispose());

  it('20 concurrent first transactions of a cold customer with history: one load, all counted', async () => {
    const before = loads(rt);
    const bodies = Array.from({ length: 20 }, (_, i) =>
      txBody({ userId: 'cold-1', amount: '10', at: NOW - 30 * MIN + i * 1000, travelRule: false }),
    );
    const answers = await Promise.all(bodies.map((b) => screen(rt, b)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
    expect(loads(rt) - before).toBe(1);
    const risk = await getJson(rt, '/v1/users/cold-1/risk');
    expect(risk.body.aggregates).toMatchObject({ count24h: 22, volume24hUsd: '1400' });
  });

  it('a customer without stored history is answered without a database read, then counted exactly', async () => {
    const before = { loads: loads(rt), skipped: skipped(rt) };
    const bodies = Array.from({ length: 20 }, (_, i) =>
      txBody({ userId: 'new-1', amount: '10', at: NOW - 30 * MIN + i * 1000, travelRule: false }),
    );
    const answers = await Promise.all(bodies.map((b) => screen(rt, b)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
    expect(loads(rt) - before.loads).toBe(0);
    expect(skipped(rt) - before.skipped).toBe(1);
    const risk = await getJson(rt, '/v1/users/new-1/risk');
    expect(risk.body.aggregates).toMatchObject({ count24h: 20, volume24hUsd: '200' });
  });

  it('the negative cache forgets a customer once their first transaction is stored (state pushed out of memory)', async () => {
    await screenOk(rt, { userId: 'new-2', amount: '300', travelRule: false });
    // 120 other customers push new-2's state out of the 100-customer cache (an LRU eviction, not evict()).
    for (let i = 0; i < 120; i++) await screenOk(rt, { userId: `filler-${i}`, amount: '1', travelRule: false });
    const before = loads(rt);
    await screenOk(rt, { userId: 'new-2', amount: '200', travelRule: false });
    expect(loads(rt) - before).toBe(1);
    const risk = await getJson(rt, '/v1/users/new-2/risk');
    expect(risk.body.aggregates).toMatchObject({ count24h: 2, volume24hUsd: '500' });
  });

  it('a monitoring level recorded for a customer without transactions is read (evict marks them known)', async () => {
    await rt.database.client.execute({
      sql: "insert into user_monitoring (user_id, level, since) values ('new-3', 'enhanced', ?)",
      args: [NOW],
    });
    rt.deps.transactions.states.evict('new-3');
    const r = await screenOk(rt, { userId: 'new-3', amount: '10', travelRule: false });
    expect(r.monitoring).toBe('enhanced');
  });

  it('the reader loads what the client loads (same entries, summary, monitoring)', async () => {
    const { TransactionStore } = await import('../../src/transactions/store.ts');
    const viaClient = new TransactionStore(rt.database.db, {
      write: async () => {},
      execute: async () => {},
      attachPort: () => undefined,
      close: async () => {},
    });
    for (const userId of ['cold-1', 'new-1', 'new-3', 'nobody']) {
      for (const from of [NOW - DAY, NOW - 150 * MIN, NOW - 40 * MIN]) {
        const expected = await viaClient.loadHistory(userId, from);
        expect(await rt.deps.transactions.store.loadHistory(userId, from)).toEqual(expected);
      }
    }
    expect(await viaClient.loadHistory('nobody', NOW - DAY)).toEqual({ entries: [], monitoring: 'standard' });
  });
});

describe('a cold customer gets the decision a warm one gets', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  /** The same history in a fresh database; `restart` makes the last transaction meet a cold state. */
  async function run(restart: boolean) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-cold-'));
    dirs.push(dir);
    let rt = await startTestRuntime({}, { clock: clock.clock, dir });
    await verifiedCustomer(rt, 'cw-1', { createdAt: new Date(NOW - 40 * DAY).toISOString() });
    const wallets = ['0x1111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222'];
    const history = [
      { amount: '900', at: NOW - 6 * DAY, wallet: wallets[0]! },
      { amount: '45000', at: NOW - 3 * HOUR, wallet: wallets[0]! },
      { amount: '45000', at: NOW - 2 * HOUR, wallet: wallets[1]! },
      { amount: '9000', at: NOW - 50 * MIN, wallet: wallets[1]!, direction: 'inbound' as const },
    ];
    for (const [i, h] of history.entries())
      await screen(
        rt,
        txBody({
          transactionId: `cw-h${i}`,
          userId: 'cw-1',
          amount: h.amount,
          at: h.at,
          ...(h.direction ? { direction: h.direction } : {}),
          counterparty: { walletAddress: h.wallet, chain: 'ethereum', hosted: true },
        }),
      );
    if (restart) rt = await rt.restart();
    const last = await screen(
      rt,
      txBody({
        transactionId: 'cw-last',
        userId: 'cw-1',
        amount: '10000',
        counterparty: { walletAddress: wallets[0], chain: 'ethereum', hosted: true },
      }),
    );
    const risk = await getJson(rt, '/v1/users/cw-1/risk');
    const loaded = rt.deps.transactions.states.loads;
    await rt.dispose();
    return { last, risk: risk.body, loaded };
  }

  it('same answer, same aggregates, warm and after a restart', async () => {
    const warm = await run(false);
    const cold = await run(true);
    expect(cold.loaded).toBeGreaterThan(0);
    expect(warm.last.status).toBe(200);
    expect(warm.last.body.reasons.length).toBeGreaterThan(0);
    expect(cold.last.body).toEqual(warm.last.body);
    expect(cold.risk).toEqual(warm.risk);
  });
});

describe('UserStateStore (single-flight, negative cache)', () => {
  const HORIZON = DAY;
  const history = (n: number): LoadedHistory => ({
    entries: Array.from({ length: n }, (_, i) => ({
      transactionId: `t${i}`,
      at: NOW - (i + 1) * MIN,
      direction: 'outbound' as const,
      amountUsd: 1_000_000n,
      bodyTag: 1,
      counted: true,
    })),
    monitoring: 'standard',
  });

  it('concurrent misses for one customer share one load', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const store = new UserStateStore(
      async () => {
        calls++;
        await gate;
        return history(3);
      },
      HORIZON,
      100,
    );
    const all = Promise.all(Array.from({ length: 20 }, () => store.get('u', NOW)));
    release();
    const states = await all;
    expect(calls).toBe(1);
    expect(new Set(states).size).toBe(1);
    expect(states[0]!.activity.size).toBe(3);
    expect(store.loads).toBe(1);
  });

  it('a load older than the one in flight loads its own window', async () => {
    const froms: number[] = [];
    const store = new UserStateStore(
      async (_u, from) => {
        froms.push(from);
        return history(1);
      },
      HORIZON,
      100,
    );
    await Promise.all([store.get('u', NOW), store.get('u', NOW - 2 * DAY)]);
    expect(froms).toEqual([NOW - HORIZON, NOW - 2 * DAY - HORIZON]);
  });

  it('a state evicted while loading is not cached', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const store = new UserStateStore(
      async () => {
        calls++;
        if (calls === 1) await gate;
        return history(calls);
      },
      HORIZON,
      100,
    );
    const first = store.get('u', NOW);
    store.evict('u');
    release();
    expect((await first).activity.size).toBe(1);
    expect((await store.get('u', NOW)).activity.size).toBe(2);
    expect(calls).toBe(2);
  });

  it('the negative cache answers only when ready, and never for a customer noted or evicted', async () => {
    const known = new KnownCustomers();
    let calls = 0;
    const store = new UserStateStore(
      async () => {
        calls++;
        return history(0);
      },
      HORIZON,
      100,
      known,
    );
    await store.get('a', NOW); // not ready: read
    expect(calls).toBe(1);
    known.markReady();
    await store.get('b', NOW); // ready, unknown: no read
    expect(calls).toBe(1);
    expect(store.skippedLoads).toBe(1);
    store.noteStored('b');
    store.evict('b');
    await store.get('b', NOW); // noted: read
    expect(calls).toBe(2);
    store.evict('c');
    await store.get('c', NOW); // evicted (a level recorded): read
    expect(calls).toBe(3);
  });

  it('KnownCustomers holds every id added (no false negatives) through growth', () => {
    const known = new KnownCustomers();
    for (let i = 0; i < 100_000; i++) known.add(`user-${i}`);
    known.markReady();
    for (let i = 0; i < 100_000; i++) expect(known.mayHaveHistory(`user-${i}`)).toBe(true);
    let falsePositives = 0;
    for (let i = 0; i < 100_000; i++) if (known.has(`other-${i}`)) falsePositives++;
    expect(falsePositives).toBeLessThan(20);
    expect(known.bytes).toBeLessThanOrEqual(1 << 20);
  });
});
