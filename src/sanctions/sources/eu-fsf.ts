/**
 * EU Financial Sanctions Files XML 1.1 (root <export> in a default namespace) → Entity.
 * All data sits in attributes. The format has no "primary name" flag, so we pick one (see
 * pickPrimary). Ground truth of the format: the verbatim samples in the shared eu-fsf/samples.
 */
import type { EntityName, ParsedSource, PartialDate } from '../entity.ts';
import { isoDay, isoFromParts } from './common/dates.ts';
import { EntityDraft } from './common/entity-draft.ts';
import { SourceParseError } from './common/errors.ts';
import { clean, cleanOpt, isNonLatin, joinParts } from './common/text.ts';
import { attr, children, parseXmlDocument, texts, type XmlNode } from './common/xml.ts';

const SOURCE = 'eu-fsf';
const ARRAYS = [
  'sanctionEntity',
  'nameAlias',
  'birthdate',
  'citizenship',
  'identification',
  'address',
  'regulation',
  'contactInfo',
  'remark',
];
// Every sub-element repeats its regulation in <regulationSummary>: bulky and unused.
const SKIP = ['regulationSummary', 'publicationUrl'];

/** "00"/"UNKNOWN" is the format's unknown country. */
function iso2(node: XmlNode): string | undefined {
  const code = attr(node, 'countryIso2Code').trim().toUpperCase();
  return /^[A-Z]{2}$/.test(code) && code !== '00' ? code : undefined;
}

function countryDescription(node: XmlNode): string {
  const d = clean(attr(node, 'countryDescription'));
  return d.toUpperCase() === 'UNKNOWN' ? '' : d;
}

/**
 * birthdate: full `birthdate`, or `year` (+ `monthOfYear`), or `yearRangeFrom/To`; `circa`.
 * For calendarType ISLAMIC the day/month/year attributes are Hijri and only the `birthdate`
 * attribute is Gregorian, so nothing else is read from such a record.
 */
export function euBirthDate(node: XmlNode): PartialDate | undefined {
  const islamic = attr(node, 'calendarType').toUpperCase() === 'ISLAMIC';
  const full = isoDay(attr(node, 'birthdate'));
  let result: PartialDate | undefined;
  if (full !== undefined) result = { date: full };
  else if (!islamic) {
    const year = Number(attr(node, 'year'));
    const month = Number(attr(node, 'monthOfYear'));
    const from = isoFromParts(Number(attr(node, 'yearRangeFrom')));
    const to = isoFromParts(Number(attr(node, 'yearRangeTo')));
    const date =
      attr(node, 'year') === ''
        ? undefined
        : (isoFromParts(year, attr(node, 'monthOfYear') === '' ? undefined : month) ?? isoFromParts(year));
    if (date !== undefined) result = { date };
    else if (from !== undefined && to !== undefined) result = { from, to };
    else if (from !== undefined || to !== undefined) result = { date: (from ?? to) as string };
  }
  if (result && attr(node, 'circa') === 'true') result.circa = true;
  return result;
}

function aliasName(a: XmlNode): EntityName & { logicalId: number } {
  const whole = clean(attr(a, 'wholeName'));
  const remark = texts(a, 'remark').join(' ');
  // strong="false" is the format's weak alias; older entries only say so in a remark
  // ("low quality alias") while keeping strong="true".
  const weak = attr(a, 'strong') === 'false' || /\blow quality\b/i.test(remark);
  const n: EntityName & { logicalId: number } = {
    full:
      whole === ''
        ? joinParts([clean(attr(a, 'firstName')), clean(attr(a, 'middleName')), clean(attr(a, 'lastName'))], ' ')
        : whole,
    kind: 'alias',
    quality: weak ? 'weak' : 'strong',
    logicalId: attr(a, 'logicalId') === '' ? Number.POSITIVE_INFINITY : Number(attr(a, 'logicalId')),
  };
  const first = cleanOpt(attr(a, 'firstName'));
  const middle = cleanOpt(attr(a, 'middleName'));
  const last = cleanOpt(attr(a, 'lastName'));
  if (first !== undefined) n.first = first;
  if (middle !== undefined) n.middle = middle;
  if (last !== undefined) n.last = last;
  const language = cleanOpt(attr(a, 'nameLanguage'));
  if (language !== undefined) n.language = language.toLowerCase();
  if (isNonLatin(n.full)) n.script = 'original';
  return n;
}

/**
 * The EU file has no primary flag. The name the EU first recorded (lowest nameAlias logicalId) is
 * the designation's name in the regulation (e.g. "Khalid Sheikh MOHAMMED" for entity 191, whose
 * first nameAlias is a French spelling); among strong Latin-script names, that one wins, falling
 * back to document order when logicalIds are absent.
 */
function pickPrimary(names: readonly (EntityName & { logicalId: number })[]): number {
  let best = -1;
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (n?.quality !== 'strong' || n.script === 'original') continue;
    if (best < 0 || n.logicalId < (names[best]?.logicalId ?? Number.POSITIVE_INFINITY)) best = i;
  }
  return Math.max(best, 0);
}

function parseEntity(node: XmlNode): EntityDraft | undefined {
  const id = clean(attr(node, 'logicalId'));
  if (id === '') return undefined;
  const subject = attr(children(node, 'subjectType')[0], 'code').toLowerCase();
  const draft = new EntityDraft(SOURCE, id, subject === 'person' ? 'person' : 'organization');
  draft.setReference('eu', attr(node, 'euReferenceNumber'));
  draft.setReference('un', attr(node, 'unitedNationId'));
  draft.listedOn = isoDay(attr(node, 'designationDate'));
  draft.remarks = texts(node, 'remark').join(' ');
  for (const r of children(node, 'regulation')) draft.addProgram(attr(r, 'programme'));

  const names = children(node, 'nameAlias').map(aliasName);
  const primaryAt = pickPrimary(names);
  names.forEach((n, i) => {
    const { logicalId: _unused, ...name } = n;
    draft.addName({ ...name, kind: i === primaryAt ? 'primary' : 'alias' });
  });
  for (const a of children(node, 'nameAlias')) draft.setGender(attr(a, 'gender'));

  for (const c of children(node, 'citizenship')) draft.addNationality(iso2(c) ?? countryDescription(c));
  for (const b of children(node, 'birthdate')) {
    draft.addBirthDate(euBirthDate(b));
    draft.addBirthPlace(
      joinParts([
        clean(attr(b, 'place')),
        clean(attr(b, 'city')).replace(/^-$/, ''),
        clean(attr(b, 'region')),
        countryDescription(b),
      ]),
    );
    draft.addCountry(iso2(b));
  }
  for (const d of children(node, 'identification')) {
    const code = clean(attr(d, 'identificationTypeCode'));
    const imo = code.toLowerCase() === 'imo' ? /^\s*(?:IMO)?\s*(\d{7})\s*$/i.exec(attr(d, 'number'))?.[1] : undefined;
    draft.addDocument({
      // One spelling for IMO numbers across lists, so a vessel's IMO matches whichever list has it.
      type: imo !== undefined ? 'IMO' : clean(attr(d, 'identificationTypeDescription')) || code || 'Identification',
      number: imo ?? attr(d, 'number'),
      country: iso2(d) ?? countryDescription(d),
      note: joinParts(
        [
          attr(d, 'issueDate') === '' ? '' : `issued ${attr(d, 'issueDate')}`,
          attr(d, 'validTo') === '' ? '' : `valid to ${attr(d, 'validTo')}`,
          attr(d, 'knownFalse') === 'true' ? 'known false' : '',
          attr(d, 'knownExpired') === 'true' ? 'known expired' : '',
          clean(attr(d, 'issuedBy')),
          texts(d, 'remark').map(clean).join(' '),
        ],
        '; ',
      ),
    });
  }
  for (const a of children(node, 'address')) {
    const city = clean(attr(a, 'city'));
    draft.addAddress({
      text: joinParts([
        clean(attr(a, 'street')),
        clean(attr(a, 'poBox')),
        city,
        clean(attr(a, 'place')),
        clean(attr(a, 'region')),
        clean(attr(a, 'zipCode')),
        countryDescription(a),
      ]),
      city,
      country: iso2(a) ?? countryDescription(a),
    });
    for (const c of children(a, 'contactInfo')) {
      const key = attr(c, 'key').toUpperCase();
      const type =
        key === 'EMAIL' ? 'Email Address' : key === 'WEB' ? 'Website' : key === 'PHONE' ? 'Phone Number' : undefined;
      if (type === undefined) continue;
      for (const v of attr(c, 'value').split(';')) draft.addDocument({ type, number: v });
    }
  }
  return draft;
}

export function parseEuXml(xml: string, fileName = 'xmlFullSanctionsList_1_1.xml'): ParsedSource {
  const root = parseXmlDocument(xml, {
    source: SOURCE,
    file: fileName,
    root: 'export',
    arrays: ARRAYS,
    attributes: true,
    skip: SKIP,
  });
  const records = children(root, 'sanctionEntity');
  if (records.length === 0) throw new SourceParseError(SOURCE, fileName, 'no <sanctionEntity> records');
  const entities = [];
  let skipped = 0;
  for (const node of records) {
    const entity = parseEntity(node)?.build();
    if (entity) entities.push(entity);
    else skipped++;
  }
  const warnings =
    skipped > 0 ? [`${fileName}: ${skipped} sanctionEntity records without logicalId or nameAlias skipped`] : [];
  const generated = clean(attr(root, 'generationDate'));
  return { source: SOURCE, entities, warnings, ...(generated === '' ? {} : { publishedAt: generated }) };
}
