/** Screens an applicant's name and date of birth against the loaded sanctions lists. */
import type { ScreenMatch } from '../sanctions/index.ts';
import type { ListSnapshot } from '../sanctions/registry.ts';
import { screenName } from '../sanctions/screening.ts';
import type { Applicant } from './types.ts';

export interface SanctionsHit {
  source: string;
  sourceId: string;
  /** The listed entity's primary name. */
  name: string;
  /** The listed name (primary or alias) that matched. */
  matchedName: string;
  score: number;
  programs: string[];
  /** How the score was reached; quotes the applicant's name, so it is stored encrypted. */
  explanation: unknown;
}

export interface SanctionsCheck {
  /** False when no lists were loaded: the applicant could not be screened and cannot be auto-approved. */
  screened: boolean;
  hits: SanctionsHit[];
  /** The review threshold the hits are at or above. */
  threshold: number;
}

export const MAX_HITS = 10;

export function screenApplicant(
  snapshot: ListSnapshot | undefined,
  applicant: Applicant,
  threshold: number,
): SanctionsCheck {
  if (!snapshot) return { screened: false, hits: [], threshold };
  const result = screenName(
    snapshot,
    {
      name: `${applicant.firstName} ${applicant.lastName}`,
      type: 'person',
      birthDate: applicant.dateOfBirth,
      threshold,
    },
    { threshold, limit: MAX_HITS },
  );
  return {
    screened: true,
    threshold: result.threshold,
    hits: result.matches.map(toSanctionsHit),
  };
}

/** The stored form of a match: what the audit trail and the officer need, without the index's internals. */
export function toSanctionsHit(m: ScreenMatch): SanctionsHit {
  return {
    source: m.source,
    sourceId: m.sourceId,
    name: m.name,
    matchedName: m.matchedName,
    score: m.score,
    programs: m.programs,
    explanation: m.explanation,
  };
}
