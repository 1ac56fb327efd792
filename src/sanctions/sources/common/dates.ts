/**
 * Date parsing shared by the list parsers. Every result is an ISO prefix: "YYYY", "YYYY-MM" or
 * "YYYY-MM-DD" — we keep exactly as much as the list knows and never invent a day or month.
 */
import type { PartialDate } from '../../entity.ts';

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Month number for "Dec", "Dec.", "December" (any case), else undefined. */
export function monthNumber(word: string): number | undefined {
  return MONTHS[word.toLowerCase().replace(/\.$/, '')];
}

/** Plausible birth/listing years only: rejects Hijri years (14xx) and typos. */
function validYear(y: number): boolean {
  return y >= 1800 && y <= 2100;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Builds an ISO prefix from parts, or undefined if any given part is out of range. */
export function isoFromParts(year: number, month?: number, day?: number): string | undefined {
  if (!Number.isInteger(year) || !validYear(year)) return undefined;
  if (month === undefined) return String(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (day === undefined) return `${year}-${pad2(month)}`;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** "YYYY-MM-DD" (optionally followed by a time, e.g. "2026-02-27T00:00:09Z") → "YYYY-MM-DD". */
export function isoDay(text: string | undefined): string | undefined {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(text ?? '');
  if (!m) return undefined;
  return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * A single English date as OFAC and UN notes write it: "10 Dec 1948", "Dec 1948", "Nov. 1973",
 * "August 1961", "1948", or ISO "1948-12-10". Returns undefined for anything else.
 */
export function parseTextDate(text: string): string | undefined {
  const t = text.trim().replace(/\.$/, '');
  let m = /^(\d{1,2}) ([A-Za-z]+\.?),? (\d{4})$/.exec(t);
  if (m) {
    const month = monthNumber(m[2] ?? '');
    return month === undefined ? undefined : isoFromParts(Number(m[3]), month, Number(m[1]));
  }
  m = /^([A-Za-z]+\.?),? (\d{4})$/.exec(t);
  if (m) {
    const month = monthNumber(m[1] ?? '');
    return month === undefined ? undefined : isoFromParts(Number(m[2]), month);
  }
  m = /^(\d{4})$/.exec(t);
  if (m) return isoFromParts(Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}

/**
 * OFAC DOB text (remarks and XML dateOfBirth): "10 Dec 1948", "Aug 1946", "1946", "circa 1951",
 * "1951 to 1953", "01 Jan 1961 to 31 Dec 1962", "circa 1979-1982".
 */
export function parseOfacDate(text: string): PartialDate | undefined {
  let t = text.trim().replace(/\.$/, '');
  let circa = false;
  const c = /^(?:circa|approximately|approx\.?|about)\s+/i.exec(t);
  if (c) {
    circa = true;
    t = t.slice(c[0].length);
  }
  const range = /^(.+?)\s+to\s+(.+)$/i.exec(t) ?? /^(\d{4})\s*-\s*(\d{4})$/.exec(t);
  let result: PartialDate | undefined;
  if (range) {
    const from = parseTextDate(range[1] ?? '');
    const to = parseTextDate(range[2] ?? '');
    if (from !== undefined && to !== undefined) result = { from, to };
  } else {
    const date = parseTextDate(t);
    if (date !== undefined) result = { date };
  }
  if (result && circa) result.circa = true;
  return result;
}

/** "dd/mm/yyyy" (UK dates) → "YYYY-MM-DD". OFAC's Publish_Date is month-first: see parseMdy. */
export function parseDmy(text: string | undefined): string | undefined {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text ?? '');
  if (!m) return undefined;
  return isoFromParts(Number(m[3]), Number(m[2]), Number(m[1]));
}

/** "MM/DD/YYYY" (OFAC Publish_Date) → "YYYY-MM-DD". */
export function parseMdy(text: string | undefined): string | undefined {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text ?? '');
  if (!m) return undefined;
  return isoFromParts(Number(m[3]), Number(m[1]), Number(m[2]));
}

/**
 * UK DOB strings keep unknown parts as placeholders: "12/11/1967", "dd/mm/1968" (year only),
 * "dd/09/1958" (year-month), "00/00/1975", "1946". Anything else ("15/08/19yy") → undefined.
 */
export function parseUkDob(text: string): string | undefined {
  const t = text.trim();
  let m = /^(\d{4})$/.exec(t);
  if (m) return isoFromParts(Number(m[1]));
  m = /^(\d{1,2}|dd|00?)\/(\d{1,2}|mm|00?)\/(\d{4})$/i.exec(t);
  if (!m) return undefined;
  const year = Number(m[3]);
  const month = /^\d+$/.test(m[2] ?? '') && Number(m[2]) !== 0 ? Number(m[2]) : undefined;
  const day = /^\d+$/.test(m[1] ?? '') && Number(m[1]) !== 0 ? Number(m[1]) : undefined;
  // A known day with an unknown month says nothing usable beyond the year.
  return isoFromParts(year, month, month === undefined ? undefined : day);
}
