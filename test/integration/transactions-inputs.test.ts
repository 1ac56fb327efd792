/**
 * Inputs that would switch controls off are refused: a USD value that contradicts the configured rate,
 * a timestamp older than every rolling window (unless an admin backfills on purpose), and lists of
 * hundreds of thousands of elements. Every decision carries the list provenance it was screened against.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { DAY, getJson, iso, NOW, rowCount, testClock, txBody, type Json } from '../helpers/transactions.ts';

const SCREEN_KEY = 'screen-key-0123456789abcdef';
const ADMIN_KEY = 'admin-key-0123456789abcdef00';
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

let rt: TestRuntime;
const clock = testClock(NOW);

beforeAll(async () => {
  rt = await startTestRuntime({ API_KEYS: `${SCREEN_KEY}:screen,${ADMIN_KEY}:admin` }, { clock: clock.clock });
  const res = await rt.call(
    'PUT',
    '/v1/users/in-1',
    { kycStatus: 'approved', riskLevel: 'medium', createdAt: iso(NOW - 400 * DAY) },
    auth(ADMIN_KEY),
  );
  expect(res.status).toBe(201);
});
afterAll(() => rt.dispose());

async function post(url: string, body: unknown, key = SCREEN_KEY): Promise<{ status: number; body: Json }> {
  const res = await rt.call('POST', url, body, auth(key));
  return { status: res.status, body: await res.json() };
}
const screen = (body: unknown, key = SCREEN_KEY) => post('/v1/transactions/screen', body, key);
const paths = (r: { body: Json }) => ((r.body.errors ?? []) as { path: string }[]).map((e) => e.path);

describe('amountUsd must agree with the configured rate', () => {
  it('refuses amountUsd "0" on 999,999,999,999,999 USDC (422 naming amountUsd), and stores nothing', async () => {
    const before = await rowCount(rt, 'screened_transactions');
    const r = await screen(txBody({ userId: 'in-1', amount: '999999999999999', amountUsd: '0', travelRule: false }));
    expect(r.status).toBe(422);
    expect(paths(r)).toEqual(['amountUsd']);
    expect(await rowCount(rt, 'screened_transactions')).toBe(before);
  });

  it('refuses a value 6 % off the 1:1 stablecoin rate, accepts one within 5 %', async () => {
    expect((await screen(txBody({ userId: 'in-1', amount: '100', amountUsd: '94' }))).status).toBe(422);
    expect((await screen(txBody({ userId: 'in-1', amount: '100', amountUsd: '106' }))).status).toBe(422);
    const ok = await screen(txBody({ userId: 'in-1', amount: '100', amountUsd: '104.99' }));
    expect(ok.status).toBe(200);
    expect(ok.body.amountUsd).toBe('104.99');
  });

  it('an FX-rated asset (EURC at 1.16) is checked too; an asset without a rate takes the caller’s value', async () => {
    expect((await screen(txBody({ userId: 'in-1', amount: '100', asset: 'EURC', amountUsd: '1' }))).status).toBe(422);
    expect((await screen(txBody({ userId: 'in-1', amount: '100', asset: 'EURC', amountUsd: '116.5' }))).status).toBe(
      200,
    );
    expect((await screen(txBody({ userId: 'in-1', amount: '100', asset: 'DOGE', amountUsd: '17' }))).status).toBe(200);
  });
});

describe('timestamps older than the history horizon', () => {
  it('refuses a 1970 timestamp and one just older than the longest rule window (7 days), with 422', async () => {
    for (const timestamp of ['1970-01-01T00:00:00Z', iso(NOW - 7 * DAY - 60_000)]) {
      const r = await screen(txBody({ userId: 'in-1', timestamp }));
      expect(r.status, timestamp).toBe(422);
      expect(paths(r)).toEqual(['timestamp']);
      expect(r.body.errors[0].message).toContain('/v1/transactions/backfill');
    }
    expect((await screen(txBody({ userId: 'in-1', at: NOW - 6 * DAY }))).status).toBe(200);
  });

  it('an admin backfills older history on purpose; the screen scope may not', async () => {
    const body = txBody({ userId: 'in-1', timestamp: '2019-05-01T10:00:00Z', amount: '50' });
    expect((await post('/v1/transactions/backfill', body, SCREEN_KEY)).status).toBe(403);
    const r = await post('/v1/transactions/backfill', body, ADMIN_KEY);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ occurredAt: '2019-05-01T10:00:00.000Z', decision: 'approve' });
    // Stored like any screening: readable, and a replay through either call answers the same.
    expect((await getJson(rt, `/v1/transactions/${body.transactionId}`, auth(SCREEN_KEY))).body.decision).toBe(
      'approve',
    );
    expect((await post('/v1/transactions/backfill', body, ADMIN_KEY)).body).toEqual(r.body);
    // The backfill needs a timestamp, and still refuses one in the future.
    const { timestamp: _, ...undated } = body;
    expect((await post('/v1/transactions/backfill', undated, ADMIN_KEY)).status).toBe(422);
    const future = txBody({ userId: 'in-1', timestamp: iso(NOW + 2 * DAY) });
    expect((await post('/v1/transactions/backfill', future, ADMIN_KEY)).status).toBe(422);
  });
});

describe('array bounds', () => {
  it('a 500,000-element list anywhere in the Travel Rule payload is a 4xx with one problem, never a 500', async () => {
    const huge = Array.from({ length: 500_000 }, () => 1);
    for (const travelRule of [
      { originator: { originatorPerson: huge } },
      { beneficiary: { beneficiaryPerson: [{ naturalPerson: { name: { nameIdentifier: huge } } }] } },
      { transferPath: huge },
    ]) {
      const r = await screen(txBody({ userId: 'in-1', travelRule }));
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      if (r.status === 422) expect(r.body.errors.length).toBe(1);
    }
  });
});

describe('list provenance in every decision', () => {
  it('the answer and the stored decision carry { sample, versions } of the lists screened against', async () => {
    const body = txBody({ userId: 'in-1', amount: '10' });
    const r = await screen(body);
    expect(r.status).toBe(200);
    expect(r.body.lists.sample).toBe(true);
    expect(Object.keys(r.body.lists.versions).sort()).toEqual(['eu-fsf', 'ofac-cons', 'ofac-sdn', 'uk-sl', 'un-sc']);
    for (const v of Object.values(r.body.lists.versions)) expect(v).toMatch(/^(\d{4}-\d{2}-\d{2}|sha256:[0-9a-f]{12})/);
    const stored = await getJson(rt, `/v1/transactions/${body.transactionId}`, auth(SCREEN_KEY));
    expect(stored.body.lists).toEqual(r.body.lists);
    const lists = await getJson(rt, '/v1/lists');
    expect(lists.status).toBe(200);
  });
});
