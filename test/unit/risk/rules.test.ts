/** Each rule is a pure function of (transaction, history, customer, findings, config): tested alone. */
import { describe, expect, it } from 'vitest';
import { loadRiskConfig } from '../../../src/risk/config.ts';
import { parseDecimal } from '../../../src/risk/money.ts';
import { burst } from '../../../src/risk/rules/burst.ts';
import { dailyCount } from '../../../src/risk/rules/daily-count.ts';
import { dailyVolumeLimit } from '../../../src/risk/rules/daily-volume-limit.ts';
import { dailyVolumeMonitoring } from '../../../src/risk/rules/daily-volume-monitoring.ts';
import { dormantReactivation } from '../../../src/risk/rules/dormant-reactivation.ts';
import { fanIn, fanOut } from '../../../src/risk/rules/fan.ts';
import { highRiskJurisdiction } from '../../../src/risk/rules/high-risk-jurisdiction.ts';
import { kycStatus } from '../../../src/risk/rules/kyc-status.ts';
import { newAccountHighValue } from '../../../src/risk/rules/new-account-high-value.ts';
import { rapidMovement } from '../../../src/risk/rules/rapid-movement.ts';
import { sanctionedJurisdiction } from '../../../src/risk/rules/sanctioned-jurisdiction.ts';
import { sanctionsName } from '../../../src/risk/rules/sanctions-name.ts';
import { sanctionsWallet } from '../../../src/risk/rules/sanctions-wallet.ts';
import { singleTransactionLimit } from '../../../src/risk/rules/single-transaction-limit.ts';
import { structuring } from '../../../src/risk/rules/structuring.ts';
import { travelRule } from '../../../src/risk/rules/travel-rule.ts';
import { codes, context, DAY, entry, HOUR, MIN, notRequired, T0, tx } from './context.ts';

describe('sanctions.wallet', () => {
  it('blocks a listed counterparty wallet and names the list', () => {
    const hits = sanctionsWallet(
      context({
        sanctions: {
          wallets: [
            {
              field: 'counterparty.walletAddress',
              source: 'ofac-sdn',
              sourceId: '27307',
              name: 'LAZARUS GROUP',
              currency: 'ETH',
              address: '0x098b',
              chain: 'ethereum',
              programs: ['DPRK3'],
            },
          ],
          names: [],
        },
      }),
    );
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ code: 'sanctions.wallet', outcome: 'block', score: 1 });
    expect(hits[0]!.message).toContain('ofac-sdn');
  });
  it('says nothing without a hit', () => expect(sanctionsWallet(context({}))).toEqual([]));
});

describe('sanctions.counterparty_name', () => {
  const match = (score: number) => ({
    field: 'counterparty.name',
    source: 'un-sc',
    sourceId: 'QDi.1',
    name: 'X',
    matchedName: 'X',
    type: 'person',
    score,
    programs: [],
  });
  it('blocks at or above the block score', () => {
    expect(sanctionsName(context({ sanctions: { wallets: [], names: [match(0.97)] } }))[0]).toMatchObject({
      outcome: 'block',
      score: 1,
    });
    expect(sanctionsName(context({ sanctions: { wallets: [], names: [match(0.95)] } }))[0]).toMatchObject({
      outcome: 'block',
    });
  });
  it('sends a weaker match to review with its configured weight', () => {
    expect(sanctionsName(context({ sanctions: { wallets: [], names: [match(0.9), match(0.88)] } }))[0]).toMatchObject({
      outcome: 'review',
      score: 0.85,
    });
  });
});

describe('geo.sanctioned_jurisdiction', () => {
  it('blocks comprehensively sanctioned countries', () => {
    const hits = sanctionedJurisdiction(context({ jurisdictions: [{ field: 'counterparty.country', code: 'IR' }] }));
    expect(hits[0]).toMatchObject({ code: 'geo.sanctioned_jurisdiction', outcome: 'block' });
  });
  it('blocks occupied Ukrainian regions given as ISO 3166-2 subdivisions, not Ukraine as a whole', () => {
    for (const code of ['UA-43', 'UA-40', 'UA-14', 'UA-09'])
      expect(
        codes(sanctionedJurisdiction(context({ jurisdictions: [{ field: 'counterparty.country', code }] }))),
      ).toEqual(['geo.sanctioned_jurisdiction']);
    expect(sanctionedJurisdiction(context({ jurisdictions: [{ field: 'counterparty.country', code: 'UA' }] }))).toEqual(
      [],
    );
    expect(
      sanctionedJurisdiction(context({ jurisdictions: [{ field: 'counterparty.country', code: 'UA-30' }] })),
    ).toEqual([]);
  });
  it('treats a subdivision of a sanctioned country as the country', () => {
    expect(
      codes(
        sanctionedJurisdiction(context({ jurisdictions: [{ field: 'counterparty.vasp.country', code: 'IR-07' }] })),
      ),
    ).toEqual(['geo.sanctioned_jurisdiction']);
  });
});

describe('geo.high_risk_jurisdiction', () => {
  it('scores FATF black above grey', () => {
    const black = highRiskJurisdiction(context({ jurisdictions: [{ field: 'counterparty.country', code: 'MM' }] }))[0]!;
    const grey = highRiskJurisdiction(context({ jurisdictions: [{ field: 'counterparty.country', code: 'VN' }] }))[0]!;
    expect(black).toMatchObject({ code: 'geo.high_risk_jurisdiction', score: 0.65, details: { list: 'black' } });
    expect(grey).toMatchObject({ score: 0.3, details: { list: 'grey' } });
    expect(black.outcome).toBeUndefined();
  });
  it('ignores other countries', () =>
    expect(highRiskJurisdiction(context({ jurisdictions: [{ field: 'counterparty.country', code: 'DE' }] }))).toEqual(
      [],
    ));
});

describe('kyc.rejected / kyc.unverified', () => {
  it('blocks a rejected customer', () => {
    expect(kycStatus(context({ customer: { verification: 'rejected', kycStatus: 'rejected' } }))[0]).toMatchObject({
      code: 'kyc.rejected',
      outcome: 'block',
    });
  });
  it('lets an unverified customer through within the limit, with a small score', () => {
    const hit = kycStatus(
      context({ tx: tx({ usd: '1000' }), customer: { verification: 'unverified', kycStatus: 'none' } }),
    )[0]!;
    expect(hit).toMatchObject({ code: 'kyc.unverified', score: 0.1 });
    expect(hit.outcome).toBeUndefined();
  });
  it('reviews an unverified customer above the limit, per transaction or over 24 h', () => {
    expect(
      kycStatus(
        context({ tx: tx({ usd: '1000.01' }), customer: { verification: 'unverified', kycStatus: 'pending' } }),
      )[0],
    ).toMatchObject({ outcome: 'review' });
    const history = [entry({ at: T0 - 2 * HOUR, usd: '600' })];
    expect(
      kycStatus(
        context({ tx: tx({ usd: '500' }), history, customer: { verification: 'unverified', kycStatus: 'none' } }),
      )[0],
    ).toMatchObject({ outcome: 'review', details: { volume24hUsd: '1100' } });
  });
  it('says nothing for a verified customer', () => expect(kycStatus(context({}))).toEqual([]));
});

describe('limits', () => {
  it('blocks above the per-transaction limit of the risk level', () => {
    expect(singleTransactionLimit(context({ tx: tx({ usd: '50000' }) }))).toEqual([]);
    expect(singleTransactionLimit(context({ tx: tx({ usd: '50000.01' }) }))[0]).toMatchObject({
      code: 'limits.single_transaction',
      outcome: 'block',
    });
    expect(singleTransactionLimit(context({ tx: tx({ usd: '60000' }), customer: { riskLevel: 'low' } }))).toEqual([]);
    expect(
      singleTransactionLimit(context({ tx: tx({ usd: '12500.01' }), customer: { riskLevel: 'high' } }))[0],
    ).toMatchObject({ details: { limitUsd: '12500' } });
  });
  it('blocks when rolling 24 h volume would exceed the daily limit; older volume has left the window', () => {
    const history = [entry({ at: T0 - 23 * HOUR, usd: '45000' }), entry({ at: T0 - 1 * HOUR, usd: '45000' })];
    expect(dailyVolumeLimit(context({ tx: tx({ usd: '10000' }), history }))).toEqual([]);
    expect(dailyVolumeLimit(context({ tx: tx({ usd: '10000.01' }), history }))[0]).toMatchObject({
      code: 'limits.daily_volume',
      outcome: 'block',
      details: { volume24hUsd: '100000.01' },
    });
    const old = [entry({ at: T0 - 24 * HOUR, usd: '90000' })];
    expect(dailyVolumeLimit(context({ tx: tx({ usd: '20000' }), history: old }))).toEqual([]);
  });
  it('does not count blocked transactions (they moved no money)', () => {
    const history = [entry({ at: T0 - HOUR, usd: '99000', counted: false })];
    expect(dailyVolumeLimit(context({ tx: tx({ usd: '5000' }), history }))).toEqual([]);
  });
});

describe('velocity', () => {
  it('velocity.daily_volume fires above 10,000 USD in 24 h, at 5,000 under enhanced monitoring', () => {
    const history = [entry({ at: T0 - 3 * HOUR, usd: '6000' })];
    expect(dailyVolumeMonitoring(context({ tx: tx({ usd: '4000' }), history }))).toEqual([]);
    expect(dailyVolumeMonitoring(context({ tx: tx({ usd: '4000.01' }), history }))[0]).toMatchObject({
      code: 'velocity.daily_volume',
      score: 0.35,
    });
    expect(
      dailyVolumeMonitoring(context({ tx: tx({ usd: '100' }), history, monitoring: 'enhanced' }))[0],
    ).toMatchObject({ details: { thresholdUsd: '5000' } });
  });
  it('velocity.daily_count fires on the 51st transaction in 24 h (26th under enhanced monitoring)', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => entry({ at: T0 - i * 20 * MIN, usd: '10' }));
    expect(dailyCount(context({ history: fifty.slice(0, 49) }))).toEqual([]);
    expect(dailyCount(context({ history: fifty }))[0]).toMatchObject({
      code: 'velocity.daily_count',
      details: { count24h: 51, threshold: 50 },
    });
    expect(dailyCount(context({ history: fifty.slice(0, 25), monitoring: 'enhanced' }))[0]).toMatchObject({
      details: { count24h: 26, threshold: 25 },
    });
  });
  it('velocity.burst fires at 5 transactions within 5 minutes', () => {
    const four = [1, 2, 3, 4].map((i) => entry({ at: T0 - i * 50_000, usd: '10' }));
    expect(burst(context({ history: four.slice(0, 3) }))).toEqual([]);
    expect(burst(context({ history: four }))[0]).toMatchObject({ code: 'velocity.burst', details: { count: 5 } });
    const spread = [1, 2, 3, 4].map((i) => entry({ at: T0 - i * 2 * MIN, usd: '10' }));
    expect(burst(context({ history: spread }))).toEqual([]);
  });
});

describe('aml.structuring', () => {
  it('fires on the third deposit just under 10,000 USD within 7 days', () => {
    const history = [
      entry({ at: T0 - 3 * DAY, usd: '9500', direction: 'inbound' }),
      entry({ at: T0 - 1 * DAY, usd: '9800', direction: 'inbound' }),
    ];
    const hit = structuring(context({ tx: tx({ usd: '9900', direction: 'inbound' }), history }))[0]!;
    expect(hit).toMatchObject({
      code: 'aml.structuring',
      details: { thresholdUsd: '10000', count: 3, totalUsd: '29200' },
    });
  });
  it('ignores amounts outside the band, other directions, and transfers older than the window', () => {
    const history = [
      entry({ at: T0 - 3 * DAY, usd: '9500', direction: 'inbound' }),
      entry({ at: T0 - 8 * DAY, usd: '9800', direction: 'inbound' }),
    ];
    expect(structuring(context({ tx: tx({ usd: '9900', direction: 'inbound' }), history }))).toEqual([]);
    expect(
      structuring(
        context({
          tx: tx({ usd: '10000', direction: 'inbound' }),
          history: [...history, entry({ at: T0 - HOUR, usd: '9999', direction: 'inbound' })],
        }),
      ),
    ).toEqual([]);
    expect(
      structuring(
        context({
          tx: tx({ usd: '9900', direction: 'outbound' }),
          history: [...history, entry({ at: T0 - HOUR, usd: '9999', direction: 'inbound' })],
        }),
      ),
    ).toEqual([]);
  });
  it('also watches the Travel Rule threshold in force (FATF 1,000)', () => {
    const history = [entry({ at: T0 - 5 * HOUR, usd: '950' }), entry({ at: T0 - 2 * HOUR, usd: '990' })];
    expect(structuring(context({ tx: tx({ usd: '999.99' }), history, travelRule: notRequired }))[0]).toMatchObject({
      details: { thresholdUsd: '1000' },
    });
    const off = loadRiskConfig({ RISK_STRUCTURING_INCLUDE_TRAVEL_RULE: 'false' });
    expect(structuring(context({ tx: tx({ usd: '999.99' }), history, config: off }))).toEqual([]);
  });
});

describe('aml.rapid_movement', () => {
  it('fires when an outbound transfer mirrors an inbound one within 24 h (±10 %)', () => {
    const history = [entry({ at: T0 - 3 * HOUR, usd: '20000', direction: 'inbound', id: 'in-1' })];
    expect(rapidMovement(context({ tx: tx({ usd: '18500' }), history }))[0]).toMatchObject({
      code: 'aml.rapid_movement',
      details: { inboundTransactionIds: ['in-1'], minutesSinceInbound: 180 },
    });
    expect(rapidMovement(context({ tx: tx({ usd: '17999' }), history }))).toEqual([]);
    expect(rapidMovement(context({ tx: tx({ usd: '18500', direction: 'inbound' }), history }))).toEqual([]);
  });
  it('fires when the window’s inbound total is moved on', () => {
    const history = [
      entry({ at: T0 - 5 * HOUR, usd: '3000', direction: 'inbound' }),
      entry({ at: T0 - 4 * HOUR, usd: '4000', direction: 'inbound' }),
      entry({ at: T0 - 3 * HOUR, usd: '3000', direction: 'inbound' }),
    ];
    expect(rapidMovement(context({ tx: tx({ usd: '9800' }), history }))[0]).toMatchObject({
      details: { inboundUsd: '10000' },
    });
  });
  it('ignores inbound funds older than 24 h and small amounts', () => {
    expect(
      rapidMovement(
        context({
          tx: tx({ usd: '5000' }),
          history: [entry({ at: T0 - 25 * HOUR, usd: '5000', direction: 'inbound' })],
        }),
      ),
    ).toEqual([]);
    expect(
      rapidMovement(
        context({ tx: tx({ usd: '500' }), history: [entry({ at: T0 - HOUR, usd: '500', direction: 'inbound' })] }),
      ),
    ).toEqual([]);
  });
});

describe('aml.fan_in / aml.fan_out', () => {
  it('fan-out fires at the fifth distinct recipient within 24 h', () => {
    const history = ['a', 'b', 'c', 'b'].map((cp, i) =>
      entry({ at: T0 - (i + 1) * HOUR, usd: '100', cp: `wallet:${cp}` }),
    );
    expect(fanOut(context({ tx: tx({ counterpartyKey: 'wallet:d' }), history }))).toEqual([]);
    const more = [...history, entry({ at: T0 - 10 * HOUR, usd: '100', cp: 'wallet:d' })];
    expect(fanOut(context({ tx: tx({ counterpartyKey: 'wallet:e' }), history: more }))[0]).toMatchObject({
      code: 'aml.fan_out',
      details: { distinctCounterparties: 5 },
    });
    expect(fanIn(context({ tx: tx({ counterpartyKey: 'wallet:e' }), history: more }))).toEqual([]);
  });
  it('fan-in counts distinct senders only', () => {
    const history = ['a', 'b', 'c', 'd'].map((cp, i) =>
      entry({ at: T0 - (i + 1) * HOUR, usd: '100', direction: 'inbound', cp: `user:${cp}` }),
    );
    expect(fanIn(context({ tx: tx({ direction: 'inbound', counterpartyKey: 'user:e' }), history }))[0]).toMatchObject({
      code: 'aml.fan_in',
    });
    expect(fanIn(context({ tx: tx({ direction: 'inbound', counterpartyKey: 'user:a' }), history }))).toEqual([]);
  });
});

describe('aml.new_account_high_value', () => {
  it('fires for 5,000 USD or more from an account opened less than a day ago', () => {
    expect(
      newAccountHighValue(context({ tx: tx({ usd: '5000' }), customer: { accountCreatedAt: T0 - 2 * HOUR } }))[0],
    ).toMatchObject({ code: 'aml.new_account_high_value', details: { ageFrom: 'profile.createdAt' } });
    expect(
      newAccountHighValue(context({ tx: tx({ usd: '4999.99' }), customer: { accountCreatedAt: T0 - 2 * HOUR } })),
    ).toEqual([]);
    expect(
      newAccountHighValue(context({ tx: tx({ usd: '5000' }), customer: { accountCreatedAt: T0 - 25 * HOUR } })),
    ).toEqual([]);
  });
  it('without a profile date, ages the account from the first transaction seen', () => {
    const customer = { verification: 'unverified' as const, kycStatus: 'none' as const, riskLevel: 'medium' as const };
    expect(newAccountHighValue({ ...context({ tx: tx({ usd: '7000' }) }), customer })[0]).toMatchObject({
      details: { ageFrom: 'firstSeen', accountAgeHours: 0 },
    });
    expect(
      newAccountHighValue({
        ...context({ tx: tx({ usd: '7000' }), summary: { firstSeenAt: T0 - 3 * DAY } }),
        customer,
      }),
    ).toEqual([]);
  });
});

describe('aml.dormant_reactivation', () => {
  it('fires on the first transfer after 90 days without activity', () => {
    const history = [entry({ at: T0 - 120 * DAY, usd: '50' })];
    expect(dormantReactivation(context({ tx: tx({ usd: '2500' }), history }))[0]).toMatchObject({
      code: 'aml.dormant_reactivation',
      details: { dormantDays: 120 },
    });
  });
  it('uses the summary of activity older than memory holds, and ignores new or active customers', () => {
    expect(
      dormantReactivation(context({ tx: tx({ usd: '2500' }), summary: { lastActiveBeforeHeld: T0 - 100 * DAY } }))[0],
    ).toMatchObject({ details: { dormantDays: 100 } });
    expect(dormantReactivation(context({ tx: tx({ usd: '2500' }) }))).toEqual([]);
    expect(
      dormantReactivation(context({ tx: tx({ usd: '2500' }), history: [entry({ at: T0 - 30 * DAY, usd: '50' })] })),
    ).toEqual([]);
    expect(
      dormantReactivation(context({ tx: tx({ usd: '999' }), history: [entry({ at: T0 - 120 * DAY, usd: '50' })] })),
    ).toEqual([]);
  });
});

describe('travel_rule.*', () => {
  it('reviews an incomplete Travel Rule payload and lists what is missing', () => {
    const verdict = {
      ...notRequired,
      required: true,
      status: 'incomplete' as const,
      missing: ['travelRule.originator'],
      invalid: [],
    };
    expect(travelRule(context({ travelRule: verdict }))[0]).toMatchObject({
      code: 'travel_rule.incomplete',
      outcome: 'review',
      details: { missing: ['travelRule.originator'] },
    });
  });
  it('reviews an unverified self-hosted wallet above the ownership threshold', () => {
    const verdict = {
      ...notRequired,
      jurisdiction: 'EU' as const,
      unhostedOwnership: { required: true as const, verified: false, thresholdUsd: parseDecimal('1160') },
    };
    expect(codes(travelRule(context({ travelRule: verdict })))).toEqual(['travel_rule.unhosted_wallet']);
    expect(
      travelRule(
        context({ travelRule: { ...verdict, unhostedOwnership: { ...verdict.unhostedOwnership, verified: true } } }),
      ),
    ).toEqual([]);
  });
});
