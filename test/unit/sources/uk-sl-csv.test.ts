import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/sanctions/sources/index.ts';
import { parseUkCsv } from '../../../src/sanctions/sources/uk-sl-csv.ts';

// The February 2026 header line as published (see the shared uk-sl/README.md). No verbatim data
// rows exist, so the rows below restate the real AFG0011 / DPR0075 records of the XML sample.
const HEADER =
  'Last Updated,Unique ID,OFSI Group ID,UN Reference Number,Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Name type,Alias strength,Title,Name non-latin script,Non-latin script type,Non-latin script language,Regime Name,Designation Type,Designation source,Sanctions Imposed,Other Information,UK Statement of Reasons,Address Line 1,Address Line 2,Address Line 3,Address Line 4,Address Line 5,Address Line 6,Address Postal Code,Address Country,Phone number,Website,Email address,Date Designated,D.O.B,Nationality(/ies),National Identifier number,National Identifier additional information,Passport number,Passport additional information,Position,Gender,Town of birth,Country of birth,Type of entity,Subsidiaries,Parent company,Business registration number (s),IMO number,Current owner/operator (s),Previous owner/operator (s),Current believed flag of ship,Previous flags,Type of ship,Tonnage of ship,Length of ship,Year Built,Hull identification number (HIN)';
const COLUMNS = HEADER.split(',');

function row(values: Record<string, string>): string {
  for (const k of Object.keys(values)) if (!COLUMNS.includes(k)) throw new Error(`unknown column ${k}`);
  return COLUMNS.map((c) => {
    const v = values[c] ?? '';
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}

const AFG = {
  'Last Updated': '29/04/2026',
  'Unique ID': 'AFG0011',
  'OFSI Group ID': '7270',
  'UN Reference Number': 'TAi.007',
  'Regime Name': 'The Afghanistan (Sanctions) (EU Exit) Regulations 2020',
  'Designation Type': 'Individual',
  'Date Designated': '31/01/2001',
  'Nationality(/ies)': 'Afghanistan',
  'Name non-latin script': 'عبد اللطيف منصور',
};

const CSV = [
  'Report Date: 13-Feb-2026',
  HEADER,
  row({
    ...AFG,
    'Name 6': 'MANSUR',
    'Name 1': 'ABDUL',
    'Name 2': 'LATIF',
    'Name type': 'Primary Name',
    'D.O.B': "'12/11/1967",
    'Passport number': ' D0009720',
    'Passport additional information': 'Afghanistan diplomatic passport number D0009720, issued on 12 Oct. 2021',
  }),
  row({
    ...AFG,
    'Name 6': 'MANSUR',
    'Name 1': 'ABDUL',
    'Name 2': 'LATIF',
    'Name type': 'Primary Name',
    'D.O.B': 'dd/mm/1968',
    'Address Line 1': 'Darul Aman',
    'Address Line 2': 'Kabul',
    'Address Country': 'Afghanistan',
  }),
  row({
    ...AFG,
    'Name 6': 'MANSOOR',
    'Name 1': 'Abdul',
    'Name 2': 'Latif',
    'Name type': 'Alias',
    'Alias strength': 'Good quality a.k.a',
    'D.O.B': '15/08/19yy',
  }),
  row({
    ...AFG,
    'Name 6': 'MOHAMMAD',
    'Name 1': 'Wali',
    'Name type': 'alias',
    'Alias strength': 'Low quality a.k.a',
    'Town of birth': 'Zurmat District, Paktia Province',
    'Country of birth': 'Afghanistan',
  }),
  row({
    'Unique ID': 'DPR0075',
    'Name 6': 'Petrel 8',
    'Name type': 'Primary name',
    'Designation Type': 'Ship',
    'Regime Name': "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019",
    'IMO number': 'IMO9562233',
    'Current believed flag of ship': 'Comoros',
    'Type of ship': 'Bulk Carrier',
    'Tonnage of ship': '7078',
    'Other Information': 'Pursuant to paragraph 6 of Security Council Resolution 2371 (2017),\nand 2375 (2017)',
  }),
  row({ 'Unique ID': 'DPR0075', 'Name 6': 'Jal Vahini', 'Name type': 'Alias', 'Designation Type': 'Ship' }),
].join('\r\n');

describe('UK Sanctions List CSV (fallback format)', () => {
  it('groups rows by Unique ID and reads the same facts as the XML', () => {
    const parsed = parseSource('uk-sl', new Map([['UK-Sanctions-List.csv', CSV]]));
    expect(parsed.publishedAt).toBe('2026-02-13');
    expect(parsed.warnings).toEqual(['UK-Sanctions-List.csv: 1 DOB values without a usable year dropped']);
    expect(parsed.entities.map((e) => e.sourceId)).toEqual(['AFG0011', 'DPR0075']);
    const [afg, ship] = parsed.entities;
    expect(afg?.names).toEqual([
      {
        full: 'ABDUL LATIF MANSUR',
        kind: 'primary',
        quality: 'strong',
        first: 'ABDUL',
        middle: 'LATIF',
        last: 'MANSUR',
      },
      { full: 'عبد اللطيف منصور', kind: 'alias', quality: 'strong', script: 'original' },
      {
        full: 'Abdul Latif MANSOOR',
        kind: 'alias',
        quality: 'strong',
        first: 'Abdul',
        middle: 'Latif',
        last: 'MANSOOR',
      },
      { full: 'Wali MOHAMMAD', kind: 'alias', quality: 'weak', first: 'Wali', last: 'MOHAMMAD' },
    ]);
    expect(afg?.birthDates).toEqual([{ date: '1967-11-12' }, { date: '1968' }]);
    expect(afg?.documents.map((d) => [d.type, d.number, d.country])).toEqual([['Passport', 'D0009720', 'AF']]);
    expect(afg?.addresses).toEqual([{ text: 'Darul Aman, Kabul, Afghanistan', country: 'AF' }]);
    expect(afg?.nationalities).toEqual(['AF']);
    expect(afg?.references).toEqual({ un: 'TAi.007', ofsiGroupId: '7270' });
    expect(afg?.listedOn).toBe('2001-01-31');
    expect(ship?.type).toBe('vessel');
    expect(ship?.vessel).toEqual({ imo: '9562233', flag: 'KM', type: 'Bulk Carrier', tonnage: '7078' });
    expect(ship?.names.map((n) => n.full)).toEqual(['Petrel 8', 'Jal Vahini']);
  });

  it('the XML wins when both files are present', () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?>\n<Designations><DateGenerated>14/08/2026</DateGenerated><Designation><UniqueID>X1</UniqueID><Names><Name><Name6>ONLY IN XML</Name6><NameType>Primary Name</NameType></Name></Names><IndividualEntityShip>Entity</IndividualEntityShip></Designation></Designations>\n';
    const parsed = parseSource(
      'uk-sl',
      new Map([
        ['UK-Sanctions-List.csv', CSV],
        ['UK-Sanctions-List.xml', xml],
      ]),
    );
    expect(parsed.entities.map((e) => e.name)).toEqual(['ONLY IN XML']);
  });

  it('rejects another CSV, a truncated row and an HTML page', () => {
    expect(() => parseUkCsv('a,b,c\r\n1,2,3\r\n')).toThrow(/no "unique id" column/);
    expect(() => parseUkCsv(CSV.slice(0, CSV.length - 40))).toThrow(/columns, expected 58/);
    expect(() => parseUkCsv('<html><body>Not found</body></html>')).toThrow(/HTML/);
  });
});
