/** The shape of the screening answer, stored decisions, alerts for compliance, profiles, metrics, OpenAPI. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import {
  getJson,
  HOUR,
  iso,
  NOW,
  screen,
  screenOk,
  testClock,
  txBody,
  verifiedCustomer,
} from '../helpers/transactions.ts';

let rt: TestRuntime;
const clock = testClock(NOW);

beforeAll(async () => {
  rt = await startTestRuntime({}, { clock: clock.clock });
  await verifiedCustomer(rt, 'api-1');
});
afterAll(() => rt.dispose());

describe('POST /v1/transactions/screen', () => {
  it('answers the documented shape', async () => {
    const body = txBody({ userId: 'api-1', amount: '1234.56' });
    const r = await screen(rt, body);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      transactionId: body.transactionId,
      decision: 'approve',
      riskScore: 0,
      reasons: [],
      travelRule: {
        required: true,
        jurisdiction: 'FATF',
        thresholdUsd: '1000',
        status: 'complete',
        missing: [],
        invalid: [],
      },
      sanctions: { hits: [] },
      monitoring: 'standard',
      occurredAt: iso(NOW),
      amountUsd: '1234.56',
      evaluatedAt: iso(NOW),
      lists: { sample: true, versions: expect.objectContaining({ 'ofac-sdn': expect.any(String) }) },
    });
  });

  it('defaults the timestamp to now, converts non-USD assets with the rate table, and takes amountUsd when given', async () => {
    const { timestamp: _omit, ...noTimestamp } = txBody({ userId: 'api-1', amount: '100', travelRule: false });
    const a = await screen(rt, { ...noTimestamp, asset: 'eurc' });
    expect(a.body).toMatchObject({ occurredAt: iso(NOW), amountUsd: '116' });
    const b = await screen(rt, {
      ...txBody({ userId: 'api-1', amount: '0.5', travelRule: false }),
      asset: 'ETH',
      amountUsd: '1750.25',
    });
    expect(b.body.amountUsd).toBe('1750.25');
    expect(b.body.travelRule.required).toBe(true);
  });

  it('GET /v1/transactions/:id returns the stored answer; an unknown id is a 404 problem', async () => {
    const r = await screenOk(rt, { userId: 'api-1' });
    // Not held: no final outcome, and it counts in the customer's aggregates.
    const held = { finalOutcome: null, decidedBy: null, decidedAt: null, countedInAggregates: true };
    expect((await getJson(rt, `/v1/transactions/${r.transactionId}`)).body).toEqual({ ...r, ...held });
    const missing = await getJson(rt, '/v1/transactions/nope-123');
    expect(missing.status).toBe(404);
    expect(missing.body.type).toContain('not-found');
  });
});

describe('alerts', () => {
  it('every non-approved decision leaves an alert with rule hits, aggregates and detection time; compliance can close it', async () => {
    await verifiedCustomer(rt, 'api-alerts');
    const blocked = await screenOk(rt, { userId: 'api-alerts', amount: '75000', at: NOW - HOUR });
    const reviewed = await screenOk(rt, { userId: 'api-alerts', amount: '1500', travelRule: false });
    expect(blocked.decision).toBe('block');
    expect(reviewed.decision).toBe('review');
    const list = await getJson(rt, '/v1/alerts?userId=api-alerts');
    expect(list.body.alerts.map((a: { transactionId: string }) => a.transactionId)).toEqual([
      reviewed.transactionId,
      blocked.transactionId,
    ]);
    const alert = list.body.alerts[1];
    expect(alert).toMatchObject({
      decision: 'block',
      status: 'open',
      detectedAt: iso(NOW),
      aggregates: { volume24hUsd: '75000', count24h: 1 },
    });
    expect(alert.ruleHits.map((h: { code: string }) => h.code)).toContain('limits.single_transaction');

    const closed = await rt.call('PATCH', `/v1/alerts/${alert.alertId}`, {
      status: 'closed',
      note: 'customer confirmed; limit raised',
    });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({
      status: 'closed',
      note: 'customer confirmed; limit raised',
      statusChangedAt: iso(NOW),
    });
    const open = await getJson(rt, '/v1/alerts?status=open&userId=api-alerts');
    expect(open.body.alerts).toHaveLength(1);
    expect((await getJson(rt, `/v1/alerts/${alert.alertId}`)).body.status).toBe('closed');
    expect((await getJson(rt, '/v1/alerts/alt_00000000-0000-0000-0000-000000000000')).status).toBe(404);
    const page = await getJson(rt, '/v1/alerts?limit=1&userId=api-alerts');
    expect(page.body.alerts.map((a: { transactionId: string }) => a.transactionId)).toEqual([reviewed.transactionId]);
    const page2 = await getJson(rt, `/v1/alerts?limit=1&userId=api-alerts&cursor=${page.body.next}`);
    expect(page2.body.alerts.map((a: { transactionId: string }) => a.transactionId)).toEqual([blocked.transactionId]);
    const page3 = await getJson(rt, `/v1/alerts?limit=1&userId=api-alerts&cursor=${page2.body.next}`);
    expect(page3.body).toEqual({ alerts: [], next: null });
    expect((await getJson(rt, '/v1/alerts?cursor=garbage')).status).toBe(422);
  });
});

describe('customer profiles', () => {
  it('PUT /v1/users/:id creates (201) then updates (200), keeping fields not sent', async () => {
    const created = await rt.call('PUT', '/v1/users/api-profile', {
      kycStatus: 'approved',
      riskLevel: 'high',
      country: 'fr',
      createdAt: '2024-01-15T09:30:00+01:00',
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      userId: 'api-profile',
      kycStatus: 'approved',
      riskLevel: 'high',
      country: 'FR',
      createdAt: '2024-01-15T08:30:00.000Z',
      origin: 'import',
    });
    const updated = await rt.call('PUT', '/v1/users/api-profile', { riskLevel: 'low' });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ kycStatus: 'approved', riskLevel: 'low', country: 'FR' });
    const risk = await getJson(rt, '/v1/users/api-profile/risk');
    expect(risk.body).toMatchObject({
      verification: 'verified',
      profile: { riskLevel: 'low', country: 'FR' },
      monitoring: 'standard',
      openAlerts: 0,
    });
  });

  it('a customer with no profile is reported as unverified', async () => {
    const risk = await getJson(rt, '/v1/users/nobody-here/risk');
    expect(risk.body).toMatchObject({ verification: 'unverified', profile: null, aggregates: { count24h: 0 } });
  });
});

describe('metrics and API description', () => {
  it('exposes decisions, reason hits and latency without any customer data in the labels', async () => {
    const text = await (await rt.call('GET', '/metrics')).text();
    expect(text).toMatch(/transaction_decisions_total\{decision="approve"\} \d+/);
    expect(text).toMatch(/transaction_reason_hits_total\{code="limits.single_transaction"\} \d+/);
    expect(text).toMatch(/transaction_screening_duration_seconds_count \d+/);
    expect(text).toMatch(/transaction_commit_batch_size_count \d+/);
    expect(text).not.toContain('api-1');
    expect(text).not.toContain('api-alerts');
  });

  it('documents the new calls in /openapi.json', async () => {
    const doc = (await getJson(rt, '/openapi.json')).body;
    for (const p of [
      '/v1/transactions/screen',
      '/v1/transactions/{transactionId}',
      '/v1/alerts',
      '/v1/alerts/{alertId}',
      '/v1/users/{userId}',
      '/v1/users/{userId}/risk',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
