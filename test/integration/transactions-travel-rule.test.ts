/** The Travel Rule through the screening call: thresholds per TRAVEL_RULE_JURISDICTION, exact missing fields, self-hosted wallets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal } from '../../src/risk/money.ts';
import { JURISDICTIONS } from '../../src/travel-rule/thresholds.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import {
  cleanWallet,
  codes,
  completeTravelRule,
  NOW,
  screen,
  screenOk,
  testClock,
  txBody,
  verifiedCustomer,
} from '../helpers/transactions.ts';

const clock = testClock(NOW);

describe('Travel Rule under the default jurisdiction (FATF, 1,000 USD)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({}, { clock: clock.clock });
    await verifiedCustomer(rt, 'tr-1');
  });
  afterAll(() => rt.dispose());

  it('not required below 1,000 USD, required at 1,000', async () => {
    const below = await screenOk(rt, { userId: 'tr-1', amount: '999.99', travelRule: false });
    expect(below.travelRule).toEqual({
      required: false,
      jurisdiction: 'FATF',
      thresholdUsd: '1000',
      status: 'not_required',
      missing: [],
      invalid: [],
    });
    expect(below.decision).toBe('approve');
    const at = await screenOk(rt, { userId: 'tr-1', amount: '1000', travelRule: false });
    expect(at.travelRule).toMatchObject({
      required: true,
      status: 'incomplete',
      missing: ['travelRule.originator', 'travelRule.beneficiary'],
    });
    expect(at.decision).toBe('review');
    expect(codes(at)).toEqual(['travel_rule.incomplete']);
  });

  it('complete IVMS101 data passes', async () => {
    const r = await screenOk(rt, { userId: 'tr-1', amount: '2500' });
    expect(r.travelRule).toMatchObject({ required: true, status: 'complete', missing: [], invalid: [] });
    expect(r.decision).toBe('approve');
  });

  it('lists exactly which IVMS101 fields are missing or invalid', async () => {
    const travelRule = completeTravelRule() as Record<string, Record<string, unknown>>;
    // Originator: a natural person with only a name (C1 fails) and no LEGL name type (C6 fails).
    travelRule.originator = {
      originatorPerson: [
        {
          naturalPerson: {
            name: { nameIdentifier: [{ primaryIdentifier: 'Smith', naturalPersonNameIdentifierType: 'ALIA' }] },
          },
        },
      ],
      accountNumber: ['1'],
    };
    // Beneficiary: no account number, and a legal person whose LEI has wrong check digits.
    travelRule.beneficiary = {
      beneficiaryPerson: [
        {
          legalPerson: {
            name: { nameIdentifier: [{ legalPersonName: 'Beneficiary Ltd', legalPersonNameIdentifierType: 'LEGL' }] },
            nationalIdentification: { nationalIdentifier: '5493001KJTIIGC8Y1R13', nationalIdentifierType: 'LEIX' },
          },
        },
      ],
    };
    const r = await screenOk(rt, { userId: 'tr-1', amount: '5000', travelRule });
    expect(r.travelRule.status).toBe('incomplete');
    expect(r.travelRule.missing).toEqual([
      'travelRule.originator.originatorPerson[0].naturalPerson.name.nameIdentifier',
      'travelRule.originator.originatorPerson[0].naturalPerson.geographicAddress|customerIdentification|nationalIdentification|dateAndPlaceOfBirth',
      'travelRule.beneficiary.accountNumber',
    ]);
    expect(r.travelRule.invalid).toEqual([
      {
        path: 'travelRule.beneficiary.beneficiaryPerson[0].legalPerson.nationalIdentification.nationalIdentifier',
        constraint: 'C11',
        message: expect.stringContaining('check digits'),
      },
    ]);
    expect(r.reasons.find((x: { code: string }) => x.code === 'travel_rule.incomplete').details.missing).toEqual(
      r.travelRule.missing,
    );
  });

  it('internal transfers between two customers need no Travel Rule data', async () => {
    const r = await screenOk(rt, {
      userId: 'tr-1',
      amount: '5000',
      counterparty: { userId: 'tr-2' },
      travelRule: false,
    });
    expect(r.travelRule).toMatchObject({ required: false, status: 'not_required' });
  });
});

describe('Travel Rule thresholds per jurisdiction (TRAVEL_RULE_JURISDICTION)', () => {
  let rt: TestRuntime;
  afterAll(() => rt?.dispose());

  // USD thresholds with the default FX rates (EUR 1.16, SGD 0.77, CAD 0.72, KRW 0.00069, HKD 0.1285, AED 0.2723, JPY 0.0065).
  const expected: Record<(typeof JURISDICTIONS)[number], string> = {
    FATF: '1000',
    US: '3000',
    EU: '0',
    UK: '1160',
    SG: '1155',
    CH: '0',
    CA: '720',
    KR: '690',
    HK: '1028',
    AE: '953.05',
    AU: '0',
    JP: '650',
  };

  it('answers with the jurisdiction, its USD threshold, and required exactly from the threshold up', async () => {
    for (const jurisdiction of JURISDICTIONS) {
      rt = rt
        ? await rt.restart({ TRAVEL_RULE_JURISDICTION: jurisdiction })
        : await startTestRuntime({ TRAVEL_RULE_JURISDICTION: jurisdiction }, { clock: clock.clock });
      const user = `tr-${jurisdiction}`;
      await verifiedCustomer(rt, user);
      const threshold = expected[jurisdiction];
      const at = await screenOk(rt, {
        userId: user,
        amount: threshold === '0' ? '0.01' : threshold,
        travelRule: false,
      });
      expect(at.travelRule, jurisdiction).toMatchObject({
        jurisdiction,
        thresholdUsd: threshold,
        required: true,
        status: 'incomplete',
      });
      if (threshold !== '0') {
        const below = await screenOk(rt, {
          userId: user,
          amount: formatDecimal(parseDecimal(threshold) - parseDecimal('0.01')),
          travelRule: false,
        });
        expect(below.travelRule, jurisdiction).toMatchObject({ required: false, status: 'not_required' });
      }
    }
    // One runtime per jurisdiction (12 restarts): slow on a loaded 2-core machine, not a latency assertion.
  }, 240_000);
});

describe('EU: self-hosted wallets above EUR 1,000 need ownership verification', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ TRAVEL_RULE_JURISDICTION: 'EU' }, { clock: clock.clock });
    await verifiedCustomer(rt, 'eu-1');
  });
  afterAll(() => rt.dispose());

  it('reviews a transfer to an unverified self-hosted wallet above 1,160 USD, approves it once ownership is verified', async () => {
    const unhosted = { walletAddress: cleanWallet(), chain: 'ethereum', hosted: false };
    const small = await screenOk(rt, { userId: 'eu-1', amount: '1000', counterparty: unhosted });
    expect(small.decision).toBe('approve');
    const large = await screenOk(rt, { userId: 'eu-1', amount: '1500', counterparty: unhosted });
    expect(large.decision).toBe('review');
    expect(codes(large)).toEqual(['travel_rule.unhosted_wallet']);
    expect(large.travelRule.unhostedOwnership).toEqual({ required: true, verified: false, thresholdUsd: '1160' });
    const verified = await screenOk(rt, {
      userId: 'eu-1',
      amount: '1500',
      counterparty: { ...unhosted, ownershipVerified: true },
    });
    expect(verified.decision).toBe('approve');
  });

  it('every amount needs originator and beneficiary information in the EU', async () => {
    const r = await screen(rt, txBody({ userId: 'eu-1', amount: '5', travelRule: false }));
    expect(r.body.travelRule).toMatchObject({ required: true, thresholdUsd: '0', status: 'incomplete' });
  });
});
