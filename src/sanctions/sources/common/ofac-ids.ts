/**
 * OFAC "ID" vocabulary, shared by the XML parser (idList/id/idType) and the legacy CSV parser
 * (the same facts written into Remarks as "Passport 1084010 (Egypt)"). One place decides which
 * OFAC id types are identity documents, which are wallets / gender / IMO, and which are only
 * statements (sanctions-risk notices, directive dates) that stay in the remarks text.
 */
import { countryCode } from './countries.ts';
import type { EntityDraft } from './entity-draft.ts';

/** Id types that are statements about the listing, not identifiers (matched as prefixes). */
const STATEMENT_PREFIXES = [
  'Secondary sanctions risk',
  'Executive Order',
  'Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions',
  'Target Type',
  'Listing Date',
  'Effective Date',
  'Purchase/Sales For Divestment Date',
  'Organization Established Date',
  'Organization Type',
  'CAATSA Section',
  'Additional Sanctions Information',
  'Aircraft Model',
  'Aircraft Manufacture Date',
  'Aircraft Operator',
  'Vessel Year of Build',
  'Other Vessel Call Sign',
  'Other Vessel Type',
  'Issuer Name',
  'Linked To',
  'For more information on directives',
  'Prohibited',
  'IFCA Determination',
];

/**
 * Identifier types as OFAC writes them (idType values and their Remarks spelling). Only needed to
 * tell where the type ends and the number begins in Remarks text; the XML names its type.
 */
const DOCUMENT_TYPES = [
  'Passport',
  'Passport No.',
  'Passport Booklet',
  'Diplomatic Passport',
  'British National Overseas Passport',
  'Stateless Person Passport',
  'Stateless Person ID Card',
  'U.S.A. Passport',
  'Travel Document Number',
  'National ID No.',
  'National Foreign ID Number',
  'Identification Number',
  'Personal ID Card',
  'Cedula No.',
  'C.U.R.P.',
  'C.U.R.P. #',
  'R.F.C.',
  'R.F.C. #',
  'RFC',
  'NIT #',
  'RUC #',
  'RIF #',
  'RTN',
  'D.N.I.',
  'N.I.E.',
  'C.I.F.',
  'C.U.I.',
  'C.U.I.T.',
  'C.U.I.P.',
  'I.F.E.',
  'LE Number',
  'SSN',
  'US FEIN',
  'Tax ID No.',
  'Italian Fiscal Code',
  'Fiscal Code',
  'Turkish Identification Number',
  'Numero de Identidad',
  "Citizen's Card Number",
  'Kenyan ID No.',
  'Tazkira National ID Card',
  'Bosnian Personal ID No.',
  'Moroccan Personal ID No.',
  'UAE Identification',
  'CNP (Personal Numerical Code)',
  'Refugee ID Card',
  'Residency Number',
  'Romanian Permanent Resident CAN',
  'Public Security and Immigration No.',
  'Immigration No.',
  'VisaNumberID',
  'Permit Number',
  'SRE Permit No.',
  'Electoral Registry No.',
  'Credencial electoral',
  'Cartilla de Servicio Militar Nacional',
  'Military Registration Number',
  'Birth Certificate Number',
  "Driver's License No.",
  'Pilot License Number',
  "Seafarer's Identification Document",
  'Paraguayan tax identification number',
  'File Number',
  'Registration Number',
  'Registration ID',
  'Business Registration Number',
  'Business Registration Document #',
  'Business Number',
  'Public Registration Number',
  'Company Number',
  'UK Company Number',
  'Company ID: No.',
  'Commercial Registry Number',
  'Folio Mercantil No.',
  'Matricula Mercantil No',
  'Government Gazette Number',
  'Trade License No.',
  'Tourism License No.',
  'License',
  'C.R. No.',
  'Romanian C.R.',
  'Romanian Tax Registration',
  'Legal Entity Number',
  'Unified Social Credit Code (USCC)',
  'United Social Credit Code Certificate (USCCC)',
  'Economic Register Number (CBLS)',
  'Central Registration System Number',
  'Certificate of Incorporation Number',
  'Chamber of Commerce Number',
  'Istanbul Chamber of Comm. No.',
  'Dubai Chamber of Commerce Membership No.',
  'Enterprise Number',
  'Branch Unit Number',
  'V.A.T. Number',
  'D-U-N-S Number',
  'Registered Charity No.',
  'Organization Code',
  'MSB Registration Number',
  'Afghan Money Service Provider License Number',
  'Numero Unico de Identificacao Tributaria (NUIT)',
  'Chinese Commercial Code',
  'Serial No.',
  'SWIFT/BIC',
  'BIK (RU)',
  'ISIN',
  'Equity Ticker',
  'MMSI',
  'Aircraft Tail Number',
  'Previous Aircraft Tail Number',
  "Aircraft Manufacturer's Serial Number (MSN)",
  'Aircraft Construction Number (also called L/N or S/N or F/N)',
  'Aircraft Serial Identification',
  'Aircraft Mode S Transponder Code',
  'International Maritime Organization No.',
  'Vessel Registration Identification',
  'Email Address',
  'Email',
  'Website',
  'Phone Number',
  'Telephone',
  'Telephone No.',
  'Telephone Number',
  'Phone No.',
  'Fax',
  'Fax No.',
];

/** Types grouped by first word, longest first, so the longest spelled-out type wins. */
const TYPES_BY_FIRST_WORD: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const t of DOCUMENT_TYPES) {
    const w = t.split(' ')[0] ?? t;
    const list = map.get(w) ?? [];
    list.push(t);
    map.set(w, list);
  }
  for (const list of map.values()) list.sort((a, b) => b.length - a.length);
  return map;
})();

/** Types that are contact details rather than identity documents: kept under one canonical name. */
const CONTACT_TYPES: Readonly<Record<string, string>> = {
  Email: 'Email Address',
  Telephone: 'Phone Number',
  'Telephone No.': 'Phone Number',
  'Telephone Number': 'Phone Number',
  'Phone No.': 'Phone Number',
  'Fax No.': 'Fax',
};

export function isStatementType(type: string): boolean {
  for (const p of STATEMENT_PREFIXES) if (type.startsWith(p)) return true;
  return false;
}

const WALLET_TYPE = /^Digital Currency Address - ([A-Za-z0-9]+)$/;
const IMO_RE = /\bIMO\s*(\d{7})\b/;

/**
 * Records one OFAC id (from XML idList or a Remarks clause) on the draft, in the field it belongs
 * to: wallet, gender, vessel IMO, a linked country, a document — or nowhere for statements.
 */
export function applyOfacId(draft: EntityDraft, type: string, value: string, country?: string, note?: string): void {
  const t = type.trim().replace(/:$/, '');
  const v = value.trim();
  if (v === '') return;
  const wallet = WALLET_TYPE.exec(t);
  if (wallet?.[1] !== undefined) {
    draft.addDigitalCurrency(wallet[1], v.split(/\s+/)[0] ?? v);
    return;
  }
  if (t === 'Gender') {
    draft.setGender(v.replace(/\.$/, ''));
    return;
  }
  if (t === 'Nationality of Registration' || t === 'Other Vessel Flag') {
    draft.addCountry(v.replace(/\.$/, ''));
    return;
  }
  if (isStatementType(t)) return;
  if (t === 'Vessel Registration Identification' || t === 'International Maritime Organization No.') {
    const imo = IMO_RE.exec(v)?.[1] ?? /^\(?(\d{7})\)?\.?$/.exec(v)?.[1];
    if (imo !== undefined) {
      draft.setVessel({ imo });
      draft.addDocument({ type: 'IMO', number: imo, country, note });
      return;
    }
  }
  draft.addDocument({ type: CONTACT_TYPES[t] ?? t, number: v, country, note });
}

/**
 * Splits a Remarks clause like "Passport L 191609 (Morocco) issued 28 Feb 1996" into the OFAC id
 * type and value, using the known types; undefined when the clause is not an identifier.
 */
export function splitRemarkId(clause: string): { type: string; value: string } | undefined {
  const firstWord = /^[^\s:]+/.exec(clause)?.[0] ?? '';
  const candidates = TYPES_BY_FIRST_WORD.get(firstWord);
  if (candidates) {
    for (const t of candidates) {
      if (!clause.startsWith(t)) continue;
      const next = clause.charAt(t.length);
      if (next !== ' ' && next !== ':' && next !== '') continue;
      const value = clause.slice(t.length).replace(/^\s*:?\s*/, '');
      if (value !== '') return { type: t, value };
    }
  }
  // Unknown types still read as identifiers when a number is followed by a country in brackets:
  // "Registration Number HRA 738077 (Stuttgart) (Germany)".
  const generic =
    /^([A-Za-z][A-Za-z .'/#()-]{1,60}?)\s+([A-Z0-9][\w./-]{0,40}\d[\w./-]{0,40}(?:\s[\w./-]{1,40})?)\s+\(([^()]+)\)/.exec(
      clause,
    );
  if (generic && countryCode(generic[3]) !== undefined && generic[1] !== undefined) {
    return { type: generic[1].trim(), value: clause.slice(generic[1].length).trim() };
  }
  return undefined;
}

/**
 * Splits a Remarks id value into number, issuing country and the rest:
 * "AIMM67125HCHRRG06 (Mexico) issued 1968" → number "AIMM67125HCHRRG06", country "Mexico",
 * note "issued 1968". "(5777731)" → number "5777731".
 */
export function splitIdValue(value: string): { number: string; country?: string; note?: string } {
  const v = value.trim().replace(/\.$/, '');
  // "(" usually follows a space, but OFAC also glues it on: "1027700070518(Russia)".
  const cut = /\s\(|\((?=[^()]+\)$)|\s(?:issued|expires|expired|Issue Date)\b/.exec(v);
  let number = (cut ? v.slice(0, cut.index) : v).trim();
  let rest = cut ? v.slice(cut.index).trim() : '';
  let country: string | undefined;
  const parens = [...rest.matchAll(/\(([^()]*)\)/g)];
  for (let i = parens.length - 1; i >= 0; i--) {
    const p = parens[i];
    if (p?.[1] !== undefined && countryCode(p[1]) !== undefined) {
      country = p[1];
      rest = (rest.slice(0, p.index) + rest.slice((p.index ?? 0) + p[0].length)).replace(/\s+/g, ' ').trim();
      break;
    }
  }
  if (number === '' && /^\(([^()]+)\)/.test(rest)) {
    number = /^\(([^()]+)\)/.exec(rest)?.[1] ?? '';
    rest = rest.replace(/^\([^()]+\)\s*/, '');
  }
  const out: { number: string; country?: string; note?: string } = { number };
  if (country !== undefined) out.country = country;
  if (rest !== '') out.note = rest;
  return out;
}
