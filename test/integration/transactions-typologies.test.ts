/**
 * One scenario per rule and typology, driven through POST /v1/transactions/screen with realistic
 * sequences on the transactions' own timestamps. Real app, real libSQL file, bundled sample lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import {
  cleanWallet,
  codes,
  DAY,
  getJson,
  type Json,
  HOUR,
  MIN,
  NOW,
  screenOk,
  testClock,
  verifiedCustomer,
} from '../helpers/transactions.ts';

let rt: TestRuntime;
// The service clock runs a day ahead of NOW so scenarios can place transactions after NOW too.
const clock = testClock(NOW + DAY);

beforeAll(async () => {
  rt = await startTestRuntime({}, { clock: clock.clock });
});
afterAll(async () => {
  await rt.dispose();
});

describe('AML typologies over HTTP', () => {
  it('aml.structuring: three deposits just under 10,000 USD within a week; the third completes the pattern', async () => {
    await verifiedCustomer(rt, 'struct-1');
    const from = { walletAddress: cleanWallet(), chain: 'ethereum', hosted: true };
    const a = await screenOk(rt, {
      userId: 'struct-1',
      direction: 'inbound',
      amount: '9500',
      at: NOW - 5 * DAY,
      counterparty: from,
    });
    const b = await screenOk(rt, {
      userId: 'struct-1',
      direction: 'inbound',
      amount: '9750',
      at: NOW - 2 * DAY,
      counterparty: from,
    });
    expect(codes(a)).not.toContain('aml.structuring');
    expect(codes(b)).not.toContain('aml.structuring');
    const c = await screenOk(rt, {
      userId: 'struct-1',
      direction: 'inbound',
      amount: '9900.50',
      at: NOW,
      counterparty: from,
    });
    expect(codes(c)).toContain('aml.structuring');
    const hit = c.reasons.find((r: { code: string }) => r.code === 'aml.structuring');
    expect(hit.details).toMatchObject({ thresholdUsd: '10000', count: 3, totalUsd: '29150.5' });
    // 0.65 > 0.6: approved, the customer is now under enhanced monitoring, and an alert exists.
    expect(c.decision).toBe('approve');
    expect(c.monitoring).toBe('enhanced');
    const alerts = await getJson(rt, '/v1/alerts?userId=struct-1');
    expect(alerts.body.alerts).toHaveLength(1);
    expect(alerts.body.alerts[0]).toMatchObject({
      transactionId: c.transactionId,
      status: 'open',
      aggregates: { count24h: 1, volume24hUsd: '9900.5' },
    });
    expect(alerts.body.alerts[0].ruleHits[0].code).toBe('aml.structuring');
  });

  it('aml.rapid_movement: 20,000 received, 19,000 sent on three hours later', async () => {
    await verifiedCustomer(rt, 'rapid-1');
    await screenOk(rt, { userId: 'rapid-1', direction: 'inbound', amount: '20000', at: NOW - 3 * HOUR });
    const out = await screenOk(rt, { userId: 'rapid-1', direction: 'outbound', amount: '19000', at: NOW });
    expect(codes(out)).toContain('aml.rapid_movement');
    expect(out.reasons.find((r: { code: string }) => r.code === 'aml.rapid_movement').details).toMatchObject({
      minutesSinceInbound: 180,
      inboundUsd: '20000',
    });
    // With 39,000 USD in 24 h above the 10,000 monitoring threshold the score passes 0.8: review.
    expect(codes(out)).toContain('velocity.daily_volume');
    expect(out.decision).toBe('review');
    expect(out.riskScore).toBe(1);
  });

  it('aml.fan_out: payments to five different wallets in one afternoon', async () => {
    await verifiedCustomer(rt, 'fanout-1');
    const results = [];
    for (let i = 0; i < 5; i++)
      results.push(await screenOk(rt, { userId: 'fanout-1', amount: '300', at: NOW - (5 - i) * 40 * MIN }));
    expect(results.slice(0, 4).some((r) => codes(r).includes('aml.fan_out'))).toBe(false);
    expect(codes(results[4])).toEqual(['aml.fan_out']);
    expect(results[4].reasons[0].details.distinctCounterparties).toBe(5);
    expect(results[4].decision).toBe('approve');
  });

  it('aml.fan_in: five different customers send funds within the day (internal transfers, no Travel Rule)', async () => {
    await verifiedCustomer(rt, 'fanin-1');
    let last: Json;
    for (let i = 0; i < 5; i++)
      last = await screenOk(rt, {
        userId: 'fanin-1',
        direction: 'inbound',
        amount: '150',
        at: NOW - (5 - i) * HOUR,
        counterparty: { userId: `sender-${i}` },
        travelRule: false,
      });
    expect(codes(last)).toEqual(['aml.fan_in']);
    expect(last.travelRule.status).toBe('not_required');
  });

  it('aml.new_account_high_value: 6,000 USD two hours after opening the account', async () => {
    await verifiedCustomer(rt, 'new-1', { createdAt: new Date(NOW - 2 * HOUR).toISOString() });
    const r = await screenOk(rt, { userId: 'new-1', amount: '6000' });
    expect(codes(r)).toEqual(['aml.new_account_high_value']);
    expect(r.reasons[0].details).toMatchObject({ ageFrom: 'profile.createdAt', accountAgeHours: 2 });
    const later = await screenOk(rt, { userId: 'new-1', amount: '6000', at: NOW + 30 * MIN });
    expect(codes(later)).toContain('aml.new_account_high_value');
  });

  it('aml.dormant_reactivation: active in January, silent for 120 days, then 2,500 USD out', async () => {
    await verifiedCustomer(rt, 'dormant-1');
    // Sent when they happened: a timestamp older than the history horizon is refused (422).
    clock.set(NOW - 121 * DAY);
    await screenOk(rt, { userId: 'dormant-1', amount: '40', at: NOW - 121 * DAY });
    clock.set(NOW - 120 * DAY);
    await screenOk(rt, { userId: 'dormant-1', amount: '60', at: NOW - 120 * DAY });
    clock.set(NOW + DAY);
    const r = await screenOk(rt, { userId: 'dormant-1', amount: '2500' });
    expect(codes(r)).toEqual(['aml.dormant_reactivation']);
    expect(r.reasons[0].details.dormantDays).toBe(120);
    const next = await screenOk(rt, { userId: 'dormant-1', amount: '2500', at: NOW + HOUR });
    expect(codes(next)).not.toContain('aml.dormant_reactivation');
  });
});

describe('velocity and limits over HTTP', () => {
  it('velocity.daily_volume: the third 4,000 USD withdrawal of the day passes 10,000', async () => {
    await verifiedCustomer(rt, 'vol-1');
    await screenOk(rt, { userId: 'vol-1', amount: '4000', at: NOW - 6 * HOUR });
    const second = await screenOk(rt, { userId: 'vol-1', amount: '4000', at: NOW - 3 * HOUR });
    expect(codes(second)).toEqual([]);
    const third = await screenOk(rt, { userId: 'vol-1', amount: '4000', at: NOW });
    expect(codes(third)).toEqual(['velocity.daily_volume']);
    expect(third.reasons[0].details.volume24hUsd).toBe('12000');
  });

  it('velocity.daily_count: the 51st transaction within 24 h', async () => {
    await verifiedCustomer(rt, 'count-1');
    const wallet = { walletAddress: cleanWallet(), hosted: true };
    for (let i = 0; i < 50; i++) {
      const r = await screenOk(rt, {
        userId: 'count-1',
        amount: '10',
        at: NOW - (50 - i) * 25 * MIN,
        counterparty: wallet,
      });
      expect(codes(r)).not.toContain('velocity.daily_count');
    }
    const r = await screenOk(rt, { userId: 'count-1', amount: '10', counterparty: wallet });
    expect(codes(r)).toEqual(['velocity.daily_count']);
    expect(r.reasons[0].details).toMatchObject({ count24h: 51, threshold: 50 });
  });

  it('velocity.burst: five withdrawals within five minutes', async () => {
    await verifiedCustomer(rt, 'burst-1');
    const wallet = { walletAddress: cleanWallet(), hosted: true };
    let r: Json;
    for (let i = 0; i < 5; i++)
      r = await screenOk(rt, { userId: 'burst-1', amount: '20', at: NOW - (4 - i) * MIN, counterparty: wallet });
    expect(codes(r)).toEqual(['velocity.burst']);
  });

  it('limits.single_transaction and limits.daily_volume block; a blocked transfer does not use up the limit', async () => {
    await verifiedCustomer(rt, 'limit-1');
    const big = await screenOk(rt, { userId: 'limit-1', amount: '60000', at: NOW - 5 * HOUR });
    expect(big.decision).toBe('block');
    expect(codes(big)).toContain('limits.single_transaction');
    await screenOk(rt, { userId: 'limit-1', amount: '45000', at: NOW - 4 * HOUR });
    await screenOk(rt, { userId: 'limit-1', amount: '45000', at: NOW - 3 * HOUR });
    const over = await screenOk(rt, { userId: 'limit-1', amount: '15000', at: NOW - 2 * HOUR });
    expect(over.decision).toBe('block');
    expect(over.reasons.find((r: { code: string }) => r.code === 'limits.daily_volume').details).toMatchObject({
      volume24hUsd: '105000',
      limitUsd: '100000',
    });
    // Neither block moved money: 10,000 more still fits under 100,000.
    const fits = await screenOk(rt, { userId: 'limit-1', amount: '10000', at: NOW - HOUR });
    expect(codes(fits)).not.toContain('limits.daily_volume');
    expect(fits.decision).not.toBe('block');
  });

  it('the risk level scales the limits: 15,000 blocks a high-risk customer, not a low-risk one', async () => {
    await verifiedCustomer(rt, 'level-high', { riskLevel: 'high' });
    await verifiedCustomer(rt, 'level-low', { riskLevel: 'low' });
    expect((await screenOk(rt, { userId: 'level-high', amount: '15000' })).decision).toBe('block');
    expect(codes(await screenOk(rt, { userId: 'level-low', amount: '15000' }))).not.toContain(
      'limits.single_transaction',
    );
  });
});

describe('KYC state over HTTP', () => {
  it('a customer the sidecar has never seen is unverified: small amounts pass with kyc.unverified, larger ones go to review', async () => {
    const small = await screenOk(rt, { userId: 'stranger-1', amount: '250' });
    expect(small.decision).toBe('approve');
    expect(codes(small)).toEqual(['kyc.unverified']);
    expect(small.reasons[0].details.kycStatus).toBe('none');
    const large = await screenOk(rt, { userId: 'stranger-2', amount: '1500' });
    expect(large.decision).toBe('review');
    expect(large.reasons.find((r: { code: string }) => r.code === 'kyc.unverified').outcome).toBe('review');
    // The unverified limit is per 24 h too: 4 × 250 = 1,000 is fine, the fifth is not.
    for (let i = 0; i < 3; i++)
      await screenOk(rt, { userId: 'stranger-1', amount: '250', at: NOW + (i + 1) * 10 * MIN });
    expect((await screenOk(rt, { userId: 'stranger-1', amount: '250', at: NOW + 50 * MIN })).decision).toBe('review');
  });

  it('pending KYC is unverified; rejected KYC blocks; an imported approval lifts the limit', async () => {
    await verifiedCustomer(rt, 'kyc-p', { kycStatus: 'pending' });
    expect((await screenOk(rt, { userId: 'kyc-p', amount: '2000' })).decision).toBe('review');
    await verifiedCustomer(rt, 'kyc-r', { kycStatus: 'rejected' });
    const rejected = await screenOk(rt, { userId: 'kyc-r', amount: '10' });
    expect(rejected.decision).toBe('block');
    expect(codes(rejected)).toEqual(['kyc.rejected']);
    await verifiedCustomer(rt, 'kyc-p', { kycStatus: 'approved' });
    expect((await screenOk(rt, { userId: 'kyc-p', amount: '2000', at: NOW + MIN })).decision).toBe('approve');
  });
});

describe('jurisdictions over HTTP', () => {
  it('geo.sanctioned_jurisdiction blocks Iran, and Crimea given as UA-43, but not Ukraine as a whole', async () => {
    await verifiedCustomer(rt, 'geo-1');
    const iran = await screenOk(rt, {
      userId: 'geo-1',
      counterparty: { walletAddress: cleanWallet(), hosted: true, country: 'IR' },
    });
    expect(iran.decision).toBe('block');
    expect(codes(iran)).toContain('geo.sanctioned_jurisdiction');
    const crimea = await screenOk(rt, {
      userId: 'geo-1',
      counterparty: { walletAddress: cleanWallet(), hosted: true, vasp: { name: 'Some Exchange', country: 'ua-43' } },
    });
    expect(crimea.decision).toBe('block');
    expect(crimea.reasons[0].details.jurisdictions).toEqual([{ field: 'counterparty.vasp.country', code: 'UA-43' }]);
    const kyiv = await screenOk(rt, {
      userId: 'geo-1',
      counterparty: { walletAddress: cleanWallet(), hosted: true, country: 'UA' },
    });
    expect(codes(kyiv)).not.toContain('geo.sanctioned_jurisdiction');
  });

  it('geo.high_risk_jurisdiction: FATF black list (Myanmar) escalates monitoring, grey list (Vietnam) only scores', async () => {
    await verifiedCustomer(rt, 'geo-2');
    const grey = await screenOk(rt, {
      userId: 'geo-2',
      counterparty: { walletAddress: cleanWallet(), hosted: true, country: 'VN' },
    });
    expect(grey).toMatchObject({ decision: 'approve', monitoring: 'standard', riskScore: 0.3 });
    const black = await screenOk(rt, {
      userId: 'geo-2',
      counterparty: { walletAddress: cleanWallet(), hosted: true, country: 'MM' },
    });
    expect(black).toMatchObject({ decision: 'approve', monitoring: 'enhanced', riskScore: 0.65 });
    // Enhanced monitoring is sticky and halves the monitoring thresholds: 6,000 in 24 h now counts.
    const after = await screenOk(rt, { userId: 'geo-2', amount: '6000', at: NOW + HOUR });
    expect(after.monitoring).toBe('enhanced');
    expect(codes(after)).toContain('velocity.daily_volume');
    const risk = await getJson(rt, '/v1/users/geo-2/risk');
    expect(risk.body).toMatchObject({ monitoring: 'enhanced', verification: 'verified' });
  });
});
