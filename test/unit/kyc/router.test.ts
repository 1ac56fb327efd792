/** Provider choice: risk-based preference, EU data residency, success-rate floor, cost-effectiveness ranking. */
import { describe, expect, it } from 'vitest';
import { loadKycConfig } from '../../../src/kyc/config.ts';
import { planRoute, rankProviders, type ProviderStats } from '../../../src/kyc/router.ts';
import type { ProviderId } from '../../../src/kyc/types.ts';

const ALL: ProviderId[] = ['jumio', 'onfido', 'shufti', 'sumsub', 'veriff'];
const routing = (env: Record<string, string> = {}) => loadKycConfig(env, 'test').routing;
const stats = (...s: ProviderStats[]) => new Map(s.map((x) => [x.provider, x]));

describe('planRoute', () => {
  it('sends the default customer to the default provider (Jumio), then the cheapest per conclusive verification', () => {
    const plan = planRoute({ country: 'US', riskLevel: 'low' }, ALL, new Map(), routing());
    expect(plan.basis).toBe('default');
    expect(plan.candidates[0]).toBe('jumio');
    // No outcomes yet: equal smoothed rates, so price decides: onfido 2.80 < sumsub = veriff 3.00 < shufti 4.20.
    expect(plan.candidates.slice(1)).toEqual(['onfido', 'sumsub', 'veriff', 'shufti']);
  });

  it('sends high-risk applicants to the thorough provider (Shufti Pro)', () => {
    const plan = planRoute({ country: 'US', riskLevel: 'high' }, ALL, new Map(), routing());
    expect(plan).toMatchObject({ basis: 'high_risk', candidates: expect.arrayContaining(['shufti']) });
    expect(plan.candidates[0]).toBe('shufti');
  });

  it('keeps EU residents with EU-resident providers (Onfido EU first) and says why the others were left out', () => {
    const plan = planRoute({ country: 'DE', riskLevel: 'low' }, ALL, new Map(), routing());
    expect(plan.candidates).toEqual(['onfido', 'veriff']);
    expect(plan.excluded.map((e) => e.reason)).toEqual(['eu_data_residency', 'eu_data_residency', 'eu_data_residency']);
  });

  it('lets EU residents go elsewhere when residency is not enforced, EU-resident providers still first', () => {
    const plan = planRoute(
      { country: 'FR', riskLevel: 'low' },
      ALL,
      new Map(),
      routing({ KYC_EU_RESIDENCY_STRICT: 'false' }),
    );
    expect(plan.candidates.slice(0, 2)).toEqual(['onfido', 'veriff']);
    expect(plan.candidates).toHaveLength(5);
  });

  it('keeps high-risk applicants away from providers measured below the success-rate floor', () => {
    const s = stats(
      { provider: 'shufti', samples: 100, conclusive: 50 },
      { provider: 'jumio', samples: 100, conclusive: 95 },
    );
    const plan = planRoute({ country: 'US', riskLevel: 'high' }, ALL, s, routing());
    expect(plan.candidates).not.toContain('shufti');
    expect(plan.excluded).toContainEqual({ provider: 'shufti', reason: 'below_success_rate_floor' });
    expect(plan.basis).toBe('cost_ranking');
    // A low-risk applicant may still use it.
    expect(planRoute({ country: 'US', riskLevel: 'low' }, ALL, s, routing()).candidates).toContain('shufti');
  });

  it('gives a provider with too few outcomes the benefit of the doubt', () => {
    const s = stats({ provider: 'shufti', samples: 5, conclusive: 0 });
    expect(planRoute({ country: 'US', riskLevel: 'high' }, ALL, s, routing()).candidates[0]).toBe('shufti');
  });

  it('ranks by expected cost of a conclusive verification: a cheap provider that rarely concludes loses', () => {
    const s = stats(
      { provider: 'onfido', samples: 100, conclusive: 40 },
      { provider: 'jumio', samples: 100, conclusive: 98 },
    );
    const r = rankProviders(['jumio', 'onfido'], s, routing());
    const jumio = r.find((x) => x.provider === 'jumio')!;
    const onfido = r.find((x) => x.provider === 'onfido')!;
    expect(jumio.expectedCostCents).toBeLessThan(onfido.expectedCostCents);
    const plan = planRoute(
      { country: 'US', riskLevel: 'low' },
      ['jumio', 'onfido'],
      s,
      routing({ KYC_ROUTING_STRATEGY: 'cost' }),
    );
    expect(plan).toMatchObject({ basis: 'cost_ranking', candidates: ['jumio', 'onfido'] });
  });

  it('breaks price ties with the median processing time', () => {
    const s = stats(
      { provider: 'sumsub', samples: 10, conclusive: 10, medianMinutes: 30 },
      { provider: 'veriff', samples: 10, conclusive: 10, medianMinutes: 3 },
    );
    expect(
      planRoute({ country: 'US', riskLevel: 'low' }, ['sumsub', 'veriff'], s, routing({ KYC_ROUTING_STRATEGY: 'cost' }))
        .candidates,
    ).toEqual(['veriff', 'sumsub']);
  });

  it('honours configured costs and preferences', () => {
    const r = routing({ KYC_PROVIDER_COSTS: 'shufti:1.00', KYC_DEFAULT_PROVIDER: 'veriff' });
    const plan = planRoute({ country: 'US', riskLevel: 'low' }, ALL, new Map(), r);
    expect(plan.candidates.slice(0, 2)).toEqual(['veriff', 'shufti']);
  });

  it('falls back to the ranking when the preferred provider is not enabled', () => {
    const plan = planRoute({ country: 'US', riskLevel: 'low' }, ['sumsub', 'veriff'], new Map(), routing());
    expect(plan).toMatchObject({ basis: 'cost_ranking', candidates: ['sumsub', 'veriff'] });
  });

  it('returns only the requested provider, or nothing when policy excludes it', () => {
    expect(
      planRoute({ country: 'US', riskLevel: 'low', requested: 'veriff' }, ALL, new Map(), routing()).candidates,
    ).toEqual(['veriff']);
    expect(
      planRoute({ country: 'DE', riskLevel: 'low', requested: 'jumio' }, ALL, new Map(), routing()).candidates,
    ).toEqual([]);
  });
});
