import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity, ParsedSource } from '../../../src/sanctions/entity.ts';
import { parseSource } from '../../../src/sanctions/sources/index.ts';
import { parseUnXml, unBirthDate } from '../../../src/sanctions/sources/un-sc.ts';
import { describeShared, readShared } from '../../helpers/shared-data.ts';

function byRef(parsed: ParsedSource, ref: string): Entity {
  const e = parsed.entities.find((x) => x.references?.un === ref);
  if (!e) throw new Error(`no entity ${ref}`);
  return e;
}

describeShared('UN consolidated list XML (un-sc)', () => {
  let xml: string;
  let parsed: ParsedSource;
  beforeAll(() => {
    const files = readShared('un-sc', ['consolidated.xml']);
    xml = files.get('consolidated.xml') ?? '';
    parsed = parseSource('un-sc', files);
  });

  it('reads 730 individuals and 273 entities, DATAID as id, dateGenerated as publish date', () => {
    expect(parsed.entities.filter((e) => e.type === 'person')).toHaveLength(730);
    expect(parsed.entities.filter((e) => e.type === 'organization')).toHaveLength(273);
    expect(new Set(parsed.entities.map((e) => e.sourceId)).size).toBe(1003);
    expect(parsed.entities.every((e) => /^\d+$/.test(e.sourceId) && e.references?.un !== undefined)).toBe(true);
    expect(parsed.publishedAt).toBe('2026-02-27T00:00:09.554Z');
    expect(parsed.warnings).toEqual([]);
  });

  it('NAME_ORIGINAL_SCRIPT is an original-script name; a Low alias is weak (IQi.001)', () => {
    const saddam = byRef(parsed, 'IQi.001');
    expect(saddam.sourceId).toBe('6908048');
    expect(saddam.names).toEqual([
      { full: 'SADDAM HUSSEIN AL-TIKRITI', kind: 'primary', quality: 'strong' },
      { full: 'صدام حسين التكريتي', kind: 'alias', quality: 'strong', script: 'original' },
      { full: 'Abu Ali', kind: 'alias', quality: 'weak' },
    ]);
    expect(saddam.birthDates).toEqual([{ date: '1937-04-28' }]);
    expect(saddam.birthPlaces).toEqual(['al-Awja, near Tikrit, Iraq']);
    expect(saddam.nationalities).toEqual(['IQ']);
    expect(saddam.listedOn).toBe('2003-06-27');
    expect(saddam.programs).toEqual(['Iraq']);
    // every NAME_ORIGINAL_SCRIPT becomes a name (378 elements, one of them empty)
    expect(parsed.entities.flatMap((e) => e.names.filter((n) => n.script === 'original'))).toHaveLength(377);
  });

  it('Good aliases are strong, Low ones weak (CDi.003)', () => {
    const e = byRef(parsed, 'CDi.003');
    expect(e.names.find((n) => n.full === 'Rumuli')?.quality).toBe('weak');
    expect(e.names.find((n) => n.full === 'Victor Rumuri')?.quality).toBe('strong');
    expect(e.gender).toBe('male');
    expect(e.birthPlaces).toEqual(['Musanze District, Northern Province, Rwanda', 'Ruhengeri, Rwanda']);
    const low = (xml.match(/<QUALITY>Low<\/QUALITY>/g) ?? []).length;
    expect(parsed.entities.flatMap((x) => x.names.filter((n) => n.quality === 'weak'))).toHaveLength(low);
  });

  it('BETWEEN dates keep their range; passports keep issuing country (KPi.066, TAi.132)', () => {
    expect(byRef(parsed, 'KPi.066').birthDates).toEqual([{ from: '1967', to: '1969' }]);
    expect(byRef(parsed, 'TAi.132').documents).toEqual([
      { type: 'Passport', number: '000737', country: 'AF', note: 'issued 1996-10-20' },
    ]);
  });

  it('entities: FIRST_NAME is the name, a.k.a./f.k.a. aliases are strong (QDe.131)', () => {
    const e = byRef(parsed, 'QDe.131');
    expect(e.type).toBe('organization');
    expect(e.names).toEqual([
      { full: 'EMARAT KAVKAZ', kind: 'primary', quality: 'strong' },
      { full: 'Эмират Кавказ', kind: 'alias', quality: 'strong', script: 'original' },
    ]);
  });

  it('fails on truncated XML', () => {
    expect(() => parseUnXml(xml.slice(0, Math.floor(xml.length * 0.7)))).toThrow(/truncated/);
  });
});

describe('UN DATE_OF_BIRTH variants', () => {
  const node = (o: Record<string, string>) => o;
  it.each([
    [{ TYPE_OF_DATE: 'EXACT', DATE: '1958-02-22' }, { date: '1958-02-22' }],
    [{ TYPE_OF_DATE: 'EXACT', YEAR: '1971' }, { date: '1971' }],
    [
      { TYPE_OF_DATE: 'APPROXIMATELY', YEAR: '1965' },
      { date: '1965', circa: true },
    ],
    [
      { TYPE_OF_DATE: 'BETWEEN', FROM_YEAR: '1955', TO_YEAR: '1958', NOTE: 'Approximately' },
      { from: '1955', to: '1958', circa: true },
    ],
    [{ TYPE_OF_DATE: 'EXACT', YEAR: '1958', NOTE: 'Sep.' }, { date: '1958-09' }],
    [{ TYPE_OF_DATE: 'EXACT', NOTE: 'Nov. 1973 ' }, { date: '1973-11' }],
    [{ TYPE_OF_DATE: 'EXACT', NOTE: 'Between Aug. and Sep. 1977' }, { date: '1977' }],
  ])('%o', (input, expected) => {
    expect(unBirthDate(node(input))).toEqual(expected);
  });

  it('drops what gives no Gregorian date', () => {
    expect(unBirthDate({ TYPE_OF_DATE: 'EXACT', NOTE: '24/06/1402 (Hijri Calendar)' })).toBeUndefined();
    expect(unBirthDate({ TYPE_OF_DATE: 'APPROXIMATELY', NOTE: '30-35 years old' })).toBeUndefined();
    expect(unBirthDate({ TYPE_OF_DATE: '' })).toBeUndefined();
  });
});
