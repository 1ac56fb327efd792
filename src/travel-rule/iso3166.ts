/**
 * ISO 3166-1 alpha-2 codes, plus ISO 3166-2 subdivision syntax.
 * Subdivisions matter because some sanctioned territories are regions, not countries
 * (Crimea UA-43, Sevastopol UA-40, Donetsk UA-14, Luhansk UA-09).
 */
import countries from 'i18n-iso-countries';

/** From the maintained table (i18n-iso-countries), as KYC does; it includes XK, Kosovo's user-assigned code. */
export const ISO_COUNTRIES: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()));

/** IVMS101 C3 allows "XX": unknown state, entity or organisation. */
export function isIvmsCountry(code: string): boolean {
  return code === 'XX' || ISO_COUNTRIES.has(code);
}

const REGION = /^([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$/;

/** "IR" or "UA-43" (upper case) with a known country part. */
export function isCountryOrSubdivision(code: string): boolean {
  const m = REGION.exec(code);
  return m !== null && (ISO_COUNTRIES.has(m[1]!) || m[1] === 'XX');
}

/** The country part of a country or subdivision code: "UA-43" → "UA". */
export function countryOf(code: string): string {
  return code.slice(0, 2);
}
