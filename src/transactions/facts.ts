/**
 * Facts derived from a screening request for the rules: who the counterparty is, which countries
 * and regions appear, and which names to screen. Pure.
 */
import type { JurisdictionFact } from '../risk/types.ts';
import type { CounterpartyInput, ScreenTransactionInput } from './types.ts';

const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Identifies the counterparty across transactions for fan-in/fan-out: platform user, else wallet,
 * else name. EVM addresses are case-insensitive (mixed case is only a checksum); others keep case.
 */
export function counterpartyKey(cp: CounterpartyInput): string | undefined {
  if (cp.userId) return `user:${cp.userId}`;
  if (cp.walletAddress)
    return `wallet:${EVM_ADDRESS.test(cp.walletAddress) ? cp.walletAddress.toLowerCase() : cp.walletAddress}`;
  if (cp.name) return `name:${cp.name.trim().toLowerCase().replace(/\s+/g, ' ')}`;
  return undefined;
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
      arr((np ?? lp)?.geographicAddress).forEach((a, i) =>
        add(`${path}.${np ? 'naturalPerson' : 'legalPerson'}.geographicAddress[${i}].country`, obj(a)?.country),
      );
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

/** The legal (else first) name of an IVMS101 person as one string, given names first. */
function ivmsName(person: Loose): { name: string; type: 'person' | 'organization'; birthDate?: string } | undefined {
  const np = obj(person.naturalPerson);
  if (np) {
    const ids = arr(obj(np.name)?.nameIdentifier)
      .map(obj)
      .filter((x): x is Loose => x !== undefined);
    const id = ids.find((n) => n.naturalPersonNameIdentifierType === 'LEGL') ?? ids[0];
    const name = [str(id?.secondaryIdentifier), str(id?.primaryIdentifier)].filter(Boolean).join(' ');
    const dob = str(obj(np.dateAndPlaceOfBirth)?.dateOfBirth);
    return name
      ? { name, type: 'person', ...(dob && /^\d{4}-\d{2}-\d{2}$/.test(dob) ? { birthDate: dob } : {}) }
      : undefined;
  }
  const lp = obj(person.legalPerson);
  if (lp) {
    const ids = arr(obj(lp.name)?.nameIdentifier)
      .map(obj)
      .filter((x): x is Loose => x !== undefined);
    const id = ids.find((n) => n.legalPersonNameIdentifierType === 'LEGL') ?? ids[0];
    const name = str(id?.legalPersonName);
    return name ? { name, type: 'organization' } : undefined;
  }
  return undefined;
}

/** Most names screened per transaction: bounds the cost of a request that lists many persons. */
export const MAX_NAMES_SCREENED = 8;

/**
 * Counterparty-side names: counterparty.name, its VASP, and the Travel Rule persons of the other
 * side (the beneficiary for an outbound transfer, the originator for an inbound one). Our own
 * customer is screened at onboarding (KYC), not per transaction.
 */
export function namesToScreen(input: ScreenTransactionInput): NameToScreen[] {
  const out: NameToScreen[] = [];
  const seen = new Set<string>();
  const push = (n: NameToScreen) => {
    const key = n.name.toLowerCase().replace(/\s+/g, ' ');
    if (seen.has(key) || out.length >= MAX_NAMES_SCREENED) return;
    seen.add(key);
    out.push(n);
  };
  const cp = input.counterparty;
  if (str(cp.name)) push({ field: 'counterparty.name', name: str(cp.name)! });
  if (str(cp.vasp?.name)) push({ field: 'counterparty.vasp.name', name: str(cp.vasp?.name)!, type: 'organization' });
  const tr = obj(input.travelRule);
  const side = input.direction === 'outbound' ? 'beneficiary' : 'originator';
  for (const { path, person } of persons(tr, side)) {
    const n = ivmsName(person);
    if (n) push({ field: path, ...n });
  }
  const vasp = obj(tr?.[input.direction === 'outbound' ? 'beneficiaryVasp' : 'originatingVasp']);
  const vaspName = vasp ? ivmsName(vasp) : undefined;
  if (vaspName)
    push({
      field: `travelRule.${input.direction === 'outbound' ? 'beneficiaryVasp' : 'originatingVasp'}`,
      ...vaspName,
    });
  return out;
}
