/**
 * Idempotency, restarts, concurrency and process kills: the guarantees of docs/transactions.md.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GC_FLAGS, MALLOC_ENV } from '../../src/gc-tuning.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import {
  codes,
  DAY,
  getJson,
  HOUR,
  NOW,
  rowCount,
  screen,
  screenOk,
  testClock,
  txBody,
  verifiedCustomer,
} from '../helpers/transactions.ts';
import { freePort } from '../helpers/sidecar-process.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const clock = testClock(NOW);

describe('idempotency by transactionId', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({}, { clock: clock.clock });
    await verifiedCustomer(rt, 'idem-1');
  });
  afterAll(() => rt.dispose());

  it('the same id and body returns the stored decision and is counted once', async () => {
    const body = txBody({ userId: 'idem-1', amount: '4000' });
    const first = await screen(rt, body);
    clock.advance(5_000);
    // Same body, keys in another order: still the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const second = await screen(rt, reordered);
    clock.set(NOW);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const risk = await getJson(rt, '/v1/users/idem-1/risk');
    expect(risk.body.aggregates).toMatchObject({ count24h: 1, volume24hUsd: '4000' });
    expect(await rowCount(rt, 'screened_transactions')).toBe(1);
    const stored = await getJson(rt, `/v1/transactions/${body.transactionId}`);
    // The stored view adds the review state of a held transaction (none here: approved, counted).
    expect(stored.body).toEqual({
      ...first.body,
      countedInAggregates: true,
      decidedAt: null,
      decidedBy: null,
      finalOutcome: null,
    });
  });

  it('the same id with a different body is a 409 problem and changes nothing', async () => {
    const body = txBody({ userId: 'idem-1', amount: '10' });
    expect((await screen(rt, body)).status).toBe(200);
    const before = await rowCount(rt, 'screened_transactions');
    const changed = await screen(rt, { ...body, amount: '10000' });
    expect(changed.status).toBe(409);
    expect(changed.headers.get('content-type')).toBe('application/problem+json');
    expect(changed.body).toMatchObject({ status: 409, transactionId: body.transactionId });
    // Another customer reusing the id is a conflict too (ids are global).
    const otherUser = await screen(rt, { ...body, userId: 'idem-2' });
    expect(otherUser.status).toBe(409);
    expect(await rowCount(rt, 'screened_transactions')).toBe(before);
  });

  it('a replay of a transaction older than what memory holds is still answered from the database', async () => {
    const old = txBody({ userId: 'idem-3', amount: '10', at: NOW - 30 * DAY });
    // Screened when it happened; the retry comes 30 days later, past the history horizon.
    clock.set(NOW - 30 * DAY);
    const first = await screen(rt, old);
    clock.set(NOW);
    await screenOk(rt, { userId: 'idem-3', amount: '10' });
    const again = await screen(rt, old);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await getJson(rt, '/v1/users/idem-3/risk').then((r) => r.body.aggregates.count24h)).toBe(1);
  });
});

describe('restart', () => {
  it('keeps every customer’s windows, monitoring level and stored decisions', async () => {
    let rt = await startTestRuntime({}, { clock: clock.clock });
    try {
      await verifiedCustomer(rt, 'restart-1');
      await screenOk(rt, { userId: 'restart-1', amount: '45000', at: NOW - 3 * HOUR });
      await screenOk(rt, { userId: 'restart-1', amount: '45000', at: NOW - 2 * HOUR });
      const mmBody = txBody({
        userId: 'restart-1',
        amount: '500',
        at: NOW - HOUR,
        counterparty: { walletAddress: '0x1111111111111111111111111111111111111111', country: 'MM' },
      });
      const answered = await screen(rt, mmBody);
      expect(answered.body.monitoring).toBe('enhanced');

      rt = await rt.restart();

      const risk = await getJson(rt, '/v1/users/restart-1/risk');
      expect(risk.body).toMatchObject({ monitoring: 'enhanced', aggregates: { count24h: 3, volume24hUsd: '90500' } });
      // The daily limit still knows about the 90,500 USD of the last 24 h.
      const over = await screenOk(rt, { userId: 'restart-1', amount: '10000' });
      expect(over.decision).toBe('block');
      expect(codes(over)).toContain('limits.daily_volume');
      expect(over.monitoring).toBe('enhanced');
      // An answered decision is replayed after the restart, not evaluated again.
      const replay = await screen(rt, mmBody);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(answered.body);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    } finally {
      await rt.dispose();
    }
  });
});

describe('concurrency', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({}, { clock: clock.clock });
    await verifiedCustomer(rt, 'conc-1');
  });
  afterAll(() => rt.dispose());

  it('50 transactions of one customer fired at once are counted exactly', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => screen(rt, txBody({ userId: 'conc-1', amount: '2500.01' }))),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    // 39 × 2,500.01 = 97,500.39 fits under the 100,000 daily limit; a 40th would not: exactly 11 blocks.
    const decisions = results.map((r) => r.body.decision);
    expect(decisions.filter((d) => d === 'block')).toHaveLength(11);
    const blocked = results.filter((r) => r.body.decision === 'block');
    expect(blocked.every((r) => codes(r.body).includes('limits.daily_volume'))).toBe(true);
    const risk = await getJson(rt, '/v1/users/conc-1/risk');
    expect(risk.body.aggregates).toMatchObject({ count24h: 39, volume24hUsd: '97500.39' });
    expect(await rowCount(rt, 'screened_transactions')).toBe(50);
    expect(await rowCount(rt, 'transaction_decisions')).toBe(50);
  });

  it('different customers run side by side, each counted exactly', async () => {
    const users = Array.from({ length: 10 }, (_, i) => `conc-many-${i}`);
    await Promise.all(users.map((u) => verifiedCustomer(rt, u)));
    await Promise.all(
      users.flatMap((u) =>
        Array.from({ length: 10 }, () => screenOk(rt, { userId: u, amount: '12.34', travelRule: false })),
      ),
    );
    for (const u of users) {
      const risk = await getJson(rt, `/v1/users/${u}/risk`);
      expect(risk.body.aggregates).toMatchObject({ count24h: 10, volume24hUsd: '123.4' });
    }
  });
});

describe('process killed with SIGKILL under load', () => {
  it('loses no decision that was answered', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-kill-'));
    const databaseUrl = `file:${path.join(dir, 'sidecar.db')}`;
    const port = await freePort();
    const env = {
      ...MALLOC_ENV,
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      LIST_DOWNLOAD: 'false',
      API_KEYS: '',
      LOG_LEVEL: 'error',
      NODE_ENV: 'test',
    };
    const child = spawn(process.execPath, [...GC_FLAGS, '--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((r) => child.once('exit', r));
    const url = `http://127.0.0.1:${port}`;
    try {
      for (
        let i = 0;
        i < 300 &&
        child.exitCode === null &&
        !(await fetch(`${url}/readyz`).then(
          (r) => r.ok,
          () => false,
        ));
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
      expect(child.exitCode, stderr).toBeNull();
      const answered: string[] = [];
      let stop = false;
      // 8 clients send back to back; SIGKILL lands while requests are in flight.
      const clients = Array.from({ length: 8 }, async (_, c) => {
        for (let _i = 0; !stop; _i++) {
          const body = txBody({ userId: `kill-${c}`, amount: '10', at: Date.now() - 1000, travelRule: false });
          try {
            const res = await fetch(`${url}/v1/transactions/screen`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
            if (res.status === 200) {
              await res.json();
              answered.push(body.transactionId as string);
            }
          } catch {
            return; // connection reset by the kill
          }
        }
      });
      await new Promise((r) => setTimeout(r, 1500));
      child.kill('SIGKILL');
      stop = true;
      await Promise.all(clients);
      await exited;
      expect(answered.length).toBeGreaterThan(20);

      // Reopen the same database file in-process: every answered id has its decision.
      const rt = await startTestRuntime({ DATABASE_URL: databaseUrl }, { dir });
      try {
        const stored = await rt.database.client.execute({
          sql: `select count(*) as n from transaction_decisions where transaction_id in (${answered.map(() => '?').join(',')})`,
          args: answered,
        });
        expect(Number(stored.rows[0]!.n)).toBe(answered.length);
      } finally {
        await rt.dispose();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
