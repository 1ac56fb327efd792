/**
 * OFAC sdnList XML (SDN.XML and CONSOLIDATED.XML share the schema) → Entity.
 * Unlike the legacy CSV, everything is structured: akaList carries OFAC's strong/weak category,
 * idList carries passports, wallets ("Digital Currency Address - ETH") and gender, and dates of
 * birth are their own list, so Remarks are kept as text only.
 */
import type { ParsedSource } from '../entity.ts';
import { parseOfacDate, parseMdy } from './common/dates.ts';
import { EntityDraft } from './common/entity-draft.ts';
import { SourceParseError } from './common/errors.ts';
import { applyOfacId, splitIdValue } from './common/ofac-ids.ts';
import { placeCountry } from './common/ofac-remarks.ts';
import { clean, joinParts } from './common/text.ts';
import { child, children, parseXmlDocument, text, type XmlNode } from './common/xml.ts';
import { ofacEntityType, type OfacSource } from './ofac-csv.ts';

const ARRAYS = [
  'sdnEntry',
  'program',
  'aka',
  'address',
  'id',
  'dateOfBirthItem',
  'placeOfBirthItem',
  'nationality',
  'citizenship',
];

/** OFAC prints names "LAST, First": keep that shape so XML and CSV names read alike. */
function ofacFull(node: XmlNode): { full: string; first?: string; last?: string } {
  const first = clean(text(node, 'firstName'));
  const last = clean(text(node, 'lastName'));
  if (first === '') return { full: last };
  if (last === '') return { full: first, first };
  return { full: `${last}, ${first}`, first, last };
}

export function parseOfacXml(source: OfacSource, xml: string, fileName: string): ParsedSource {
  const root = parseXmlDocument(xml, { source, file: fileName, root: 'sdnList', arrays: ARRAYS });
  const warnings: string[] = [];
  const info = child(root, 'publshInformation');
  const publishedAt = parseMdy(text(info, 'Publish_Date'));

  const entries = children(root, 'sdnEntry');
  if (entries.length === 0) throw new SourceParseError(source, fileName, 'no <sdnEntry> records');
  const declared = Number(text(info, 'Record_Count'));
  if (Number.isInteger(declared) && declared > 0 && declared !== entries.length) {
    warnings.push(`${fileName}: Record_Count says ${declared} but ${entries.length} sdnEntry records were read`);
  }

  const entities = [];
  let skipped = 0;
  for (const e of entries) {
    const uid = clean(text(e, 'uid'));
    if (uid === '') {
      skipped++;
      continue;
    }
    const type = ofacEntityType(text(e, 'sdnType'));
    const draft = new EntityDraft(source, uid, type);
    const primary = ofacFull(e);
    draft.addName({
      ...primary,
      ...(type === 'person' ? {} : { first: undefined, last: undefined }),
      kind: 'primary',
      quality: 'strong',
    });
    for (const aka of children(child(e, 'akaList'), 'aka')) {
      const n = ofacFull(aka);
      const weak = clean(text(aka, 'category')).toLowerCase() === 'weak';
      draft.addName({
        ...n,
        ...(type === 'person' ? {} : { first: undefined, last: undefined }),
        kind: 'alias',
        quality: weak ? 'weak' : 'strong',
      });
    }
    for (const p of children(child(e, 'programList'), 'program')) draft.addProgram(text(p));
    for (const a of children(child(e, 'addressList'), 'address')) {
      const city = clean(text(a, 'city'));
      const country = clean(text(a, 'country'));
      draft.addAddress({
        text: joinParts([
          clean(text(a, 'address1')),
          clean(text(a, 'address2')),
          clean(text(a, 'address3')),
          city,
          clean(text(a, 'stateOrProvince')),
          clean(text(a, 'postalCode')),
          country,
        ]),
        city,
        country,
      });
    }
    for (const id of children(child(e, 'idList'), 'id')) {
      const note = joinParts([
        text(id, 'issueDate') === '' ? '' : `issued ${clean(text(id, 'issueDate'))}`,
        text(id, 'expirationDate') === '' ? '' : `expires ${clean(text(id, 'expirationDate'))}`,
      ]);
      // idNumber sometimes carries its country too: "33556474 (Russia)".
      const number = clean(text(id, 'idNumber'));
      const split = number.includes('(') ? splitIdValue(number) : { number };
      const country = clean(text(id, 'idCountry')) || split.country;
      applyOfacId(draft, clean(text(id, 'idType')), split.number, country, joinParts([note, split.note ?? '']));
    }
    for (const d of children(child(e, 'dateOfBirthList'), 'dateOfBirthItem')) {
      draft.addBirthDate(parseOfacDate(clean(text(d, 'dateOfBirth'))));
    }
    for (const p of children(child(e, 'placeOfBirthList'), 'placeOfBirthItem')) {
      const place = clean(text(p, 'placeOfBirth'));
      draft.addBirthPlace(place);
      draft.addCountry(placeCountry(place));
    }
    for (const n of children(child(e, 'nationalityList'), 'nationality')) draft.addNationality(text(n, 'country'));
    for (const c of children(child(e, 'citizenshipList'), 'citizenship')) draft.addNationality(text(c, 'country'));
    const vessel = child(e, 'vesselInfo');
    if (vessel) {
      draft.setVessel({
        callSign: text(vessel, 'callSign'),
        type: text(vessel, 'vesselType'),
        flag: text(vessel, 'vesselFlag'),
        owner: text(vessel, 'vesselOwner'),
        tonnage: text(vessel, 'tonnage'),
        grossRegisteredTonnage: text(vessel, 'grossRegisteredTonnage'),
      });
      draft.addCountry(text(vessel, 'vesselFlag'));
    }
    draft.remarks = text(e, 'remarks');
    const entity = draft.build();
    if (entity) entities.push(entity);
    else skipped++;
  }
  if (skipped > 0) warnings.push(`${fileName}: ${skipped} sdnEntry records without uid or name skipped`);
  return { source, entities, warnings, ...(publishedAt === undefined ? {} : { publishedAt }) };
}
