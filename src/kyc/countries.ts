/**
 * ISO 3166-1 country codes from a maintained table (i18n-iso-countries) rather than a hand-written list:
 * KYC validates alpha-2 codes against it, and Onfido and Sumsub take alpha-3 codes converted with it.
 */
import countries from 'i18n-iso-countries';

export function isCountryAlpha2(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

/** The alpha-3 code of a valid alpha-2 one (XK, Kosovo's user-assigned code, gives XKK as providers expect). */
export function toAlpha3(alpha2: string): string {
  const a3 = countries.alpha2ToAlpha3(alpha2.toUpperCase());
  if (!a3) throw new RangeError(`not an ISO 3166-1 alpha-2 code: ${alpha2}`);
  return a3;
}
