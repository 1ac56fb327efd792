/** Lifetime volume per customer: exact, counted by the group commit for approvals only, never twice for a replay. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLifetimeVolume,
  lifetimeVolumeDeltas,
  lifetimeVolumeRows,
  lifetimeVolumeUsd,
} from '../../src/customers/lifetime-volume.ts';
import { openDatabase } from '../../src/db/client.ts';
import { parseDecimal } from '../../src/risk/money.ts';
import { createRowWriter } from '../../src/transactions/row-writer.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import {
  DAY,
  getJson,
  HOUR,
  NOW,
  screen,
  screenOk,
  testClock,
  txBody,
  verifiedCustomer,
} from '../helpers/transactions.ts';

let rt: TestRuntime;
const clock = testClock(NOW);
// Generous limits: the volume, not the rules, is under test here.
const env = {
  RISK_LIMIT_SINGLE_USD: '1000000',
  RISK_LIMIT_DAILY_USD: '10000000',
  RISK_MONITOR_DAILY_VOLUME_USD: '10000000',
};

beforeAll(async () => {
  rt = await startTestRuntime(env, { clock: clock.clock });
});
afterAll(() => rt.dispose());

const volume = async (userId: string) => (await getJson(rt, `/v1/users/${userId}/risk`)).body.lifetimeVolumeUsd;

describe('lifetime volume', () => {
  it('adds approved transactions exactly, in decimal, and shows them in the risk view', async () => {
    await verifiedCustomer(rt, 'lv-1');
    expect(await volume('lv-1')).toBe('0');
    await screenOk(rt, { userId: 'lv-1', amount: '0.1', travelRule: false, at: NOW - 3 * DAY });
    await screenOk(rt, { userId: 'lv-1', amount: '0.2', travelRule: false, at: NOW - 2 * DAY });
    await screenOk(rt, { userId: 'lv-1', amount: '49999.7', at: NOW - DAY });
    expect(await volume('lv-1')).toBe('50000');
  });

  it('counts transactions of one group commit, for one customer, once each', async () => {
    await verifiedCustomer(rt, 'lv-batch');
    const bodies = [1, 2, 3, 4].map((i) => txBody({ userId: 'lv-batch', amount: `${i}.25`, at: NOW - i * DAY }));
    const answers = await Promise.all(bodies.map((b) => screen(rt, b)));
    expect(answers.map((a) => a.body.decision)).toEqual(['approve', 'approve', 'approve', 'approve']);
    expect(await volume('lv-batch')).toBe('11');
  });

  it('does not count an idempotent replay, a held (review) or a blocked transaction', async () => {
    await verifiedCustomer(rt, 'lv-2');
    const body = txBody({ userId: 'lv-2', amount: '1000.5', at: NOW - 5 * DAY });
    expect((await screen(rt, body)).body.decision).toBe('approve');
    expect((await screen(rt, body)).status).toBe(200);
    expect(await volume('lv-2')).toBe('1000.5');
    // Missing Travel Rule data above the threshold is held for review.
    const held = await screenOk(rt, { userId: 'lv-2', amount: '1500', travelRule: false, at: NOW - HOUR });
    expect(held.decision).toBe('review');
    await verifiedCustomer(rt, 'lv-3', { kycStatus: 'rejected' });
    const blocked = await screenOk(rt, { userId: 'lv-3', amount: '10' });
    expect(blocked.decision).toBe('block');
    expect(await volume('lv-2')).toBe('1000.5');
    expect(await volume('lv-3')).toBe('0');
  });

  it('addLifetimeVolume carries 18-decimal fractions into whole dollars without losing a digit', async () => {
    await rt.database.db.transaction(async (tx) => {
      await addLifetimeVolume(tx, 'lv-direct', '0.999999999999999999', clock.clock());
      await addLifetimeVolume(tx, 'lv-direct', '0.000000000000000001', clock.clock());
      await addLifetimeVolume(tx, 'lv-direct', '999999999999999.5', clock.clock());
    });
    expect(await lifetimeVolumeUsd(rt.database.db, 'lv-direct')).toBe('1000000000000000.5');
  });

  it('the batch writer of a libSQL server (multi-row statement) upserts the same way', async () => {
    const database = await openDatabase('file::memory:');
    try {
      const writer = createRowWriter('file::memory:', database.client);
      const at = clock.clock();
      const batch = (amounts: string[]) => [
        {
          rows: lifetimeVolumeRows,
          values: lifetimeVolumeDeltas(
            amounts.map((a, i) => ({ userId: i % 2 ? 'odd' : 'even', amountUsd: parseDecimal(a) })),
            at,
          ),
        },
      ];
      await writer.write(batch(['0.6', '1', '0.7', '2']));
      await writer.write(batch(['0.7', '0.000000000000000001']));
      expect(await lifetimeVolumeUsd(database.db, 'even')).toBe('2');
      expect(await lifetimeVolumeUsd(database.db, 'odd')).toBe('3.000000000000000001');
    } finally {
      database.close();
    }
  });
});
