/** Screens the company (as an organisation) and each of its persons against the loaded lists. */
import type { ListSnapshot } from '../../sanctions/registry.ts';
import { screenName } from '../../sanctions/screening.ts';
import { MAX_HITS, type SanctionsHit, screenApplicant, toSanctionsHit } from '../sanctions-check.ts';
import type { BusinessInput } from './types.ts';

export interface KybScreening {
  screened: boolean;
  /** `person` is the index in `owners`; undefined for the company itself. */
  hits: (SanctionsHit & { person?: number })[];
}

export function screenBusiness(snapshot: ListSnapshot | undefined, b: BusinessInput, threshold: number): KybScreening {
  if (!snapshot) return { screened: false, hits: [] };
  const company = screenName(
    snapshot,
    { name: b.legalName, type: 'organization', threshold },
    { threshold, limit: MAX_HITS },
  ).matches.map(toSanctionsHit);
  const persons = b.owners.flatMap((o, i) =>
    screenApplicant(
      snapshot,
      { firstName: o.firstName, lastName: o.lastName, dateOfBirth: o.dateOfBirth, email: '', country: o.nationality },
      threshold,
    ).hits.map((h) => ({ ...h, person: i })),
  );
  return { screened: true, hits: [...company, ...persons] };
}
