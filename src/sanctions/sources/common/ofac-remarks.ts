/**
 * Reads the facts OFAC's legacy CSV packs into the free-text Remarks column:
 * "DOB 10 Dec 1948; POB Cairo, Egypt; nationality Egypt; Passport 1084010 (Egypt); Gender Male;
 *  a.k.a. 'BNC'; Digital Currency Address - XBT 1abc...". Clauses are ";"-separated and may be
 * prefixed "alt.". Unrecognised clauses (titles, "Linked To:", risk notices) stay in `remarks` only.
 */
import { countryCode } from './countries.ts';
import { parseOfacDate } from './dates.ts';
import type { EntityDraft } from './entity-draft.ts';
import { applyOfacId, splitIdValue, splitRemarkId } from './ofac-ids.ts';

// Weak a.k.a.s: OFAC lists only its "weak" aliases in Remarks, always in single quotes.
const AKA_RE = /^(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.|d\.b\.a\.),?\s*(.+)$/i;
const WALLET_RE = /^Digital Currency Address - ([A-Za-z0-9]+)\s+(\S+)/;

/** Last comma-separated part of a place, if it names a country: "Cairo, Egypt" → "Egypt". */
export function placeCountry(place: string): string | undefined {
  const last = place.slice(place.lastIndexOf(',') + 1).trim();
  return countryCode(last) !== undefined ? last : countryCode(place) !== undefined ? place : undefined;
}

function unquote(s: string): string {
  const t = s.trim().replace(/\.$/, '').trim();
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).trim();
  return t;
}

export function applyOfacRemarks(draft: EntityDraft, remarks: string): void {
  for (const part of remarks.split(';')) {
    let clause = part.trim();
    if (clause === '') continue;
    if (/^alt\.\s/i.test(clause)) clause = clause.slice(4).trim();
    // A trailing "." closes the whole remark, it is not part of the value.
    if (clause.endsWith('.')) clause = clause.slice(0, -1).trimEnd();
    applyClause(draft, clause);
  }
}

function applyClause(draft: EntityDraft, clause: string): void {
  let m: RegExpExecArray | null;
  m = /^DOB:?\s+(.+)$/.exec(clause);
  if (m) {
    draft.addBirthDate(parseOfacDate(m[1] ?? ''));
    return;
  }
  m = /^POB:?\s+(.+)$/i.exec(clause);
  if (m) {
    const place = m[1] ?? '';
    draft.addBirthPlace(place);
    draft.addCountry(placeCountry(place));
    return;
  }
  if (clause.startsWith('Nationality of Registration')) {
    draft.addCountry(clause.slice('Nationality of Registration'.length));
    return;
  }
  m = /^(?:nationality|citizen):?\s+(.+)$/i.exec(clause);
  if (m) {
    draft.addNationality(m[1]);
    return;
  }
  m = AKA_RE.exec(clause);
  if (m) {
    draft.addName({ full: unquote(m[1] ?? ''), kind: 'alias', quality: 'weak' });
    return;
  }
  m = WALLET_RE.exec(clause);
  if (m) {
    draft.addDigitalCurrency(m[1] ?? '', m[2] ?? '');
    return;
  }
  m = /^Gender:?\s+(\w+)/.exec(clause);
  if (m) {
    draft.setGender(m[1]);
    return;
  }
  m = /^Vessel Registration Identification\s+(.+)$/.exec(clause);
  if (m) {
    const { number, country, note } = splitIdValue(m[1] ?? '');
    applyOfacId(draft, 'Vessel Registration Identification', number, country, note);
    return;
  }
  m = /^Other Vessel Flag\s+(.+)$/.exec(clause);
  if (m) {
    draft.addCountry(m[1]);
    return;
  }
  const id = splitRemarkId(clause);
  if (!id) return;
  const { number, country, note } = splitIdValue(id.value);
  applyOfacId(draft, id.type, number, country, note);
}
