import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity, ParsedSource } from '../../../src/sanctions/entity.ts';
import { parseSource } from '../../../src/sanctions/sources/index.ts';
import { imoNumber, issuingCountry, parseUkXml } from '../../../src/sanctions/sources/uk-sl.ts';
import { describeShared, readShared } from '../../helpers/shared-data.ts';

const FILE = 'UK-Sanctions-List.xml';

function byId(parsed: ParsedSource, id: string): Entity {
  const e = parsed.entities.find((x) => x.sourceId === id);
  if (!e) throw new Error(`no entity ${id}`);
  return e;
}

function sample(name: string): Map<string, string> {
  return new Map([[FILE, readShared('uk-sl/samples', [name]).get(name) ?? '']]);
}

describeShared('UK Sanctions List XML: jaggeman sample (verbatim records, content ground truth)', () => {
  let parsed: ParsedSource;
  beforeAll(() => {
    parsed = parseSource('uk-sl', sample('jaggeman-sanctions_uk_sample.xml'));
  });

  it('reads the 4 real designations; the synthetic one without UniqueID is skipped and counted', () => {
    expect(parsed.entities.map((e) => e.sourceId)).toEqual(['AFG0011', 'AQD0128', 'AQD0377', 'DPR0075']);
    expect(parsed.warnings).toEqual([`${FILE}: 1 Designation records without UniqueID or name skipped`]);
    expect(parsed.publishedAt).toBe('2026-08-14');
  });

  it('an individual (AFG0011): names, non-Latin name, DOB placeholders, trimmed passport, birth places', () => {
    const e = byId(parsed, 'AFG0011');
    expect(e.type).toBe('person');
    expect(e.names).toEqual([
      {
        full: 'ABDUL LATIF MANSUR',
        kind: 'primary',
        quality: 'strong',
        first: 'ABDUL',
        middle: 'LATIF',
        last: 'MANSUR',
      },
      {
        full: 'Abdul Latif MANSOOR',
        kind: 'alias',
        quality: 'strong',
        first: 'Abdul',
        middle: 'Latif',
        last: 'MANSOOR',
      },
      { full: 'Wali MOHAMMAD', kind: 'alias', quality: 'strong', first: 'Wali', last: 'MOHAMMAD' },
      { full: 'عبد اللطيف منصور', kind: 'alias', quality: 'strong', script: 'original' },
    ]);
    // "dd/mm/1968" → the year; "12/11/1967" twice → once
    expect(e.birthDates).toEqual([{ date: '1968' }, { date: '1967-11-12' }]);
    expect(e.documents.map((d) => [d.type, d.number, d.country])).toEqual([
      ['Passport', 'D0009720', 'AF'],
      ['Passport', 'D0010442', 'AF'],
    ]);
    expect(e.nationalities).toEqual(['AF']);
    expect(e.birthPlaces).toEqual([
      'Zurmat District, Paktia Province, Afghanistan',
      'Garda Saray District, Paktia Province, Afghanistan',
      'Afghanistan',
    ]);
    expect(e.addresses).toEqual([{ text: 'Darul Aman, Kabul, Afghanistan', country: 'AF' }]);
    expect(e.programs).toEqual(['The Afghanistan (Sanctions) (EU Exit) Regulations 2020']);
    expect(e.references).toEqual({ un: 'TAi.007', ofsiGroupId: '7270' });
    expect(e.listedOn).toBe('2001-01-31');
  });

  it('"Primary name" in lower case is still primary; Low quality a.k.a is weak; national id keeps its leading zero (AQD0128)', () => {
    const e = byId(parsed, 'AQD0128');
    expect(e.names[0]).toMatchObject({ full: 'AKRAM TURKI HISHAN AL-MAZIDIH', kind: 'primary' });
    expect(e.names.filter((n) => n.quality === 'weak').map((n) => n.full)).toEqual(['Abu Akram', 'Abu Jarrah']);
    expect(e.documents).toEqual([{ type: 'National Identifier', number: '0075258', note: 'Ration card no.' }]);
    expect(e.birthDates).toEqual([{ date: '1974' }, { date: '1975' }, { date: '1979' }]);
  });

  it('an entity (AQD0377) and a ship (DPR0075)', () => {
    const entity = byId(parsed, 'AQD0377');
    expect(entity.type).toBe('organization');
    expect(entity.names.map((n) => n.full)).toEqual([
      'Khatiba al-Tawhid wal-Jihad (KTJ)',
      "Jama'at al-Tawhid wal-Jihad",
      'Jannat Oshiklari',
      'Катиба ат-Таухид валь-Джихад',
    ]);
    expect(entity.names[1]).toEqual({ full: "Jama'at al-Tawhid wal-Jihad", kind: 'alias', quality: 'strong' });
    const ship = byId(parsed, 'DPR0075');
    expect(ship.type).toBe('vessel');
    expect(ship.vessel).toEqual({
      imo: '9562233',
      flag: 'KM',
      type: 'Bulk Carrier',
      tonnage: '7078',
      owner: 'Global United Shipping India',
    });
    expect(ship.documents).toEqual([{ type: 'IMO', number: '9562233' }]);
    expect(ship.references).toBeUndefined();
  });
});

describeShared('UK Sanctions List XML: GSmiguel sample (format only)', () => {
  it('parses other element shapes and child orders (contacts, genders, business numbers, empty NonLatinNames)', () => {
    const parsed = parseSource('uk-sl', sample('GSmiguel-sanctions_lists_etl_sample_uk_sanctions.xml'));
    expect(parsed.entities).toHaveLength(5);
    expect(parsed.publishedAt).toBe('2026-09-10');
    const bnk = byId(parsed, 'BEL0107');
    expect(bnk.documents).toContainEqual({ type: 'Business Registration Number', number: 'UK Company no. 06527449' });
    expect(bnk.documents).toContainEqual({ type: 'Website', number: 'http://www.belnaft.co.uk/' });
    expect(bnk.addresses[0]).toEqual({
      text: 'Salatin House, 19 Cedar Road, Sutton, Surrey, SM2 5DA, United Kingdom',
      country: 'GB',
    });
    expect(byId(parsed, 'AFG0006').gender).toBe('male');
    expect(byId(parsed, 'AFG0006').birthDates).toEqual([{ date: '1958-05-12' }, { date: '1945' }, { date: '1946' }]);
    expect(byId(parsed, 'AFG0001').documents).toContainEqual({
      type: 'Email Address',
      number: 'helmand_exchange_msp@yahoo.com',
    });
  });
});

describeShared('UK Sanctions List XML: full-size reconstruction (scale)', () => {
  let parsed: ParsedSource;
  let xml: string;
  beforeAll(() => {
    const files = readShared('uk-sl', [FILE]);
    xml = files.get(FILE) ?? '';
    parsed = parseSource('uk-sl', files);
  });

  it('reads all 6,046 designations and their 15,050 names (9 exact repeats folded)', () => {
    expect(parsed.entities).toHaveLength(6046);
    const types = parsed.entities.reduce<Record<string, number>>((a, e) => {
      a[e.type] = (a[e.type] ?? 0) + 1;
      return a;
    }, {});
    expect(types).toEqual({ person: 3883, organization: 1531, vessel: 632 });
    expect((xml.match(/<Name>/g) ?? []).length).toBe(15050);
    expect(parsed.entities.reduce((n, e) => n + e.names.length, 0)).toBe(15050 - 9);
    expect(parsed.entities.flatMap((e) => e.names.filter((n) => n.quality === 'weak'))).toHaveLength(605);
    expect(parsed.entities.filter((e) => e.vessel?.imo !== undefined)).toHaveLength(631);
    expect(parsed.publishedAt).toBe('2026-04-29');
  });

  it('keeps what a DOB tells and drops "15/08/19yy" with a warning', () => {
    expect(parsed.entities.reduce((n, e) => n + e.birthDates.length, 0)).toBe(3689);
    expect(parsed.warnings).toEqual([`${FILE}: 1 DOB values without a usable year dropped`]);
    for (const e of parsed.entities) for (const d of e.birthDates) expect(d.date).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
  });

  it('nationalities resolve to ISO codes', () => {
    const nats = parsed.entities.flatMap((e) => e.nationalities);
    expect(nats.length).toBe(2925);
    expect(nats.every((n) => /^[A-Z]{2}$/.test(n))).toBe(true);
  });

  it('fails on a truncated file', () => {
    expect(() => parseUkXml(xml.slice(0, xml.length - 20))).toThrow(/truncated/);
  });
});

describe('UK helpers', () => {
  it('IMO numbers and passport issuers', () => {
    expect(imoNumber('IMO9562233')).toBe('9562233');
    expect(imoNumber('IMO 9562233')).toBe('9562233');
    expect(imoNumber('95622')).toBeUndefined();
    expect(issuingCountry('Afghanistan diplomatic passport number D0009720, issued on 12 Oct. 2021')).toBe(
      'Afghanistan',
    );
    expect(issuingCountry('Issued by the authorities')).toBeUndefined();
  });
});
