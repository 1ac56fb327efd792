/** The date range of a report: required, ordered, and bounded so one request cannot ask for years of rows. */
import { InvalidInputError } from '../errors.ts';
import { DAY_MS } from './period.ts';

export const MAX_RANGE_DAYS = 366;

export interface ReportRange {
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms: a date-only `to` means the whole of that day. */
  to: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `from`/`to` are ISO dates (YYYY-MM-DD, whole UTC days) or ISO date-times; validated for shape by the route. */
export function reportRange(from: string, to: string): ReportRange {
  const f = Date.parse(DATE_ONLY.test(from) ? `${from}T00:00:00Z` : from);
  const t = DATE_ONLY.test(to) ? Date.parse(`${to}T00:00:00Z`) + DAY_MS : Date.parse(to);
  const errors: { path: string; message: string }[] = [];
  if (Number.isNaN(f)) errors.push({ path: 'from', message: 'not a valid date' });
  if (Number.isNaN(t)) errors.push({ path: 'to', message: 'not a valid date' });
  if (errors.length === 0 && t <= f) errors.push({ path: 'to', message: 'must be after from' });
  if (errors.length === 0 && t - f > MAX_RANGE_DAYS * DAY_MS)
    errors.push({ path: 'to', message: `the range may cover at most ${MAX_RANGE_DAYS} days` });
  if (errors.length > 0) throw new InvalidInputError('The report range is not valid.', errors);
  return { from: f, to: t };
}
