/**
 * IVMS101.2023 (interVASP Messaging Standard), our own schema: the npm `ivms101` package applies C1 to
 * beneficiaries and lets empty persons pass, so compliance decisions do not depend on it.
 *
 * Two layers, one definition:
 * - `Ivms101*` zod schemas: the datatypes and multiplicities of the standard (Max100Text, codes, [1..1]...).
 * - `constraintIssues`: the standard's constraints C1–C12 as plain checks over whatever was sent, so
 *   every violation is listed at once (zod skips refinements of objects whose fields already failed).
 * `loosen()` derives the request-level shape from the same schemas: same structure, unknown keys
 * rejected, every field optional and only bounded, so an incomplete payload reaches the Travel Rule
 * check (which lists what is missing) instead of failing the whole screening call.
 */
import { z } from 'zod';
import { isIvmsCountry } from './iso3166.ts';
import { isValidLei, LEI_FORMAT } from './lei.ts';

export const NATURAL_NAME_TYPES = ['ALIA', 'BIRT', 'MAID', 'LEGL', 'MISC'] as const;
export const LEGAL_NAME_TYPES = ['LEGL', 'SHRT', 'TRAD'] as const;
export const ADDRESS_TYPES = ['HOME', 'BIZZ', 'GEOG'] as const;
export const NATIONAL_ID_TYPES = [
  'ARNU',
  'CCPT',
  'RAID',
  'DRLC',
  'FIIN',
  'TXID',
  'SOCS',
  'IDCD',
  'LEIX',
  'MISC',
] as const;
/** C7: the only national identifier types a legal person may carry. */
export const LEGAL_PERSON_ID_TYPES = ['RAID', 'MISC', 'LEIX', 'TXID'] as const;
export const TRANSLITERATION_METHODS = [
  'arab',
  'aran',
  'armn',
  'cyrl',
  'deva',
  'geor',
  'grek',
  'hani',
  'hebr',
  'kana',
  'kore',
  'thai',
  'othr',
] as const;

/** Length as the standard counts it: characters (Unicode code points), not UTF-16 units or bytes. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * MaxNText and LocalMaxNText: 1 to N characters of any script. The standard limits the length only, so
 * "Brasília", "İstanbul" and "Nguyễn" are valid; disguised names (bidi overrides, invisible characters)
 * are not a datatype matter but reason input.obfuscated_name of the screening.
 */
const textOf = (kind: string, n: number) =>
  z.string().refine((v) => {
    const len = charLength(v);
    return len >= 1 && len <= n;
  }, `${kind}${n}Text: 1 to ${n} characters`);
const maxText = (n: number) => textOf('Max', n);
const localText = (n: number) => textOf('LocalMax', n);

/**
 * Most elements per list. The standard says [1..n] or [0..n] for all but addressLine ([0..7]); these
 * bounds are ours, far above real transfers (a joint account has two or three holders, a person a few
 * names), and keep one request's screening work bounded: see docs/transactions.md.
 */
export const IVMS_LIMITS = {
  persons: 10,
  namesPerList: 5,
  addresses: 5,
  addressLines: 7,
  accountNumbers: 10,
  transferPath: 10,
  transliterationMethods: 13,
} as const;
const date = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Date: YYYY-MM-DD');
/** CountryCode datatype; the list check itself is constraint C3. */
const country = z.string().regex(/^[A-Z]{2}$/, 'CountryCode: two upper-case letters');

export const Ivms101Address = z.strictObject({
  addressType: z.enum(ADDRESS_TYPES),
  department: maxText(50).optional(),
  subDepartment: maxText(70).optional(),
  streetName: maxText(70).optional(),
  buildingNumber: maxText(16).optional(),
  buildingName: maxText(35).optional(),
  floor: maxText(70).optional(),
  postBox: maxText(16).optional(),
  room: maxText(70).optional(),
  postCode: maxText(16).optional(),
  townName: maxText(35),
  townLocationName: maxText(35).optional(),
  districtName: maxText(35).optional(),
  countrySubDivision: maxText(35).optional(),
  addressLine: z.array(maxText(70)).max(IVMS_LIMITS.addressLines).optional(),
  country,
});

const NaturalPersonNameId = z.strictObject({
  primaryIdentifier: maxText(100),
  secondaryIdentifier: maxText(100).optional(),
  naturalPersonNameIdentifierType: z.enum(NATURAL_NAME_TYPES),
});
const LocalNaturalPersonNameId = z.strictObject({
  primaryIdentifier: localText(100),
  secondaryIdentifier: localText(100).optional(),
  nameIdentifierType: z.enum(NATURAL_NAME_TYPES),
});
const NaturalPersonName = z.strictObject({
  nameIdentifier: z.array(NaturalPersonNameId).min(1).max(IVMS_LIMITS.namesPerList),
  localNameIdentifier: z.array(LocalNaturalPersonNameId).max(IVMS_LIMITS.namesPerList).optional(),
  phoneticNameIdentifier: z.array(LocalNaturalPersonNameId).max(IVMS_LIMITS.namesPerList).optional(),
});

export const Ivms101NationalIdentification = z.strictObject({
  nationalIdentifier: maxText(35),
  nationalIdentifierType: z.enum(NATIONAL_ID_TYPES),
  countryOfIssue: country.optional(),
  /** Format and GLEIF list membership are constraint C10. */
  registrationAuthority: z.string().optional(),
});

const DateAndPlaceOfBirth = z.strictObject({ dateOfBirth: date, placeOfBirth: maxText(70) });

export const Ivms101NaturalPerson = z.strictObject({
  name: NaturalPersonName,
  geographicAddress: z.array(Ivms101Address).max(IVMS_LIMITS.addresses).optional(),
  nationalIdentification: Ivms101NationalIdentification.optional(),
  customerIdentification: maxText(50).optional(),
  dateAndPlaceOfBirth: DateAndPlaceOfBirth.optional(),
  countryOfResidence: country.optional(),
});

const LegalPersonNameId = z.strictObject({
  legalPersonName: maxText(100),
  legalPersonNameIdentifierType: z.enum(LEGAL_NAME_TYPES),
});
const LocalLegalPersonNameId = z.strictObject({
  legalPersonName: localText(100),
  legalPersonNameIdentifierType: z.enum(LEGAL_NAME_TYPES),
});
const LegalPersonName = z.strictObject({
  nameIdentifier: z.array(LegalPersonNameId).min(1).max(IVMS_LIMITS.namesPerList),
  localNameIdentifier: z.array(LocalLegalPersonNameId).max(IVMS_LIMITS.namesPerList).optional(),
  phoneticNameIdentifier: z.array(LocalLegalPersonNameId).max(IVMS_LIMITS.namesPerList).optional(),
});

export const Ivms101LegalPerson = z.strictObject({
  name: LegalPersonName,
  geographicAddress: z.array(Ivms101Address).max(IVMS_LIMITS.addresses).optional(),
  customerIdentification: maxText(50).optional(),
  nationalIdentification: Ivms101NationalIdentification.optional(),
  countryOfRegistration: country.optional(),
});

/** Exactly one of naturalPerson / legalPerson (checked as a constraint, so both halves are still validated). */
export const Ivms101Person = z.strictObject({
  naturalPerson: Ivms101NaturalPerson.optional(),
  legalPerson: Ivms101LegalPerson.optional(),
});

const accountNumber = z.array(maxText(512)).max(IVMS_LIMITS.accountNumbers);

export const Ivms101Originator = z.strictObject({
  originatorPerson: z.array(Ivms101Person).min(1).max(IVMS_LIMITS.persons),
  accountNumber: accountNumber.optional(),
});
export const Ivms101Beneficiary = z.strictObject({
  beneficiaryPerson: z.array(Ivms101Person).min(1).max(IVMS_LIMITS.persons),
  accountNumber: accountNumber.optional(),
});
export const Ivms101IntermediaryVasp = z.strictObject({
  intermediaryVASP: Ivms101Person,
  sequence: z.number().int().min(0),
});
export const Ivms101PayloadMetadata = z.strictObject({
  transliterationMethod: z.array(z.enum(TRANSLITERATION_METHODS)).max(IVMS_LIMITS.transliterationMethods).optional(),
  payloadVersion: z.literal('101.2023'),
});

/**
 * The Travel Rule part of a screening request. The VASPs are given as their IVMS101 Person directly
 * (the standard wraps it: OriginatingVASP.originatingVASP) and transferPath as the list of intermediaries.
 */
export const Ivms101Payload = z.strictObject({
  originator: Ivms101Originator,
  beneficiary: Ivms101Beneficiary,
  originatingVasp: Ivms101Person.optional(),
  beneficiaryVasp: Ivms101Person.optional(),
  transferPath: z.array(Ivms101IntermediaryVasp).max(IVMS_LIMITS.transferPath).optional(),
  payloadMetadata: Ivms101PayloadMetadata.optional(),
});

export type Ivms101Payload = z.output<typeof Ivms101Payload>;
export type Ivms101PersonT = z.output<typeof Ivms101Person>;

// ---------------------------------------------------------------------------------------------
// Request-level shape

/** Bounds for the loose shape: generous for real payloads, small enough to keep a hostile body cheap. */
const LOOSE_TEXT_MAX = 512;
/** For a list the strict schema leaves unbounded (none today): every array of a request has a maximum. */
const LOOSE_ARRAY_MAX = 20;

/** The strict array's own maximum, so the request shape and the standard's schema agree on every bound. */
function arrayMax(def: Record<string, unknown>): number {
  const checks = (def.checks ?? []) as { _zod: { def: { check: string; maximum?: number } } }[];
  for (const c of checks)
    if (c._zod.def.check === 'max_length' && c._zod.def.maximum !== undefined) return c._zod.def.maximum;
  return LOOSE_ARRAY_MAX;
}

/**
 * The same structure with every field optional, strings bounded instead of formatted, codes accepted as
 * strings. Unknown keys (including "__proto__" / "constructor") are still rejected.
 */
export function loosen(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { def: { type: string } & Record<string, unknown> }).def;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      return z.strictObject(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, loosen(v).optional()])));
    }
    case 'array':
      return z.array(loosen(def.element as z.ZodType)).max(arrayMax(def));
    case 'optional':
      return loosen(def.innerType as z.ZodType);
    case 'string':
    case 'enum':
    case 'literal':
      return z.string().max(LOOSE_TEXT_MAX);
    case 'number':
      return z.number().int().min(0).max(1_000);
    default:
      throw new Error(`loosen: unsupported zod type ${def.type}`);
  }
}

/** What a screening request may carry under `travelRule`: IVMS101.2023 structure, presence not yet checked. */
export const TravelRulePayloadShape = loosen(Ivms101Payload);
/** Loose data that passed TravelRulePayloadShape. Read it with the guards below, never trust its types. */
export type TravelRulePayloadInput = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Validation: datatypes (zod) + constraints C1–C12

export type Ivms101Constraint =
  | 'C1'
  | 'C2'
  | 'C3'
  | 'C4'
  | 'C5'
  | 'C6'
  | 'C7'
  | 'C8'
  | 'C9'
  | 'C10'
  | 'C11'
  | 'C12'
  | 'PERSON';

export interface Ivms101Issue {
  /** Dotted path with [i] indices, relative to the payload ("originator.originatorPerson[0].naturalPerson"). */
  path: string;
  kind: 'missing' | 'invalid';
  constraint?: Ivms101Constraint;
  message: string;
}

type Path = (string | number)[];

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `${out ? '.' : ''}${String(seg)}`;
  return out;
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

/** Datatype and multiplicity issues from the zod schema, split into missing vs invalid. */
function schemaIssues(payload: unknown): Ivms101Issue[] {
  const result = Ivms101Payload.safeParse(payload);
  if (result.success) return [];
  return result.error.issues.map((i) => {
    const value = valueAt(payload, i.path);
    const missing = value === undefined || (Array.isArray(value) && value.length === 0 && i.code === 'too_small');
    return {
      path: formatPath(i.path),
      kind: missing ? 'missing' : 'invalid',
      message: missing ? 'required' : i.message,
    };
  });
}

/**
 * Constraints over one person. `originator` enables C1/C4, which the standard applies to the
 * originator only (applying them to the beneficiary is a known bug of other validators).
 */
function personIssues(
  person: unknown,
  path: Path,
  role: 'originator' | 'other',
  asOfDate: string,
  out: Ivms101Issue[],
): void {
  const p = obj(person);
  if (!p) return;
  const natural = obj(p.naturalPerson);
  const legal = obj(p.legalPerson);
  if ((natural ? 1 : 0) + (legal ? 1 : 0) !== 1) {
    out.push(
      natural
        ? {
            path: formatPath(path),
            kind: 'invalid',
            constraint: 'PERSON',
            message: 'a person is either naturalPerson or legalPerson, not both',
          }
        : {
            path: formatPath([...path, 'naturalPerson|legalPerson']),
            kind: 'missing',
            constraint: 'PERSON',
            message: 'a person needs naturalPerson or legalPerson',
          },
    );
  }
  if (natural) naturalPersonIssues(natural, [...path, 'naturalPerson'], role, asOfDate, out);
  if (legal) legalPersonIssues(legal, [...path, 'legalPerson'], role, out);
}

function naturalPersonIssues(
  np: Record<string, unknown>,
  path: Path,
  role: 'originator' | 'other',
  asOfDate: string,
  out: Ivms101Issue[],
): void {
  const names = arr(obj(np.name)?.nameIdentifier);
  if (names.length > 0 && !names.some((n) => obj(n)?.naturalPersonNameIdentifierType === 'LEGL')) {
    out.push({
      path: formatPath([...path, 'name', 'nameIdentifier']),
      kind: 'missing',
      constraint: 'C6',
      message: 'C6: at least one name identifier must have naturalPersonNameIdentifierType LEGL',
    });
  }
  const addresses = arr(np.geographicAddress);
  if (role === 'originator') {
    const c1 =
      addresses.length > 0 ||
      str(np.customerIdentification) ||
      obj(np.nationalIdentification) ||
      obj(np.dateAndPlaceOfBirth);
    if (!c1) {
      out.push({
        path: formatPath([
          ...path,
          'geographicAddress|customerIdentification|nationalIdentification|dateAndPlaceOfBirth',
        ]),
        kind: 'missing',
        constraint: 'C1',
        message:
          'C1: an originator natural person needs a geographic address, customer identification, national identification, or date and place of birth',
      });
    }
  }
  const dob = str(obj(np.dateAndPlaceOfBirth)?.dateOfBirth);
  if (dob && /^\d{4}-\d{2}-\d{2}$/.test(dob) && dob >= asOfDate) {
    out.push({
      path: formatPath([...path, 'dateAndPlaceOfBirth', 'dateOfBirth']),
      kind: 'invalid',
      constraint: 'C2',
      message: 'C2: the date of birth must be in the past',
    });
  }
  countryIssue(np.countryOfResidence, [...path, 'countryOfResidence'], out);
  addressIssues(addresses, [...path, 'geographicAddress'], out);
  const nid = obj(np.nationalIdentification);
  if (nid) countryIssue(nid.countryOfIssue, [...path, 'nationalIdentification', 'countryOfIssue'], out);
}

function legalPersonIssues(
  lp: Record<string, unknown>,
  path: Path,
  role: 'originator' | 'other',
  out: Ivms101Issue[],
): void {
  const names = arr(obj(lp.name)?.nameIdentifier);
  if (names.length > 0 && !names.some((n) => obj(n)?.legalPersonNameIdentifierType === 'LEGL')) {
    out.push({
      path: formatPath([...path, 'name', 'nameIdentifier']),
      kind: 'missing',
      constraint: 'C5',
      message: 'C5: at least one name identifier must have legalPersonNameIdentifierType LEGL',
    });
  }
  const addresses = arr(lp.geographicAddress);
  const nid = obj(lp.nationalIdentification);
  if (role === 'originator') {
    const geog = addresses.some((a) => obj(a)?.addressType === 'GEOG');
    if (!geog && !nid && !str(lp.customerIdentification)) {
      out.push({
        path: formatPath([
          ...path,
          'geographicAddress[addressType=GEOG]|nationalIdentification|customerIdentification',
        ]),
        kind: 'missing',
        constraint: 'C4',
        message:
          'C4: an originator legal person needs a GEOG geographic address, national identification, or customer identification',
      });
    }
  }
  countryIssue(lp.countryOfRegistration, [...path, 'countryOfRegistration'], out);
  addressIssues(addresses, [...path, 'geographicAddress'], out);
  if (nid) legalNationalIdIssues(nid, [...path, 'nationalIdentification'], out);
}

function legalNationalIdIssues(nid: Record<string, unknown>, path: Path, out: Ivms101Issue[]): void {
  const type = str(nid.nationalIdentifierType);
  if (type && !(LEGAL_PERSON_ID_TYPES as readonly string[]).includes(type)) {
    out.push({
      path: formatPath([...path, 'nationalIdentifierType']),
      kind: 'invalid',
      constraint: 'C7',
      message: `C7: a legal person's identifier type must be one of ${LEGAL_PERSON_ID_TYPES.join(', ')}`,
    });
  }
  if (nid.countryOfIssue !== undefined) {
    out.push({
      path: formatPath([...path, 'countryOfIssue']),
      kind: 'invalid',
      constraint: 'C9',
      message: 'C9: a legal person must not have countryOfIssue',
    });
  }
  const authority = nid.registrationAuthority;
  if (type && type !== 'LEIX' && authority === undefined) {
    out.push({
      path: formatPath([...path, 'registrationAuthority']),
      kind: 'missing',
      constraint: 'C9',
      message: 'C9: registrationAuthority is required unless the identifier type is LEIX',
    });
  }
  if (type === 'LEIX' && authority !== undefined) {
    out.push({
      path: formatPath([...path, 'registrationAuthority']),
      kind: 'invalid',
      constraint: 'C9',
      message: 'C9: registrationAuthority must be absent for an LEIX identifier',
    });
  }
  if (typeof authority === 'string' && !/^RA\d{6}$/.test(authority)) {
    // The GLEIF list itself (~1,000 codes, updated often) is not bundled: the format is what we can check.
    out.push({
      path: formatPath([...path, 'registrationAuthority']),
      kind: 'invalid',
      constraint: 'C10',
      message: 'C10: a GLEIF registration authority code such as RA000589',
    });
  }
  const id = str(nid.nationalIdentifier);
  if (type === 'LEIX' && id) {
    if (!LEI_FORMAT.test(id))
      out.push({
        path: formatPath([...path, 'nationalIdentifier']),
        kind: 'invalid',
        constraint: 'C11',
        message: 'C11: an LEI is 18 upper-case letters or digits followed by 2 digits',
      });
    else if (!isValidLei(id))
      out.push({
        path: formatPath([...path, 'nationalIdentifier']),
        kind: 'invalid',
        constraint: 'C11',
        message: 'C11: the LEI check digits are wrong (ISO 17442, MOD 97-10)',
      });
  }
}

function addressIssues(addresses: unknown[], path: Path, out: Ivms101Issue[]): void {
  addresses.forEach((raw, i) => {
    const a = obj(raw);
    if (!a) return;
    const here = [...path, i];
    const hasLine = arr(a.addressLine).length > 0;
    const hasStreet =
      str(a.streetName) !== undefined && (str(a.buildingName) !== undefined || str(a.buildingNumber) !== undefined);
    if (!hasLine && !hasStreet) {
      out.push({
        path: formatPath([...here, 'addressLine|streetName+buildingNumber|streetName+buildingName']),
        kind: 'missing',
        constraint: 'C8',
        message: 'C8: an address needs addressLine, or streetName with buildingName or buildingNumber',
      });
    }
    countryIssue(a.country, [...here, 'country'], out);
  });
}

function countryIssue(value: unknown, path: Path, out: Ivms101Issue[]): void {
  if (typeof value === 'string' && /^[A-Z]{2}$/.test(value) && !isIvmsCountry(value)) {
    out.push({
      path: formatPath(path),
      kind: 'invalid',
      constraint: 'C3',
      message: 'C3: not an ISO 3166-1 alpha-2 country code (or XX)',
    });
  }
}

/** C1–C12 over the whole payload. `asOfDate` (YYYY-MM-DD, the transaction's date) is "today" for C2. */
export function constraintIssues(payload: unknown, asOfDate: string): Ivms101Issue[] {
  const out: Ivms101Issue[] = [];
  const p = obj(payload) ?? {};
  arr(obj(p.originator)?.originatorPerson).forEach((person, i) => {
    personIssues(person, ['originator', 'originatorPerson', i], 'originator', asOfDate, out);
  });
  arr(obj(p.beneficiary)?.beneficiaryPerson).forEach((person, i) => {
    personIssues(person, ['beneficiary', 'beneficiaryPerson', i], 'other', asOfDate, out);
  });
  if (p.originatingVasp !== undefined) personIssues(p.originatingVasp, ['originatingVasp'], 'other', asOfDate, out);
  if (p.beneficiaryVasp !== undefined) personIssues(p.beneficiaryVasp, ['beneficiaryVasp'], 'other', asOfDate, out);
  const path = arr(p.transferPath);
  path.forEach((hop, i) => {
    personIssues(obj(hop)?.intermediaryVASP, ['transferPath', i, 'intermediaryVASP'], 'other', asOfDate, out);
  });
  const sequences = path
    .map((hop) => obj(hop)?.sequence)
    .filter((s): s is number => typeof s === 'number')
    .sort((a, b) => a - b);
  if (sequences.some((s, i) => s !== i)) {
    out.push({
      path: 'transferPath',
      kind: 'invalid',
      constraint: 'C12',
      message: 'C12: intermediary sequence numbers must run 0, 1, 2... without gaps',
    });
  }
  return out;
}

/** Every datatype, multiplicity and constraint issue of a payload; empty when it is valid IVMS101.2023. */
export function validateIvms101(payload: unknown, asOfDate: string): Ivms101Issue[] {
  const seen = new Set<string>();
  const issues: Ivms101Issue[] = [];
  for (const issue of [...schemaIssues(payload), ...constraintIssues(payload, asOfDate)]) {
    const key = `${issue.kind}|${issue.path}|${issue.constraint ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}
