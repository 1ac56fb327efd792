import { countryOf } from '../../travel-rule/iso3166.ts';
import type { Rule } from '../types.ts';

/**
 * geo.sanctioned_jurisdiction: a comprehensively sanctioned country or region appears in the request
 * (counterparty, its VASP, the customer's own country, Travel Rule addresses). Hard block.
 * Regions (Crimea UA-43...) only match when the request gives the ISO 3166-2 subdivision: "UA" alone
 * cannot tell Kyiv from Donetsk, so it does not match.
 */
export const sanctionedJurisdiction: Rule = (ctx) => {
  const listed = ctx.config.jurisdictions.sanctioned;
  const found = ctx.jurisdictions.filter((j) => listed.has(j.code) || listed.has(countryOf(j.code)));
  if (found.length === 0) return [];
  const codes = [...new Set(found.map((j) => j.code))];
  return [
    {
      code: 'geo.sanctioned_jurisdiction',
      score: ctx.config.weights['geo.sanctioned_jurisdiction'],
      outcome: 'block',
      message: `Comprehensively sanctioned jurisdiction: ${codes.join(', ')}`,
      details: { jurisdictions: found },
    },
  ];
};
