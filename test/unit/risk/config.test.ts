import { describe, expect, it } from 'vitest';
import { historyHorizonMs, loadRiskConfig } from '../../../src/risk/config.ts';
import { formatDecimal } from '../../../src/risk/money.ts';

describe('risk configuration', () => {
  it('has defaults that run locally', () => {
    const c = loadRiskConfig({});
    expect(c.travelRuleJurisdiction).toBe('FATF');
    expect(formatDecimal(c.monitoring.dailyVolumeUsd)).toBe('10000');
    expect(c.monitoring.dailyCount).toBe(50);
    expect(c.jurisdictions.sanctioned.has('UA-43')).toBe(true);
    expect(formatDecimal(c.rates.get('USDC')!)).toBe('1');
    expect(historyHorizonMs(c)).toBe(7 * 86_400_000);
  });
  it('parses overrides exactly and merges rates over the defaults', () => {
    const c = loadRiskConfig({
      FX_RATES_USD: 'EUR:1.1,BTC:97000.5',
      RISK_WEIGHTS: 'aml.fan_in:0.7',
      RISK_LIMIT_SINGLE_USD: '25000.50',
      TRAVEL_RULE_JURISDICTION: 'US',
    });
    expect(formatDecimal(c.rates.get('EUR')!)).toBe('1.1');
    expect(formatDecimal(c.rates.get('BTC')!)).toBe('97000.5');
    expect(formatDecimal(c.rates.get('SGD')!)).toBe('0.77');
    expect(c.weights['aml.fan_in']).toBe(0.7);
    expect(formatDecimal(c.limits.singleUsd)).toBe('25000.5');
  });
  it('fails start-up on bad values instead of guessing', () => {
    expect(() => loadRiskConfig({ RISK_LIMIT_SINGLE_USD: '1e6' })).toThrow(/RISK_LIMIT_SINGLE_USD/);
    expect(() => loadRiskConfig({ RISK_WEIGHTS: 'aml.nope:0.5' })).toThrow(/unknown weight key/);
    expect(() => loadRiskConfig({ RISK_SANCTIONED_JURISDICTIONS: 'ZZ' })).toThrow(/ISO 3166/);
    expect(() => loadRiskConfig({ TRAVEL_RULE_JURISDICTION: 'XX' })).toThrow(/TRAVEL_RULE_JURISDICTION/);
  });
});
