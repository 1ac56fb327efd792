/**
 * UK Sanctions List XML (FCDO, 2026 format; root <Designations>) → Entity.
 * One <Designation> per UniqueID; Name1..Name5 are forenames, Name6 the surname or the entity /
 * ship name. NameType casing varies in the real data ("Primary name"), so it is compared
 * case-insensitively. Ground truth of the format: the jaggeman sample in the shared uk-sl/samples.
 */
import type { EntityType, ParsedSource } from '../entity.ts';
import { countryCode } from './common/countries.ts';
import { parseDmy, parseUkDob } from './common/dates.ts';
import { EntityDraft } from './common/entity-draft.ts';
import { SourceParseError } from './common/errors.ts';
import { clean, joinParts } from './common/text.ts';
import { attr, child, children, parseXmlDocument, text, texts, type XmlNode } from './common/xml.ts';

const SOURCE = 'uk-sl';
const ARRAYS = [
  'Designation',
  'Name',
  'NonLatinName',
  'Address',
  'DOB',
  'Nationality',
  'Passport',
  'NationalIdentifier',
  'Location',
  'IMONumber',
  'BusinessRegistrationNumber',
  'PhoneNumber',
  'EmailAddress',
  'Website',
  'Gender',
  'CurrentBelievedFlagOfShip',
  'CurrentOwnerOperator',
  'TypeOfShip',
  'TonnageOfShip',
  'Title',
  'Position',
  'PreviousFlag',
  'Individual',
  'Entity',
  'Ship',
];
// Large free text and boolean indicator blocks we do not use.
const SKIP = ['SanctionsImposedIndicators', 'UKStatementofReasons'];

function ukType(value: string): EntityType {
  switch (value.trim().toLowerCase()) {
    case 'individual':
      return 'person';
    case 'ship':
      return 'vessel';
    default:
      return 'organization';
  }
}

/** "IMO9562233" / "IMO 9562233" / "9562233" → "9562233". */
export function imoNumber(value: string): string | undefined {
  return /^\s*(?:IMO)?\s*(\d{7})\s*$/i.exec(value)?.[1];
}

/** The note usually opens with the issuer: "Afghanistan diplomatic passport number D0009720, …". */
export function issuingCountry(note: string): string | undefined {
  const m =
    /^([A-Z][A-Za-z' .()-]{2,40}?)\s+(?:(?:diplomatic|national|official|service|ordinary|biometric)\s+)?passport\b/i.exec(
      note,
    );
  return m?.[1] !== undefined && countryCode(m[1]) !== undefined ? m[1] : undefined;
}

interface Counters {
  badDob: number;
}

function parseDesignation(node: XmlNode, counters: Counters): EntityDraft | undefined {
  const id = clean(text(node, 'UniqueID'));
  if (id === '') return undefined;
  const type = ukType(text(node, 'IndividualEntityShip'));
  const draft = new EntityDraft(SOURCE, id, type);
  draft.setReference('un', text(node, 'UNReferenceNumber'));
  draft.setReference('ofsiGroupId', text(node, 'OFSIGroupID'));
  draft.addProgram(text(node, 'RegimeName'));
  draft.listedOn = parseDmy(text(node, 'DateDesignated'));
  draft.remarks = text(node, 'OtherInformation');

  for (const n of children(child(node, 'Names'), 'Name')) {
    const forenames = ['Name1', 'Name2', 'Name3', 'Name4', 'Name5'].map((k) => clean(text(n, k)));
    const surname = clean(text(n, 'Name6'));
    const full = joinParts([...forenames, surname], ' ');
    const nameType = clean(text(n, 'NameType')).toLowerCase();
    const weak = /\blow\b/i.test(text(n, 'AliasStrength'));
    // "Primary Name Variation" is an alternative spelling the UK vouches for: a strong alias.
    const isPrimary = nameType === 'primary name';
    const split = type === 'person' && surname !== '' && forenames.some((f) => f !== '');
    draft.addName({
      full,
      kind: isPrimary ? 'primary' : 'alias',
      quality: weak ? 'weak' : 'strong',
      ...(split ? { first: forenames[0], middle: joinParts(forenames.slice(1), ' '), last: surname } : {}),
    });
  }
  for (const n of children(child(node, 'NonLatinNames'), 'NonLatinName')) {
    draft.addName({ full: text(n, 'NameNonLatinScript'), kind: 'alias', quality: 'strong', script: 'original' });
  }

  for (const a of children(child(node, 'Addresses'), 'Address')) {
    const country = clean(text(a, 'AddressCountry'));
    draft.addAddress({
      text: joinParts([
        ...['AddressLine1', 'AddressLine2', 'AddressLine3', 'AddressLine4', 'AddressLine5', 'AddressLine6'].map((k) =>
          clean(text(a, k)),
        ),
        clean(text(a, 'AddressPostalCode')),
        country,
      ]),
      country,
    });
  }
  for (const p of texts(child(node, 'PhoneNumbers'), 'PhoneNumber'))
    draft.addDocument({ type: 'Phone Number', number: p });
  for (const e of texts(child(node, 'EmailAddresses'), 'EmailAddress'))
    draft.addDocument({ type: 'Email Address', number: e });
  for (const w of texts(child(node, 'Websites'), 'Website')) draft.addDocument({ type: 'Website', number: w });

  const person = child(child(node, 'IndividualDetails'), 'Individual');
  if (person) {
    for (const dob of texts(child(person, 'DOBs'), 'DOB')) {
      const d = parseUkDob(dob);
      if (d !== undefined) draft.addBirthDate({ date: d });
      else if (clean(dob) !== '') counters.badDob++;
    }
    for (const n of texts(child(person, 'Nationalities'), 'Nationality')) draft.addNationality(n);
    for (const g of texts(child(person, 'Genders'), 'Gender')) draft.setGender(g);
    for (const p of children(child(person, 'PassportDetails'), 'Passport')) {
      const note = clean(text(p, 'PassportAdditionalInformation'));
      draft.addDocument({ type: 'Passport', number: text(p, 'PassportNumber'), country: issuingCountry(note), note });
    }
    for (const p of children(child(person, 'NationalIdentifierDetails'), 'NationalIdentifier')) {
      draft.addDocument({
        type: 'National Identifier',
        number: text(p, 'NationalIdentifierNumber'),
        note: text(p, 'NationalIdentifierAdditionalInformation'),
      });
    }
    for (const l of children(child(person, 'BirthDetails'), 'Location')) {
      draft.addBirthPlace(joinParts([clean(text(l, 'TownOfBirth')), clean(text(l, 'CountryOfBirth'))]));
      draft.addCountry(text(l, 'CountryOfBirth'));
    }
  }
  const entity = child(child(node, 'EntityDetails'), 'Entity');
  if (entity) {
    for (const b of texts(child(entity, 'BusinessRegistrationNumbers'), 'BusinessRegistrationNumber')) {
      draft.addDocument({ type: 'Business Registration Number', number: b });
    }
  }
  const ship = child(child(node, 'ShipDetails'), 'Ship');
  if (ship) {
    for (const raw of texts(child(ship, 'IMONumbers'), 'IMONumber')) {
      const imo = imoNumber(raw);
      draft.setVessel({ imo });
      draft.addDocument({ type: 'IMO', number: imo ?? raw });
    }
    const flag = texts(child(ship, 'CurrentBelievedFlagOfShips'), 'CurrentBelievedFlagOfShip')[0];
    draft.setVessel({
      flag,
      type: texts(child(ship, 'TypeOfShipDetails'), 'TypeOfShip')[0],
      tonnage: texts(child(ship, 'TonnageOfShipDetails'), 'TonnageOfShip')[0],
      owner: texts(child(ship, 'CurrentOwnerOperators'), 'CurrentOwnerOperator')[0],
    });
    draft.addCountry(flag);
  }
  return draft;
}

export function parseUkXml(xml: string, fileName = 'UK-Sanctions-List.xml'): ParsedSource {
  const root = parseXmlDocument(xml, {
    source: SOURCE,
    file: fileName,
    root: 'Designations',
    arrays: ARRAYS,
    attributes: true,
    skip: SKIP,
  });
  const records = children(root, 'Designation');
  if (records.length === 0) throw new SourceParseError(SOURCE, fileName, 'no <Designation> records');
  const counters: Counters = { badDob: 0 };
  const entities = [];
  let skipped = 0;
  for (const node of records) {
    const entity = parseDesignation(node, counters)?.build();
    if (entity) entities.push(entity);
    else skipped++;
  }
  const warnings: string[] = [];
  if (skipped > 0) warnings.push(`${fileName}: ${skipped} Designation records without UniqueID or name skipped`);
  if (counters.badDob > 0) warnings.push(`${fileName}: ${counters.badDob} DOB values without a usable year dropped`);
  // DateGenerated is dd/mm/yyyy; the root attribute (one sample only) is a full timestamp.
  const publishedAt = parseDmy(text(root, 'DateGenerated')) ?? (clean(attr(root, 'dateGenerated')) || undefined);
  return { source: SOURCE, entities, warnings, ...(publishedAt === undefined ? {} : { publishedAt }) };
}
