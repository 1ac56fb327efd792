import { countryOf } from '../../travel-rule/iso3166.ts';
import type { Rule } from '../types.ts';

/** geo.high_risk_jurisdiction: a FATF black-list (call for action) or grey-list (increased monitoring) country. Scored, not blocked. */
export const highRiskJurisdiction: Rule = (ctx) => {
  const { fatfBlack, fatfGrey } = ctx.config.jurisdictions;
  const black = ctx.jurisdictions.filter((j) => fatfBlack.has(countryOf(j.code)));
  const grey = ctx.jurisdictions.filter((j) => !fatfBlack.has(countryOf(j.code)) && fatfGrey.has(countryOf(j.code)));
  if (black.length === 0 && grey.length === 0) return [];
  const list = black.length > 0 ? 'black' : 'grey';
  const codes = [...new Set([...black, ...grey].map((j) => countryOf(j.code)))];
  return [
    {
      code: 'geo.high_risk_jurisdiction',
      score: ctx.config.weights[list === 'black' ? 'geo.high_risk_jurisdiction.black' : 'geo.high_risk_jurisdiction'],
      message: `FATF ${list === 'black' ? 'call-for-action' : 'increased-monitoring'} jurisdiction: ${codes.join(', ')}`,
      details: { list, jurisdictions: [...black, ...grey] },
    },
  ];
};
