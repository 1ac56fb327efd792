import { describe, expect, it } from 'vitest';
import { countryCode, countryOrText } from '../../../src/sanctions/sources/common/countries.ts';
import { parseCsv } from '../../../src/sanctions/sources/common/csv.ts';
import {
  isoFromParts,
  parseDmy,
  parseMdy,
  parseOfacDate,
  parseTextDate,
  parseUkDob,
} from '../../../src/sanctions/sources/common/dates.ts';
import { splitIdValue, splitRemarkId } from '../../../src/sanctions/sources/common/ofac-ids.ts';
import { clean, isNonLatin } from '../../../src/sanctions/sources/common/text.ts';
import { parseXmlDocument } from '../../../src/sanctions/sources/common/xml.ts';

describe('countryCode: every list spelling to ISO alpha-2', () => {
  it.each([
    ['Korea, North', 'KP'],
    ['North Korea', 'KP'],
    ['DPRK', 'KP'],
    ["Democratic People's Republic of Korea", 'KP'],
    ['Korea, South', 'KR'],
    ['Bahamas, The', 'BS'],
    ['Congo, Democratic Republic of the', 'CD'],
    ['Congo (Democratic Republic)', 'CD'],
    ['Democratic Republic of the Congo', 'CD'],
    ['Congo, Republic of the', 'CG'],
    ['Iran (Islamic Republic of)', 'IR'],
    ['United Republic of Tanzania', 'TZ'],
    ['St Kitts and Nevis', 'KN'],
    ['St. Kitts & Nevis', 'KN'],
    ['Saint Vincent and the Grenadines', 'VC'],
    ['Man, Isle of', 'IM'],
    ['Virgin Islands, British', 'VG'],
    ['China, Hong Kong Special Administrative Region', 'HK'],
    ['Türkiye', 'TR'],
    ['Viet Nam', 'VN'],
    ['Burma', 'MM'],
    ['Palestinian', 'PS'],
    ['Region: Gaza', 'PS'],
    ['Region: Crimea', 'UA'],
    ['Former USSR, now Kyrgyzstan', 'KG'],
    ['Kazakh Soviet Socialist Republic (now Kazakhstan)', 'KZ'],
    ['Former USSR Currently Belarus', 'BY'],
    ['Cabo Verde.  Previously Cape Verde.', 'CV'],
    ['Macedonia, The Former Yugoslav Republic of', 'MK'],
    ['United Kingdom of Great Britain and Northern Ireland', 'GB'],
    ['Guinea-Bissau', 'GW'],
    ['Guinea', 'GN'],
    ['Niger', 'NE'],
    ['Nigeria', 'NG'],
    ['Sudan', 'SD'],
    ['South Sudan', 'SS'],
    ['Kosovo', 'XK'],
    ['UNITED STATES', 'US'],
  ])('%s → %s', (name, code) => {
    expect(countryCode(name)).toBe(code);
  });

  it('leaves non-countries unresolved, and countryOrText keeps their text', () => {
    expect(countryCode('Former USSR')).toBeUndefined();
    expect(countryCode('Region: Kafia Kingi')).toBeUndefined();
    expect(countryCode('undetermined')).toBeUndefined();
    expect(countryOrText('Former USSR')).toBe('Former USSR');
    expect(countryOrText('  ')).toBeUndefined();
  });
});

describe('dates', () => {
  it('keeps only what is known', () => {
    expect(parseTextDate('10 Dec 1948')).toBe('1948-12-10');
    expect(parseTextDate('Aug 1946')).toBe('1946-08');
    expect(parseTextDate('Nov. 1973')).toBe('1973-11');
    expect(parseTextDate('August 1961')).toBe('1961-08');
    expect(parseTextDate('1946')).toBe('1946');
    expect(parseTextDate('31 Feb 1970')).toBeUndefined();
    expect(parseTextDate('1402')).toBeUndefined(); // a Hijri year is not a Gregorian one
  });

  it('reads OFAC DOB forms', () => {
    expect(parseOfacDate('10 Dec 1948')).toEqual({ date: '1948-12-10' });
    expect(parseOfacDate('circa 1951')).toEqual({ date: '1951', circa: true });
    expect(parseOfacDate('1951 to 1953')).toEqual({ from: '1951', to: '1953' });
    expect(parseOfacDate('01 Jan 1961 to 31 Dec 1962')).toEqual({ from: '1961-01-01', to: '1962-12-31' });
    expect(parseOfacDate('Mar 1962 to Feb 1963')).toEqual({ from: '1962-03', to: '1963-02' });
    expect(parseOfacDate('circa 1979-1982')).toEqual({ from: '1979', to: '1982', circa: true });
    expect(parseOfacDate('1947.')).toEqual({ date: '1947' });
    expect(parseOfacDate('unknown')).toBeUndefined();
  });

  it('reads UK DOB placeholders and drops garbage', () => {
    expect(parseUkDob('12/11/1967')).toBe('1967-11-12');
    expect(parseUkDob('dd/mm/1968')).toBe('1968');
    expect(parseUkDob('dd/09/1958')).toBe('1958-09');
    expect(parseUkDob('1946')).toBe('1946');
    expect(parseUkDob('00/00/1975')).toBe('1975');
    expect(parseUkDob('15/08/19yy')).toBeUndefined();
    expect(parseUkDob('31/02/1970')).toBeUndefined();
  });

  it('dd/mm/yyyy vs mm/dd/yyyy', () => {
    expect(parseDmy('14/08/2026')).toBe('2026-08-14');
    expect(parseMdy('01/08/2026')).toBe('2026-01-08');
    expect(isoFromParts(2024, 2, 29)).toBe('2024-02-29');
    expect(isoFromParts(2023, 2, 29)).toBeUndefined();
  });
});

describe('text', () => {
  it('collapses whitespace and decodes numeric references', () => {
    expect(clean('  Tionscail  Ceimiceán\nParchin ')).toBe('Tionscail Ceimiceán Parchin');
    expect(clean('O&#39;Brien &#x4E2D;')).toBe("O'Brien 中");
    expect(clean(undefined)).toBe('');
  });

  it('detects non-Latin scripts', () => {
    expect(isNonLatin('صدام حسين التكريتي')).toBe(true);
    expect(isNonLatin('Эмират Кавказ')).toBe(true);
    expect(isNonLatin('Parcsini Vegyipari Vállalat')).toBe(false);
    expect(isNonLatin("Ibrahim al-'Asiri 2")).toBe(false);
  });
});

describe('OFAC remark ids', () => {
  it('splits type, number, country and the rest', () => {
    expect(splitRemarkId('Passport L 191609 issued 28 Feb 1996')).toEqual({
      type: 'Passport',
      value: 'L 191609 issued 28 Feb 1996',
    });
    expect(splitRemarkId('Diplomatic Passport 008827 (Iran) issued 1999')?.type).toBe('Diplomatic Passport');
    expect(splitRemarkId("Aircraft Manufacturer's Serial Number (MSN) 1023409321")?.type).toBe(
      "Aircraft Manufacturer's Serial Number (MSN)",
    );
    expect(splitRemarkId('Email:adelb@shabakah.net.sa')).toEqual({ type: 'Email', value: 'adelb@shabakah.net.sa' });
    expect(splitRemarkId('Minister of Defense')).toBeUndefined();
    expect(splitIdValue('AIMM67125HCHRRG06 (Mexico) issued 1968')).toEqual({
      number: 'AIMM67125HCHRRG06',
      country: 'Mexico',
      note: 'issued 1968',
    });
    expect(splitIdValue('HRA 738077 (Stuttgart) (Germany)')).toEqual({
      number: 'HRA 738077',
      country: 'Germany',
      note: '(Stuttgart)',
    });
    expect(splitIdValue('1027700070518(Russia)')).toEqual({ number: '1027700070518', country: 'Russia' });
    expect(splitIdValue('(5777731)')).toEqual({ number: '5777731' });
  });
});

describe('parseCsv', () => {
  const opts = { source: 'test', file: 't.csv', columns: 3 };

  it('reads quoted fields, doubled quotes, CRLF and the Ctrl-Z end mark', () => {
    const rows = parseCsv('1,"a, ""b""",-0- \r\n2,"multi\nline",x\r\n\x1a', opts);
    expect(rows).toEqual([
      ['1', 'a, "b"', '-0- '],
      ['2', 'multi\nline', 'x'],
    ]);
  });

  it('rejects truncation, HTML and empty input', () => {
    expect(() => parseCsv('1,"a,b', opts)).toThrow(/unterminated/);
    expect(() => parseCsv('1,a,b\r\n2,c', opts)).toThrow(/line 2: 2 columns/);
    expect(() => parseCsv('<!DOCTYPE html><html><body>Service Unavailable</body></html>', opts)).toThrow(/HTML/);
    expect(() => parseCsv('\x1a\r\n', opts)).toThrow(/empty/);
  });
});

describe('parseXmlDocument envelope checks', () => {
  const opts = { source: 'test', file: 't.xml', root: 'list', arrays: ['item'] };

  it('parses, with repeated elements always as arrays and ids kept as strings', () => {
    const root = parseXmlDocument(
      '<?xml version="1.0"?>\n<!-- note -->\n<list xmlns="urn:x"><item><id>007</id></item></list>\n',
      opts,
    );
    expect(root.item).toEqual([{ id: '007' }]);
  });

  it('rejects a truncated document, another root, an HTML page and an empty file', () => {
    expect(() => parseXmlDocument('<list><item><id>1</id></item><item>', opts)).toThrow(/truncated/);
    expect(() => parseXmlDocument('<other><item/></other>', opts)).toThrow(/expected root element <list>/);
    expect(() => parseXmlDocument('<!DOCTYPE html>\n<html><body>502</body></html>', opts)).toThrow(/HTML error page/);
    expect(() => parseXmlDocument('', opts)).toThrow(/empty/);
    expect(() => parseXmlDocument('not xml at all', opts)).toThrow(/not an XML document/);
  });
});
