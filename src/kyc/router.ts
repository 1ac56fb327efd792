/**
 * Provider choice for one applicant. Pure: the enabled providers, their live statistics and the
 * routing settings come in; an ordered list of candidates (the first is tried first, the rest are the
 * failover order) and the reasons for what was left out come out.
 *
 * - Eligibility: enabled; EU residents only to providers with EU data residency (unless configured
 *   otherwise); high-risk applicants only to providers at or above the success-rate floor (a provider
 *   without enough outcomes yet is given the benefit of the doubt).
 * - Preference (strategy "rules"): high risk → the thorough provider, EU resident → the EU provider,
 *   otherwise the default provider. Strategy "cost" keeps only the high-risk preference.
 * - Ranking of the rest: geographic fit first, then expected cost of one conclusive verification
 *   (price ÷ smoothed success rate), then median processing time, then price.
 */
import type { KycConfig } from './config.ts';
import type { ProviderId, RiskLevel } from './types.ts';

export interface ProviderStats {
  provider: ProviderId;
  /** Outcomes counted in the window: conclusive decisions + expiries + failed start attempts. */
  samples: number;
  /** Sessions the provider brought to a decision (approved, rejected, review, resubmission). */
  conclusive: number;
  /** Median minutes from session start to the provider's decision, when any. */
  medianMinutes?: number;
}

export interface RankedProvider {
  provider: ProviderId;
  costCents: number;
  /** conclusive / samples; undefined below the minimum sample size. */
  successRate?: number;
  /** Laplace-smoothed rate used for ranking, so a new provider is neither favoured nor excluded. */
  smoothedSuccessRate: number;
  /** Expected price of one conclusive verification, in cents. */
  expectedCostCents: number;
  medianMinutes?: number;
  euDataResidency: boolean;
}

export interface RouteRequest {
  country: string;
  riskLevel: RiskLevel;
  /** A provider named explicitly by the caller. */
  requested?: ProviderId;
}

export interface Exclusion {
  provider: ProviderId;
  reason: 'eu_data_residency' | 'below_success_rate_floor';
}

export interface RoutePlan {
  candidates: ProviderId[];
  preferred?: ProviderId;
  /** Why the first candidate was chosen: requested, high_risk, eu_resident, default, cost_ranking. */
  basis: 'requested' | 'high_risk' | 'eu_resident' | 'default' | 'cost_ranking';
  excluded: Exclusion[];
  ranking: RankedProvider[];
}

type Routing = KycConfig['routing'];

export function rankProviders(
  enabled: readonly ProviderId[],
  stats: ReadonlyMap<ProviderId, ProviderStats>,
  routing: Routing,
): RankedProvider[] {
  return enabled.map((provider) => {
    const s = stats.get(provider);
    const samples = s?.samples ?? 0;
    const conclusive = s?.conclusive ?? 0;
    const smoothed = (conclusive + 1) / (samples + 2);
    const costCents = routing.costCents[provider];
    return {
      provider,
      costCents,
      ...(samples >= routing.successRateMinSamples ? { successRate: conclusive / samples } : {}),
      smoothedSuccessRate: smoothed,
      expectedCostCents: Math.round(costCents / smoothed),
      ...(s?.medianMinutes !== undefined ? { medianMinutes: s.medianMinutes } : {}),
      euDataResidency: routing.euResidencyProviders.has(provider),
    };
  });
}

const byCostEffectiveness = (a: RankedProvider, b: RankedProvider) =>
  a.expectedCostCents - b.expectedCostCents ||
  (a.medianMinutes ?? Number.MAX_SAFE_INTEGER) - (b.medianMinutes ?? Number.MAX_SAFE_INTEGER) ||
  a.costCents - b.costCents ||
  a.provider.localeCompare(b.provider);

export function planRoute(
  req: RouteRequest,
  enabled: readonly ProviderId[],
  stats: ReadonlyMap<ProviderId, ProviderStats>,
  routing: Routing,
): RoutePlan {
  const ranking = rankProviders(enabled, stats, routing).sort(byCostEffectiveness);
  const euResident = routing.euCountries.has(req.country);
  const excluded: Exclusion[] = [];
  const eligible = ranking.filter((r) => {
    if (euResident && routing.euResidencyStrict && !r.euDataResidency && r.provider !== 'sandbox') {
      excluded.push({ provider: r.provider, reason: 'eu_data_residency' });
      return false;
    }
    if (req.riskLevel === 'high' && r.successRate !== undefined && r.successRate < routing.successRateFloor) {
      excluded.push({ provider: r.provider, reason: 'below_success_rate_floor' });
      return false;
    }
    return true;
  });

  if (req.requested) {
    return {
      candidates: eligible.some((r) => r.provider === req.requested) ? [req.requested] : [],
      preferred: req.requested,
      basis: 'requested',
      excluded,
      ranking,
    };
  }

  // Geographic fit: an EU resident is better served by an EU-resident provider even where that is not enforced.
  const ordered = [...eligible].sort(
    (a, b) => (euResident ? Number(b.euDataResidency) - Number(a.euDataResidency) : 0) || byCostEffectiveness(a, b),
  );
  let basis: RoutePlan['basis'];
  let preferred: ProviderId | undefined;
  if (req.riskLevel === 'high') [basis, preferred] = ['high_risk', routing.highRiskProvider];
  else if (routing.strategy === 'cost') [basis, preferred] = ['cost_ranking', undefined];
  else if (euResident) [basis, preferred] = ['eu_resident', routing.euProvider];
  else [basis, preferred] = ['default', routing.defaultProvider];

  const candidates = ordered.map((r) => r.provider);
  if (preferred && candidates.includes(preferred)) {
    candidates.splice(candidates.indexOf(preferred), 1);
    candidates.unshift(preferred);
  } else if (basis !== 'cost_ranking') {
    // The preferred provider is not enabled or not eligible: the ranking decides.
    basis = 'cost_ranking';
  }
  return { candidates, ...(preferred ? { preferred } : {}), basis, excluded, ranking };
}
