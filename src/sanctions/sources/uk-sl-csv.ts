/**
 * UK Sanctions List CSV (UK-Sanctions-List.csv) → Entity. A fallback for when only the CSV is
 * available: the XML is preferred (see index.ts). No verbatim copy of this file could be obtained,
 * so the layout comes from the published header line (first line "Report Date: 13-Feb-2026", then
 * the header, then rows denormalised as one row per name × other multi-valued fields). Columns are
 * found by header name, not position, and every value is de-duplicated while rows are grouped by
 * Unique ID, so the exact denormalisation does not matter.
 */
import type { EntityType, ParsedSource } from '../entity.ts';
import { countryCode } from './common/countries.ts';
import { parseCsv } from './common/csv.ts';
import { isoFromParts, monthNumber, parseDmy, parseUkDob } from './common/dates.ts';
import { EntityDraft } from './common/entity-draft.ts';
import { SourceParseError } from './common/errors.ts';
import { clean, joinParts, stripBom } from './common/text.ts';
import { imoNumber, issuingCountry } from './uk-sl.ts';

const SOURCE = 'uk-sl';

function headerKey(h: string): string {
  return h.toLowerCase().replace(/\s+/g, ' ').trim();
}

function ukType(value: string): EntityType {
  const v = value.trim().toLowerCase();
  return v === 'individual' ? 'person' : v === 'ship' ? 'vessel' : 'organization';
}

/** "Report Date: 13-Feb-2026" → "2026-02-13". */
function reportDate(line: string): string | undefined {
  const m = /Report Date:\s*(\d{1,2})-([A-Za-z]{3,9})-(\d{4})/i.exec(line);
  if (!m) return undefined;
  const month = monthNumber(m[2] ?? '');
  return month === undefined ? undefined : isoFromParts(Number(m[3]), month, Number(m[1]));
}

export function parseUkCsv(csv: string, fileName = 'UK-Sanctions-List.csv'): ParsedSource {
  let text = stripBom(csv);
  let publishedAt: string | undefined;
  const firstBreak = text.indexOf('\n');
  if (/^\s*"?Report Date:/i.test(text.slice(0, 80))) {
    publishedAt = reportDate(text.slice(0, firstBreak < 0 ? text.length : firstBreak));
    text = firstBreak < 0 ? '' : text.slice(firstBreak + 1);
  }
  const table = parseCsv(text, { source: SOURCE, file: fileName, columns: 'first-row' });
  const header = (table[0] ?? []).map(headerKey);
  const col = new Map(header.map((h, i) => [h, i] as const));
  for (const required of ['unique id', 'name 6', 'name type']) {
    if (!col.has(required))
      throw new SourceParseError(SOURCE, fileName, `header has no "${required}" column: not the UK Sanctions List CSV`);
  }
  const rows = table.slice(1);

  const drafts = new Map<string, EntityDraft>();
  let badDob = 0;
  let noId = 0;
  for (const row of rows) {
    const get = (name: string): string => clean(row[col.get(name) ?? -1] ?? '');
    const id = get('unique id');
    if (id === '') {
      noId++;
      continue;
    }
    let d = drafts.get(id);
    if (!d) {
      d = new EntityDraft(SOURCE, id, ukType(get('designation type')));
      drafts.set(id, d);
    }
    const draft = d;
    draft.setReference('un', get('un reference number'));
    draft.setReference('ofsiGroupId', get('ofsi group id'));
    draft.addProgram(get('regime name'));
    draft.listedOn ??= parseDmy(get('date designated'));
    draft.remarks ??= get('other information') || undefined;

    const forenames = ['name 1', 'name 2', 'name 3', 'name 4', 'name 5'].map(get);
    const surname = get('name 6');
    const split = draft.type === 'person' && surname !== '' && forenames.some((f) => f !== '');
    draft.addName({
      full: joinParts([...forenames, surname], ' '),
      kind: get('name type').toLowerCase() === 'primary name' ? 'primary' : 'alias',
      quality: /\blow\b/i.test(get('alias strength')) ? 'weak' : 'strong',
      ...(split ? { first: forenames[0], middle: joinParts(forenames.slice(1), ' '), last: surname } : {}),
    });
    draft.addName({ full: get('name non-latin script'), kind: 'alias', quality: 'strong', script: 'original' });

    const country = get('address country');
    draft.addAddress({
      text: joinParts([
        ...[
          'address line 1',
          'address line 2',
          'address line 3',
          'address line 4',
          'address line 5',
          'address line 6',
        ].map(get),
        get('address postal code'),
        country,
      ]),
      country,
    });
    draft.addDocument({ type: 'Phone Number', number: get('phone number') });
    draft.addDocument({ type: 'Website', number: get('website') });
    draft.addDocument({ type: 'Email Address', number: get('email address') });

    // Excel guard: the CSV prefixes some values with an apostrophe ("'12/11/1967").
    const dob = get('d.o.b').replace(/^'/, '');
    if (dob !== '') {
      const date = parseUkDob(dob);
      if (date !== undefined) draft.addBirthDate({ date });
      else badDob++;
    }
    draft.addNationality(get('nationality(/ies)') || undefined);
    draft.setGender(get('gender'));
    const passportNote = get('passport additional information');
    draft.addDocument({
      type: 'Passport',
      number: get('passport number').replace(/^'/, ''),
      country: issuingCountry(passportNote),
      note: passportNote,
    });
    draft.addDocument({
      type: 'National Identifier',
      number: get('national identifier number').replace(/^'/, ''),
      note: get('national identifier additional information'),
    });
    const birthCountry = get('country of birth');
    draft.addBirthPlace(joinParts([get('town of birth'), birthCountry]));
    if (countryCode(birthCountry) !== undefined) draft.addCountry(birthCountry);
    draft.addDocument({ type: 'Business Registration Number', number: get('business registration number (s)') });
    const imoRaw = get('imo number');
    if (imoRaw !== '') {
      const imo = imoNumber(imoRaw);
      draft.setVessel({ imo });
      draft.addDocument({ type: 'IMO', number: imo ?? imoRaw });
    }
    const flag = get('current believed flag of ship');
    draft.setVessel({
      flag,
      type: get('type of ship'),
      tonnage: get('tonnage of ship'),
      owner: get('current owner/operator (s)'),
    });
    draft.addCountry(flag);
  }
  const entities = [];
  let unnamed = 0;
  for (const d of drafts.values()) {
    const e = d.build();
    if (e) entities.push(e);
    else unnamed++;
  }
  if (entities.length === 0) throw new SourceParseError(SOURCE, fileName, 'no designations');
  const warnings: string[] = [];
  if (noId + unnamed > 0)
    warnings.push(`${fileName}: ${noId} rows without Unique ID and ${unnamed} designations without a name skipped`);
  if (badDob > 0) warnings.push(`${fileName}: ${badDob} DOB values without a usable year dropped`);
  return { source: SOURCE, entities, warnings, ...(publishedAt === undefined ? {} : { publishedAt }) };
}
