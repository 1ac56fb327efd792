/**
 * UN Security Council consolidated list XML (CONSOLIDATED_LIST) → Entity.
 * INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY; DATAID is the stable record id, REFERENCE_NUMBER
 * ("QDi.276") the public one that EU and UK records quote, kept in `references.un`.
 */
import type { ParsedSource, PartialDate } from '../entity.ts';
import { countryCode } from './common/countries.ts';
import { isoDay, isoFromParts, parseTextDate } from './common/dates.ts';
import { EntityDraft } from './common/entity-draft.ts';
import { SourceParseError } from './common/errors.ts';
import { clean, joinParts } from './common/text.ts';
import { attr, child, children, parseXmlDocument, text, texts, type XmlNode } from './common/xml.ts';

const SOURCE = 'un-sc';
const ARRAYS = [
  'INDIVIDUAL',
  'ENTITY',
  'INDIVIDUAL_ALIAS',
  'ENTITY_ALIAS',
  'INDIVIDUAL_ADDRESS',
  'ENTITY_ADDRESS',
  'INDIVIDUAL_DATE_OF_BIRTH',
  'INDIVIDUAL_PLACE_OF_BIRTH',
  'INDIVIDUAL_DOCUMENT',
  'NATIONALITY',
  'VALUE',
  'DESIGNATION',
  'TITLE',
  'LAST_DAY_UPDATED',
  'LIST_TYPE',
];

/**
 * TYPE_OF_DATE EXACT / APPROXIMATELY / BETWEEN with DATE, YEAR or FROM_YEAR/TO_YEAR. Some records
 * only have a NOTE ("Nov. 1973", "August 1961"); a NOTE month completes a bare YEAR ("Sep." + 1958).
 */
export function unBirthDate(node: XmlNode): PartialDate | undefined {
  const kind = clean(text(node, 'TYPE_OF_DATE')).toUpperCase();
  const note = clean(text(node, 'NOTE'));
  const circa = kind === 'APPROXIMATELY' || /^approx/i.test(note);
  const from = clean(text(node, 'FROM_YEAR'));
  const to = clean(text(node, 'TO_YEAR'));
  let result: PartialDate | undefined;
  if (from !== '' || to !== '') {
    const f = isoFromParts(Number(from));
    const t = isoFromParts(Number(to));
    if (f !== undefined && t !== undefined) result = { from: f, to: t };
    else if (f !== undefined || t !== undefined) result = { date: (f ?? t) as string };
  } else {
    const date = isoDay(text(node, 'DATE'));
    const year = clean(text(node, 'YEAR'));
    if (date !== undefined) result = { date };
    else if (year !== '') {
      const withMonth = note === '' ? undefined : parseTextDate(`${note} ${year}`);
      const y = withMonth ?? isoFromParts(Number(year));
      if (y !== undefined) result = { date: y };
    } else if (note !== '') {
      // "Between Aug. and Sep. 1977" still tells the year; Hijri years (14xx) are not taken.
      const d = parseTextDate(note) ?? /\b(1[89]\d\d|20\d\d)\b/.exec(note)?.[1];
      if (d !== undefined) result = { date: d };
    }
  }
  if (result && circa) result.circa = true;
  return result;
}

function place(node: XmlNode): string {
  return joinParts([
    clean(text(node, 'STREET')),
    clean(text(node, 'CITY')),
    clean(text(node, 'STATE_PROVINCE')),
    clean(text(node, 'ZIP_CODE')),
    clean(text(node, 'COUNTRY')),
  ]);
}

function parseRecord(node: XmlNode, kind: 'INDIVIDUAL' | 'ENTITY'): EntityDraft | undefined {
  const id = clean(text(node, 'DATAID'));
  if (id === '') return undefined;
  const draft = new EntityDraft(SOURCE, id, kind === 'INDIVIDUAL' ? 'person' : 'organization');
  draft.setReference('un', text(node, 'REFERENCE_NUMBER'));
  // Numbered parts, not semantic ones (DPRK names put the family name first), so no first/last split.
  const full = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((n) => clean(text(node, n))).join(' ');
  draft.addName({ full, kind: 'primary', quality: 'strong' });
  draft.addName({ full: text(node, 'NAME_ORIGINAL_SCRIPT'), kind: 'alias', quality: 'strong', script: 'original' });
  for (const a of children(node, `${kind}_ALIAS`)) {
    // QUALITY is "Good" / "Low" for individuals, "a.k.a." / "f.k.a." for entities; Low = weak alias.
    const weak = clean(text(a, 'QUALITY')).toLowerCase() === 'low';
    draft.addName({ full: text(a, 'ALIAS_NAME'), kind: 'alias', quality: weak ? 'weak' : 'strong' });
    // Some aliases come from a (false) passport with its own DOB / birth place.
    const dob = isoDay(text(a, 'DATE_OF_BIRTH'));
    if (dob !== undefined) draft.addBirthDate({ date: dob });
    const birthPlace = joinParts([clean(text(a, 'CITY_OF_BIRTH')), clean(text(a, 'COUNTRY_OF_BIRTH'))]);
    draft.addBirthPlace(birthPlace);
    draft.addCountry(text(a, 'COUNTRY_OF_BIRTH'));
  }
  draft.addProgram(text(node, 'UN_LIST_TYPE'));
  draft.listedOn = isoDay(text(node, 'LISTED_ON'));
  draft.setGender(text(node, 'GENDER'));
  draft.remarks = text(node, 'COMMENTS1');
  for (const n of children(node, 'NATIONALITY')) for (const v of texts(n, 'VALUE')) draft.addNationality(v);
  for (const a of children(node, `${kind}_ADDRESS`)) {
    draft.addAddress({ text: place(a), city: text(a, 'CITY'), country: text(a, 'COUNTRY') });
  }
  for (const d of children(node, 'INDIVIDUAL_DATE_OF_BIRTH')) draft.addBirthDate(unBirthDate(d));
  for (const p of children(node, 'INDIVIDUAL_PLACE_OF_BIRTH')) {
    draft.addBirthPlace(place(p));
    draft.addCountry(text(p, 'COUNTRY'));
  }
  for (const d of children(node, 'INDIVIDUAL_DOCUMENT')) {
    const country = clean(text(d, 'ISSUING_COUNTRY')) || clean(text(d, 'COUNTRY_OF_ISSUE'));
    const type = clean(text(d, 'TYPE_OF_DOCUMENT'));
    draft.addDocument({
      // A few records name the type in French or Spanish ("Numéro de passeport").
      type: /passeport|pasaporte/i.test(type) ? 'Passport' : type || 'Identification document',
      number: text(d, 'NUMBER'),
      country: countryCode(country) !== undefined ? country : undefined,
      note: joinParts([
        clean(text(d, 'TYPE_OF_DOCUMENT2')),
        countryCode(country) === undefined ? country : '',
        text(d, 'CITY_OF_ISSUE') === '' ? '' : `issued in ${clean(text(d, 'CITY_OF_ISSUE'))}`,
        text(d, 'DATE_OF_ISSUE') === '' ? '' : `issued ${clean(text(d, 'DATE_OF_ISSUE'))}`,
        clean(text(d, 'NOTE')),
      ]),
    });
  }
  return draft;
}

export function parseUnXml(xml: string, fileName = 'consolidated.xml'): ParsedSource {
  const root = parseXmlDocument(xml, {
    source: SOURCE,
    file: fileName,
    root: 'CONSOLIDATED_LIST',
    arrays: ARRAYS,
    attributes: true,
  });
  const records: [XmlNode, 'INDIVIDUAL' | 'ENTITY'][] = [
    ...children(child(root, 'INDIVIDUALS'), 'INDIVIDUAL').map((n) => [n, 'INDIVIDUAL'] as [XmlNode, 'INDIVIDUAL']),
    ...children(child(root, 'ENTITIES'), 'ENTITY').map((n) => [n, 'ENTITY'] as [XmlNode, 'ENTITY']),
  ];
  if (records.length === 0) throw new SourceParseError(SOURCE, fileName, 'no INDIVIDUAL or ENTITY records');
  const entities = [];
  let skipped = 0;
  for (const [node, kind] of records) {
    const entity = parseRecord(node, kind)?.build();
    if (entity) entities.push(entity);
    else skipped++;
  }
  const warnings = skipped > 0 ? [`${fileName}: ${skipped} records without DATAID or name skipped`] : [];
  const generated = clean(attr(root, 'dateGenerated'));
  return { source: SOURCE, entities, warnings, ...(generated === '' ? {} : { publishedAt: generated }) };
}
