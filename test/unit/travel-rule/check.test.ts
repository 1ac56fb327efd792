import { describe, expect, it } from 'vitest';
import { loadRiskConfig } from '../../../src/risk/config.ts';
import { formatDecimal, parseDecimal } from '../../../src/risk/money.ts';
import { checkTravelRule, type TravelRuleFacts } from '../../../src/travel-rule/check.ts';
import { JURISDICTIONS, resolveThreshold, type Jurisdiction } from '../../../src/travel-rule/thresholds.ts';
import { completePayload } from './fixtures.ts';

const { rates } = loadRiskConfig({});
const facts = (usd: string, over: Partial<TravelRuleFacts> = {}): TravelRuleFacts => ({
  amountUsd: parseDecimal(usd),
  date: '2026-06-01',
  internal: false,
  unhosted: false,
  ownershipVerified: false,
  ...over,
});

describe('Travel Rule thresholds per jurisdiction (converted with the configured rates)', () => {
  // [jurisdiction, USD threshold with default rates]
  const cases: [Jurisdiction, string][] = [
    ['FATF', '1000'],
    ['US', '3000'],
    ['EU', '0'],
    ['UK', '1160'],
    ['SG', '1155'],
    ['CH', '0'],
    ['CA', '720'],
    ['KR', '690'],
    ['HK', '1028'],
    ['AE', '953.05'],
    ['AU', '0'],
    ['JP', '650'],
  ];
  it('covers every jurisdiction', () => expect(cases.map((c) => c[0]).sort()).toEqual([...JURISDICTIONS].sort()));
  for (const [j, usd] of cases) {
    it(`${j}: required at ${usd} USD and above, not below`, () => {
      expect(formatDecimal(resolveThreshold(j, '2026-06-01', rates).thresholdUsd)).toBe(usd);
      expect(checkTravelRule(facts(usd), j, rates).required).toBe(true);
      if (usd !== '0')
        expect(checkTravelRule(facts(formatDecimal(parseDecimal(usd) - 1n)), j, rates)).toMatchObject({
          required: false,
          status: 'not_required',
        });
    });
  }
  it('applies a rule only from the date it took effect (EU TFR 30 Dec 2024, AU 31 Mar 2026)', () => {
    expect(checkTravelRule(facts('5000', { date: '2024-12-29' }), 'EU', rates)).toMatchObject({
      required: false,
      thresholdUsd: null,
    });
    expect(checkTravelRule(facts('5000', { date: '2024-12-30' }), 'EU', rates).required).toBe(true);
    expect(checkTravelRule(facts('5000', { date: '2026-03-30' }), 'AU', rates).required).toBe(false);
  });
  it('follows the rate table: a stronger euro raises the UK threshold in USD', () => {
    const strong = loadRiskConfig({ FX_RATES_USD: 'EUR:1.25' }).rates;
    expect(formatDecimal(resolveThreshold('UK', '2026-06-01', strong).thresholdUsd)).toBe('1250');
  });
});

describe('Travel Rule verdict', () => {
  it('complete when the IVMS101 payload is valid and both account numbers are there', () => {
    expect(checkTravelRule(facts('5000', { payload: completePayload() }), 'FATF', rates)).toMatchObject({
      required: true,
      status: 'complete',
      missing: [],
      invalid: [],
    });
  });
  it('lists exactly what is missing when the payload is absent or partial', () => {
    expect(checkTravelRule(facts('5000'), 'FATF', rates).missing).toEqual([
      'travelRule.originator',
      'travelRule.beneficiary',
    ]);
    const p = completePayload();
    delete (p.beneficiary as Record<string, unknown>).accountNumber;
    expect(checkTravelRule(facts('5000', { payload: p }), 'FATF', rates)).toMatchObject({
      status: 'incomplete',
      missing: ['travelRule.beneficiary.accountNumber'],
    });
  });
  it('is not required for internal book transfers', () => {
    expect(checkTravelRule(facts('50000', { internal: true }), 'EU', rates).status).toBe('not_required');
  });
  it('EU: self-hosted wallets above EUR 1,000 need verified ownership', () => {
    expect(
      checkTravelRule(facts('1160.01', { unhosted: true, payload: completePayload() }), 'EU', rates).unhostedOwnership,
    ).toMatchObject({ required: true, verified: false });
    expect(
      checkTravelRule(facts('1160', { unhosted: true, payload: completePayload() }), 'EU', rates).unhostedOwnership,
    ).toBeUndefined();
    expect(
      checkTravelRule(facts('5000', { unhosted: true, payload: completePayload() }), 'FATF', rates).unhostedOwnership,
    ).toBeUndefined();
  });
});
