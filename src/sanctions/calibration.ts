/**
 * Calibrated confidence of a match (issue #16, "scores that mean something"): the probability that a
 * returned match is the listed party, read off a monotone map from the match score, one map per entity
 * type. The score itself, the thresholds and the decisions are unchanged: the alert threshold stays on
 * the score, because moving it onto the confidence would change what every configured MATCH_THRESHOLD
 * means, which is a separate decision. `confidence` is reported beside `score`, never used to decide.
 *
 * The maps are fitted offline on the development half of the evaluation sets (bench/eval/calibrate.ts)
 * and committed as a table (tables/calibration.ts); nothing is fitted at runtime. Three maps: persons,
 * organisations, and vessels with aircraft. Vessels first shared the organisation map (same non-person
 * scoring path), but on the held-out half that map was overconfident for them — a vessel's name is
 * often one short word that person names hit exactly, so at scores ≥ 0.9 only ~58 % of vessel matches
 * were true against ~88 % predicted — so they have their own, fitted on few true pairs (no aircraft
 * ones: aircraft read it on the strength of the same one-word, registration-mark names). The confidence
 * is a probability at the evaluation sets' base rates, not at production's (bench/RESULTS.md,
 * "Calibrated confidence").
 */
import type { EntityType } from './entity.ts';
import { CALIBRATION } from './tables/calibration.ts';

export type CalibrationGroup = keyof typeof CALIBRATION.maps;

/** Which fitted map an entity type reads. */
export const calibrationGroup = (type: EntityType): CalibrationGroup =>
  type === 'person' ? 'person' : type === 'organization' ? 'organization' : 'vessel';

/** Human label of a group, for the explanation ("for persons at this score"). */
export const GROUP_LABEL: Record<CalibrationGroup, string> = {
  person: 'persons',
  organization: 'organisations',
  vessel: 'vessels and aircraft',
};

/**
 * The map at `score`: linear between the fitted knots (score, confidence), flat beyond the first and
 * the last. Knots are non-decreasing in both coordinates, so the result is monotone in the score.
 */
export function interpolate(knots: readonly (readonly [number, number])[], score: number): number {
  if (knots.length === 0) return 0;
  const first = knots[0]!;
  const last = knots[knots.length - 1]!;
  if (score <= first[0]) return first[1];
  if (score >= last[0]) return last[1];
  let lo = 0;
  let hi = knots.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (knots[mid]![0] <= score) lo = mid;
    else hi = mid;
  }
  const [x0, y0] = knots[lo]!;
  const [x1, y1] = knots[hi]!;
  return x1 === x0 ? y1 : y0 + ((y1 - y0) * (score - x0)) / (x1 - x0);
}

/** Calibrated confidence (0..1, 3 decimals) of a match of this type at this score. */
export function matchConfidence(type: EntityType, score: number): number {
  const c = interpolate(CALIBRATION.maps[calibrationGroup(type)], score);
  return Math.round(Math.max(0, Math.min(1, c)) * 1000) / 1000;
}

/** The explanation's line: "confidence 0.93 for organisations at this score". */
export const confidenceLine = (type: EntityType, confidence: number): string =>
  `confidence ${confidence.toFixed(2)} for ${GROUP_LABEL[calibrationGroup(type)]} at this score`;
