import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity, ParsedSource } from '../../../src/sanctions/entity.ts';
import { euBirthDate, parseEuXml } from '../../../src/sanctions/sources/eu-fsf.ts';
import { parseSource } from '../../../src/sanctions/sources/index.ts';
import { describeShared, readShared } from '../../helpers/shared-data.ts';

const FILE = 'xmlFullSanctionsList_1_1.xml';

function byId(parsed: ParsedSource, id: string): Entity {
  const e = parsed.entities.find((x) => x.sourceId === id);
  if (!e) throw new Error(`no entity ${id}`);
  return e;
}

/** A verbatim sample under the official file name. */
function sample(name: string): Map<string, string> {
  const text = readShared('eu-fsf/samples', [name]).get(name) ?? '';
  return new Map([[FILE, text]]);
}

describeShared('EU FSF XML 1.1: verbatim samples (ground truth of the format)', () => {
  let gs: ParsedSource;
  let jg: ParsedSource;
  beforeAll(() => {
    gs = parseSource('eu-fsf', sample('GSmiguel-sanctions_lists_etl_sample_eu_fsf.xml'));
    jg = parseSource('eu-fsf', sample('jaggeman-sanctions_eu_sample.xml'));
  });

  it('reads both samples despite the default namespace and different whitespace ("/>" vs " />")', () => {
    expect(gs.entities.map((e) => e.sourceId)).toEqual(['191', '521', '3822', '6106', '6177']);
    expect(gs.entities.reduce((n, e) => n + e.names.length, 0)).toBe(45);
    expect(gs.publishedAt).toBe('2026-08-05T16:47:04.449+02:00');
    // the synthetic entity 999999 has no nameAlias: nothing to screen, skipped and counted
    expect(jg.entities.map((e) => e.sourceId)).toEqual(['13', '191', '980', '330']);
    expect(jg.warnings).toEqual([`${FILE}: 1 sanctionEntity records without logicalId or nameAlias skipped`]);
  });

  it('the same entity reads the same from both samples (191)', () => {
    expect(byId(jg, '191')).toEqual(byId(gs, '191'));
  });

  it('picks the designation name as primary though the format has no flag (191 Khalid Sheikh MOHAMMED)', () => {
    const e = byId(gs, '191');
    expect(e.name).toBe('Khalid Sheikh MOHAMMED');
    expect(e.names[0]).toEqual({
      full: 'Khalid Sheikh MOHAMMED',
      kind: 'primary',
      quality: 'strong',
      first: 'Khalid Sheikh',
      last: 'MOHAMMED',
      language: 'en',
    });
    expect(e.names).toHaveLength(7);
    expect(e.names).toContainEqual({
      full: 'Bin Khalid Fahd Bin Adballah',
      kind: 'alias',
      quality: 'strong',
      language: 'fr',
    });
    expect(e.type).toBe('person');
    expect(e.gender).toBe('male');
    expect(e.birthDates).toEqual([{ date: '1965-04-14' }, { date: '1964-03-01' }]);
    expect(e.documents).toEqual([{ type: 'National passport', number: '488555' }]);
    expect(e.programs).toEqual(['TERR']);
    expect(e.references).toEqual({ eu: 'EU.3579.2' });
  });

  it('Arabic names are original script, "low quality alias" remarks are weak, ISLAMIC dates use the Gregorian birthdate (6177)', () => {
    const e = byId(gs, '6177');
    expect(e.name).toBe('Ibrahim Hassan Tali Al-Asiri');
    expect(e.names.filter((n) => n.script === 'original').map((n) => n.full)).toEqual([
      'إبراهيم حسن طالع عسيري',
      'إبراهيم حسن طالع العسيري',
    ]);
    expect(e.names.filter((n) => n.quality === 'weak').map((n) => n.full)).toEqual([
      'Abu-Salaah',
      'Abosslah',
      'Abu Saleh',
    ]);
    // 1982-04-19 is given twice (GREGORIAN and, as its Gregorian equivalent, ISLAMIC 24/6/1402)
    expect(e.birthDates).toEqual([{ date: '1982-04-18' }, { date: '1982-04-19' }]);
    expect(e.birthPlaces).toEqual(['Riyadh, SAUDI ARABIA']);
    expect(e.nationalities).toEqual(['SA']);
    expect(e.countries).toEqual(['SA', 'YE']);
    expect(e.documents).toContainEqual({
      type: 'National identification card',
      number: '1028745097',
      country: 'SA',
      note: '(national civil identification number)',
    });
    expect(e.listedOn).toBe('2011-03-24');
  });

  it('year ranges with circa and no birthdate attribute (521)', () => {
    const e = byId(gs, '521');
    expect(e.birthDates).toEqual([{ from: '1953', to: '1958', circa: true }]);
    expect(e.nationalities).toEqual(['AF']);
    expect(e.birthPlaces).toContain('Tirin Kot District, Uruzgan Province, AFGHANISTAN');
  });

  it('enterprises, addresses with contact info, Cyrillic names (3822, 330, 980)', () => {
    const pci = byId(gs, '3822');
    expect(pci.type).toBe('organization');
    expect(pci.name).toBe('Parchin Chemical Industries (PCI)');
    expect(pci.names.find((n) => n.full === 'صنایع شیمیایی پارچین')).toMatchObject({
      script: 'original',
      language: 'fa',
    });
    expect(pci.names.find((n) => n.full === 'Tionscail Ceimiceán Parchin')?.script).toBeUndefined();
    expect(pci.addresses[0]).toEqual({
      text: 'Pasdaran Square, 16765/358, Tehran, IRAN (ISLAMIC REPUBLIC OF)',
      city: 'Tehran',
      country: 'IR',
    });
    expect(pci.documents).toContainEqual({ type: 'Website', number: 'http://icig.ir/' });
    expect(pci.documents).toContainEqual({ type: 'Phone Number', number: '+98 21 35243153' });
    expect(pci.references).toEqual({ eu: 'EU.3953.70' });
    const trust = byId(jg, '330');
    expect(trust.name).toBe('Al Rashid Trust');
    expect(trust.names.find((n) => n.full.startsWith('Организация'))).toMatchObject({
      script: 'original',
      language: 'bg',
    });
    expect(byId(jg, '980').addresses[1]).toEqual({
      text: '9935 South 76th Avenue, Unit 1, Bridgeview, Illinois, 60455, UNITED STATES',
      city: 'Bridgeview, Illinois',
      country: 'US',
    });
  });

  it('references: unitedNationId joins UN records (6106)', () => {
    expect(byId(gs, '6106').references).toEqual({ eu: 'EU.3886.3', un: 'LYi.006' });
    expect(byId(gs, '6106').documents[0]).toMatchObject({
      number: 'FK117RK0',
      country: 'LY',
      note: 'issued 2018-11-25; valid to 2026-11-24',
    });
  });
});

describeShared('EU FSF XML 1.1: full-size reconstruction (scale)', () => {
  let parsed: ParsedSource;
  let xml: string;
  beforeAll(() => {
    const files = readShared('eu-fsf', [FILE]);
    xml = files.get(FILE) ?? '';
    parsed = parseSource('eu-fsf', files);
  });

  it('reads all 5,795 entities and their 29,581 nameAlias (80 exact repeats folded)', () => {
    expect(parsed.entities).toHaveLength(5795);
    expect(parsed.entities.filter((e) => e.type === 'person')).toHaveLength(4302);
    expect(parsed.entities.filter((e) => e.type === 'organization')).toHaveLength(1493);
    expect((xml.match(/<nameAlias /g) ?? []).length).toBe(29581);
    // The derivation repeated 80 wholeNames inside the same entity; a name is kept once.
    expect(parsed.entities.reduce((n, e) => n + e.names.length, 0)).toBe(29581 - 80);
    expect(parsed.entities.reduce((n, e) => n + e.birthDates.length, 0)).toBe(3436);
  });

  it('content that survived the reconstruction (13)', () => {
    const e = byId(parsed, '13');
    expect(e.names.map((n) => n.full)).toEqual(['Saddam Hussein Al-Tikriti', 'Abu Ali', 'Abou Ali']);
    expect(e.birthDates).toEqual([{ date: '1937-04-28' }]);
  });

  it('fails on a truncated file', () => {
    expect(() => parseEuXml(xml.slice(0, 1_000_000))).toThrow(/truncated/);
  });
});

describe('EU birthdate variants', () => {
  it.each([
    [{ '@calendarType': 'GREGORIAN', '@birthdate': '1937-04-28', '@year': '1937' }, { date: '1937-04-28' }],
    [{ '@calendarType': 'GREGORIAN', '@year': '1962' }, { date: '1962' }],
    [{ '@calendarType': 'GREGORIAN', '@year': '1962', '@monthOfYear': '5' }, { date: '1962-05' }],
    [
      { '@circa': 'true', '@calendarType': 'GREGORIAN', '@yearRangeFrom': '1953', '@yearRangeTo': '1958' },
      { from: '1953', to: '1958', circa: true },
    ],
    [
      {
        '@calendarType': 'ISLAMIC',
        '@birthdate': '1982-04-19',
        '@year': '1402',
        '@monthOfYear': '6',
        '@dayOfMonth': '24',
      },
      { date: '1982-04-19' },
    ],
  ])('%o', (node, expected) => {
    expect(euBirthDate(node)).toEqual(expected);
  });

  it('an ISLAMIC date without its Gregorian equivalent is dropped', () => {
    expect(euBirthDate({ '@calendarType': 'ISLAMIC', '@year': '1402' })).toBeUndefined();
  });

  it('a page that is not the EU export fails', () => {
    expect(() => parseEuXml('<?xml version="1.0"?><error><message>token expired</message></error>')).toThrow(
      /expected root element <export>/,
    );
  });
});
