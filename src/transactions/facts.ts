/**
 * Facts derived from a screening request for the rules: who the counterparty is, which countries
 * and regions appear, and which names to screen. Pure.
 */
import type { JurisdictionFact } from '../risk/types.ts';
import { obfuscationKinds, type ObfuscationKind } from '../sanctions/obfuscation.ts';
import { cleanUnicode } from '../sanctions/unicode-clean.ts';
import type { CounterpartyInput, ScreenTransactionInput } from './types.ts';

const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** A keyed hash (TransactionPii.keyedHash): stands in for a value that must be compared but not stored. */
export type KeyHasher = (domain: 'wallet' | 'name', value: string) => string;

/** The same name however it was typed: compatibility forms, invisible characters, case and spacing folded. */
function nameForKey(name: string): string {
  return cleanUnicode(name).trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Identifies the counterparty across transactions for fan-in/fan-out: platform user, else wallet,
 * else name. EVM addresses are case-insensitive (mixed case is only a checksum); others keep case.
 * Wallets and names are personal data: the key holds their keyed hash, never the value.
 */
export function counterpartyKey(cp: CounterpartyInput, hash: KeyHasher): string | undefined {
  if (cp.userId) return `user:${cp.userId}`;
  if (cp.walletAddress)
    return `wallet:${hash('wallet', EVM_ADDRESS.test(cp.walletAddress) ? cp.walletAddress.toLowerCase() : cp.walletAddress)}`;
  if (cp.name) return `name:${hash('name', nameForKey(cp.name))}`;
  return undefined;
}

/**
 * The key of a row stored before keys were hashed ("wallet:<address>", "name:<name>" in clear), as
 * counterpartyKey gives it today; user keys are returned unchanged. Only for rows whose request is
 * not sealed either (such rows predate both), never for a key already hashed.
 */
export function rekeyLegacyCounterparty(key: string, hash: KeyHasher): string {
  const sep = key.indexOf(':');
  const kind = key.slice(0, sep);
  const value = key.slice(sep + 1);
  if (kind !== 'wallet' && kind !== 'name') return key;
  return `${kind}:${hash(kind, kind === 'name' ? nameForKey(value) : value)}`;
}

/** A book transfer between two customers of this platform (no wallet, no VASP involved). */
export function isInternalTransfer(cp: CounterpartyInput): boolean {
  return cp.userId !== undefined && cp.walletAddress === undefined && cp.vasp === undefined;
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Persons of one side of the Travel Rule payload with their request paths. */
function persons(payload: Loose | undefined, side: 'originator' | 'beneficiary'): { path: string; person: Loose }[] {
  const key = side === 'originator' ? 'originatorPerson' : 'beneficiaryPerson';
  return arr(obj(payload?.[side])?.[key]).flatMap((p, i) => {
    const person = obj(p);
    return person ? [{ path: `travelRule.${side}.${key}[${i}]`, person }] : [];
  });
}

/** Every country or region code in the request, with the field it came from. */
export function jurisdictionFacts(
  input: ScreenTransactionInput,
  customerCountry: string | undefined,
): JurisdictionFact[] {
  const facts: JurisdictionFact[] = [];
  const add = (field: string, code: unknown) => {
    const c = str(code)?.toUpperCase();
    if (c && /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(c)) facts.push({ field, code: c });
  };
  add('counterparty.country', input.counterparty.country);
  add('counterparty.vasp.country', input.counterparty.vasp?.country);
  add('customer.country', customerCountry);
  const tr = obj(input.travelRule);
  for (const side of ['originator', 'beneficiary'] as const) {
    for (const { path, person } of persons(tr, side)) {
      const np = obj(person.naturalPerson);
      const lp = obj(person.legalPerson);
      add(`${path}.naturalPerson.countryOfResidence`, np?.countryOfResidence);
      add(`${path}.legalPerson.countryOfRegistration`, lp?.countryOfRegistration);
      arr((np ?? lp)?.geographicAddress).forEach((a, i) => {
        add(`${path}.${np ? 'naturalPerson' : 'legalPerson'}.geographicAddress[${i}].country`, obj(a)?.country);
      });
    }
  }
  return facts;
}

export interface NameToScreen {
  field: string;
  name: string;
  type?: 'person' | 'organization';
  birthDate?: string;
}

type PersonName = { name: string; type: 'person' | 'organization'; birthDate?: string; path: string };

/** Name lists of an IVMS101 name: the standard's names, then those in the local script, then phonetic ones. */
const NAME_LISTS = ['nameIdentifier', 'localNameIdentifier', 'phoneticNameIdentifier'] as const;

/**
 * Every name of an IVMS101 person, in payload order: each identifier of every type (LEGL, ALIA, BIRT,
 * MAID, MISC; a legal person's LEGL, SHRT, TRAD), in the standard, local and phonetic lists. Whoever
 * sends the payload chooses which name is "legal", so none may be skipped.
 */
function ivmsNames(person: Loose, path: string): PersonName[] {
  const out: PersonName[] = [];
  const np = obj(person.naturalPerson);
  const lp = obj(person.legalPerson);
  if (np) {
    const dob = str(obj(np.dateAndPlaceOfBirth)?.dateOfBirth);
    const birthDate = dob && /^\d{4}-\d{2}-\d{2}$/.test(dob) ? { birthDate: dob } : {};
    for (const list of NAME_LISTS) {
      arr(obj(np.name)?.[list]).forEach((raw, i) => {
        const id = obj(raw);
        const name = [str(id?.secondaryIdentifier), str(id?.primaryIdentifier)].filter(Boolean).join(' ');
        if (name) out.push({ name, type: 'person', ...birthDate, path: `${path}.naturalPerson.name.${list}[${i}]` });
      });
    }
  }
  if (lp) {
    for (const list of NAME_LISTS) {
      arr(obj(lp.name)?.[list]).forEach((raw, i) => {
        const name = str(obj(raw)?.legalPersonName);
        if (name) out.push({ name, type: 'organization', path: `${path}.legalPerson.name.${list}[${i}]` });
      });
    }
  }
  return out;
}

/** Every IVMS101 person of the payload with its request path: both sides, both VASPs, the intermediaries. */
function allPersons(tr: Loose | undefined): { path: string; person: Loose }[] {
  const out = [...persons(tr, 'originator'), ...persons(tr, 'beneficiary')];
  for (const key of ['originatingVasp', 'beneficiaryVasp'] as const) {
    const p = obj(tr?.[key]);
    if (p) out.push({ path: `travelRule.${key}`, person: p });
  }
  arr(tr?.transferPath).forEach((hop, i) => {
    const p = obj(obj(hop)?.intermediaryVASP);
    if (p) out.push({ path: `travelRule.transferPath[${i}].intermediaryVASP`, person: p });
  });
  return out;
}

export interface CounterpartyNames {
  /** The distinct names to screen, at most `limit`, in request order. */
  names: NameToScreen[];
  /** Distinct names found on the counterparty side (more than `names.length` when the bound was reached). */
  distinct: number;
}

const nameKey = (name: string) => name.toLowerCase().replace(/\s+/g, ' ');

/**
 * Counterparty-side names: counterparty.name, its VASP, the Travel Rule persons of the other side
 * (the beneficiary for an outbound transfer, the originator for an inbound one) with every name each
 * carries, that side's VASP and the intermediary VASPs. Our own customer is screened at onboarding
 * (KYC), not per transaction. Names beyond `limit` are counted, not screened: the caller turns that
 * into a reason (travel_rule.too_many_names) so a long list never hides a name silently.
 */
export function namesToScreen(input: ScreenTransactionInput, limit: number): CounterpartyNames {
  const out: NameToScreen[] = [];
  const seen = new Set<string>();
  const push = (n: NameToScreen) => {
    const key = `${n.type ?? ''}|${n.birthDate ?? ''}|${nameKey(n.name)}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (out.length < limit) out.push(n);
  };
  const cp = input.counterparty;
  if (str(cp.name)) push({ field: 'counterparty.name', name: str(cp.name)! });
  if (str(cp.vasp?.name)) push({ field: 'counterparty.vasp.name', name: str(cp.vasp?.name)!, type: 'organization' });
  const tr = obj(input.travelRule);
  const side = input.direction === 'outbound' ? 'beneficiary' : 'originator';
  const vaspKey = input.direction === 'outbound' ? 'beneficiaryVasp' : 'originatingVasp';
  const sources = [...persons(tr, side)];
  const vasp = obj(tr?.[vaspKey]);
  if (vasp) sources.push({ path: `travelRule.${vaspKey}`, person: vasp });
  arr(tr?.transferPath).forEach((hop, i) => {
    const p = obj(obj(hop)?.intermediaryVASP);
    if (p) sources.push({ path: `travelRule.transferPath[${i}].intermediaryVASP`, person: p });
  });
  for (const { path, person } of sources) {
    // The hit names the person (the field an analyst opens), whichever of its names matched.
    for (const { name, type, birthDate } of ivmsNames(person, path))
      push({ field: path, name, type, ...(birthDate ? { birthDate } : {}) });
  }
  return { names: out, distinct: seen.size };
}

export interface DisguisedName {
  field: string;
  kinds: ObfuscationKind[];
}

/**
 * Names in the request that carry a disguise (bidi overrides, tag or invisible characters): the
 * counterparty, its VASP and every name of every Travel Rule person on either side. Only where and
 * what kind is reported, never the name.
 */
export function disguisedNames(input: ScreenTransactionInput): DisguisedName[] {
  const out: DisguisedName[] = [];
  const check = (field: string, text: unknown) => {
    if (typeof text !== 'string') return;
    const kinds = obfuscationKinds(text);
    if (kinds.length > 0) out.push({ field, kinds });
  };
  check('counterparty.name', input.counterparty.name);
  check('counterparty.vasp.name', input.counterparty.vasp?.name);
  for (const { path, person } of allPersons(obj(input.travelRule))) {
    for (const n of ivmsNames(person, path)) check(n.path, n.name);
  }
  return out;
}
