/**
 * Reporting periods over UTC epoch milliseconds. Period keys are computed here rather than with a dialect's date
 * functions (strftime, date_trunc), so the same SQL runs on libSQL and PostgreSQL: the database returns epoch-ms
 * integers (or whole UTC days, by integer division), and the key is derived in JS.
 */
export const GROUP_BYS = ['day', 'week', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const DAY_MS = 86_400_000;

/** day: YYYY-MM-DD; week: the Monday that starts the ISO week (YYYY-MM-DD); month: YYYY-MM. */
export function periodKey(ms: number, groupBy: GroupBy): string {
  if (groupBy === 'month') return new Date(ms).toISOString().slice(0, 7);
  const day = Math.floor(ms / DAY_MS);
  if (groupBy === 'day') return new Date(day * DAY_MS).toISOString().slice(0, 10);
  // Epoch day 0 (1970-01-01) was a Thursday: shift by 3 so weeks start on Monday.
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

/** Every period key from `from` (inclusive) to `to` (exclusive), in order: periods with nothing still show. */
export function periodKeys(from: number, to: number, groupBy: GroupBy): string[] {
  const keys: string[] = [];
  for (let day = Math.floor(from / DAY_MS); day * DAY_MS < to; day++) {
    const key = periodKey(Math.max(day * DAY_MS, from), groupBy);
    if (keys[keys.length - 1] !== key) keys.push(key);
  }
  return keys;
}

/** Start of the period a key names (UTC). */
function periodStart(key: string): number {
  return Date.parse(key.length === 7 ? `${key}-01T00:00:00Z` : `${key}T00:00:00Z`);
}

/** The periods of a range with their bounds, clipped to the range: [from, to) each. */
export function periodBounds(
  from: number,
  to: number,
  groupBy: GroupBy,
): { period: string; from: number; to: number }[] {
  const keys = periodKeys(from, to, groupBy);
  return keys.map((period, i) => ({
    period,
    from: Math.max(from, periodStart(period)),
    to: i + 1 < keys.length ? periodStart(keys[i + 1]!) : to,
  }));
}
