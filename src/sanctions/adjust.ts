/**
 * Score adjustments from facts other than the name: birth date, countries, entity type, alias
 * quality. They move a name score up or down a little; they never make a match on their own
 * (positive adjustments apply only to a name that already nearly matches, see index.ts).
 */
import type { AliasQuality, Entity, EntityType, PartialDate } from './entity.ts';

export interface ScoreAdjustment {
  factor: 'birth-date' | 'country' | 'type' | 'alias-quality';
  /** Added to the score (negative lowers it). */
  delta: number;
  reason: string;
}

const YEAR_MATCH_BONUS = 0.03;
const DATE_MATCH_BONUS = 0.05;
const YEAR_NEAR_PENALTY = -0.03;
/** Both full dates known, same year, different day: another date, most likely another person. */
const DATE_MISMATCH_PENALTY = -0.03;
const YEAR_FAR_PENALTY = -0.12;
const COUNTRY_MATCH_BONUS = 0.02;
const COUNTRY_MISMATCH_PENALTY = -0.04;
/** A weak alias (UN "Low", OFAC weak a.k.a.) is a nickname or partial name: worth less as evidence. */
export const WEAK_ALIAS_FACTOR = 0.92;

interface YearSpan {
  from: number;
  to: number;
  /** The full date when the list gives one (YYYY-MM-DD). */
  exact?: string;
}

function spanOf(d: PartialDate): YearSpan | undefined {
  const y = (s: string | undefined): number | undefined => {
    const m = s ? /^(\d{4})/.exec(s) : null;
    return m ? Number(m[1]) : undefined;
  };
  const at = y(d.date);
  if (at !== undefined) {
    const slack = d.circa ? 1 : 0;
    return {
      from: at - slack,
      to: at + slack,
      ...(d.date && /^\d{4}-\d{2}-\d{2}$/.test(d.date) ? { exact: d.date } : {}),
    };
  }
  const from = y(d.from);
  const to = y(d.to);
  if (from !== undefined || to !== undefined) return { from: from ?? to!, to: to ?? from! };
  return undefined;
}

/** Birth date of the query (YYYY, YYYY-MM or YYYY-MM-DD) against the entity's recorded dates. */
export function birthDateAdjustment(query: string | undefined, entity: Entity): ScoreAdjustment | undefined {
  if (!query) return undefined;
  const qm = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(query.trim());
  if (!qm) return undefined;
  const qYear = Number(qm[1]);
  const spans = entity.birthDates.map(spanOf).filter((s): s is YearSpan => s !== undefined);
  if (spans.length === 0) return undefined;
  let bestGap = Number.POSITIVE_INFINITY;
  let exact = false;
  // Only full dates in the year, all different from the query's full date (day and month not just
  // swapped): the list knows this person's date of birth, and it is another one.
  let sameYearDates = 0;
  let sameYearOther = 0;
  const q = query.trim();
  for (const s of spans) {
    const gap = qYear < s.from ? s.from - qYear : qYear > s.to ? qYear - s.to : 0;
    if (gap < bestGap) bestGap = gap;
    if (s.exact && qm[3] && s.exact === q) exact = true;
    if (gap === 0) {
      sameYearDates++;
      if (s.exact && qm[3] && !sameDaySwapped(s.exact, q)) sameYearOther++;
    }
  }
  const listed = spans.map((s) => s.exact ?? (s.from === s.to ? String(s.from) : `${s.from}–${s.to}`)).join(', ');
  if (exact) return { factor: 'birth-date', delta: DATE_MATCH_BONUS, reason: `date of birth ${query} is on the list` };
  if (bestGap === 0 && sameYearOther === sameYearDates)
    return {
      factor: 'birth-date',
      delta: DATE_MISMATCH_PENALTY,
      reason: `date of birth ${q} is not the list's (${listed}), in the same year`,
    };
  if (bestGap === 0)
    return {
      factor: 'birth-date',
      delta: YEAR_MATCH_BONUS,
      reason: `birth year ${qYear} matches the list (${listed})`,
    };
  if (bestGap === 1)
    return { factor: 'birth-date', delta: 0, reason: `birth year ${qYear} is within a year of the list (${listed})` };
  if (bestGap === 2)
    return {
      factor: 'birth-date',
      delta: YEAR_NEAR_PENALTY,
      reason: `birth year ${qYear} is 2 years from the list (${listed})`,
    };
  return {
    factor: 'birth-date',
    delta: YEAR_FAR_PENALTY,
    reason: `birth year ${qYear} differs from the list (${listed}) by ${bestGap} years`,
  };
}

/** 1978-02-03 against 1978-03-02: the same date with day and month read the other way round. */
function sameDaySwapped(a: string, b: string): boolean {
  return a.slice(0, 4) === b.slice(0, 4) && a.slice(5, 7) === b.slice(8, 10) && a.slice(8, 10) === b.slice(5, 7);
}

/** Countries of the query (ISO alpha-2) against the entity's nationalities, countries and addresses. */
export function countryAdjustment(query: readonly string[] | undefined, entity: Entity): ScoreAdjustment | undefined {
  if (!query || query.length === 0) return undefined;
  const wanted = new Set(query.map((c) => c.trim().toUpperCase()).filter((c) => /^[A-Z]{2}$/.test(c)));
  if (wanted.size === 0) return undefined;
  const known = new Set<string>();
  for (const c of [...entity.nationalities, ...entity.countries, ...entity.addresses.map((a) => a.country ?? '')]) {
    const u = c.trim().toUpperCase();
    if (/^[A-Z]{2}$/.test(u) && u !== '00') known.add(u);
  }
  if (known.size === 0) return undefined;
  const shared = [...wanted].filter((c) => known.has(c));
  if (shared.length > 0)
    return {
      factor: 'country',
      delta: COUNTRY_MATCH_BONUS,
      reason: `country ${shared.join(', ')} is linked to the entry`,
    };
  return {
    factor: 'country',
    delta: COUNTRY_MISMATCH_PENALTY,
    reason: `countries ${[...wanted].join(', ')} not among the entry's (${[...known].join(', ')})`,
  };
}

/**
 * Entity type of the query against the entry. `null` means incompatible (a person is never a
 * vessel); otherwise an adjustment, or undefined when the types agree or the query gave none.
 */
export function typeAdjustment(query: EntityType | undefined, entity: EntityType): ScoreAdjustment | null | undefined {
  if (!query || query === entity) return undefined;
  const pair = new Set([query, entity]);
  if (pair.has('person') && (pair.has('vessel') || pair.has('aircraft'))) return null;
  // Lists disagree on person/organisation for some entries (a trading name of a sole trader…).
  const delta = pair.has('person') ? -0.15 : -0.08;
  return { factor: 'type', delta, reason: `query is a ${query}, the entry a ${entity}` };
}

export function aliasAdjustment(quality: AliasQuality, nameScore: number): ScoreAdjustment | undefined {
  if (quality !== 'weak') return undefined;
  return {
    factor: 'alias-quality',
    delta: nameScore * WEAK_ALIAS_FACTOR - nameScore,
    reason: 'matched a weak (low-quality) alias',
  };
}
