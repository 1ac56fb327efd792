import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity, ParsedSource } from '../../../src/sanctions/entity.ts';
import { parseOfacXml } from '../../../src/sanctions/sources/ofac-xml.ts';
import { parseSource } from '../../../src/sanctions/sources/index.ts';
import { describeShared, readShared } from '../../helpers/shared-data.ts';

function byId(parsed: ParsedSource, id: string): Entity {
  const e = parsed.entities.find((x) => x.sourceId === id);
  if (!e) throw new Error(`no entity ${id}`);
  return e;
}

describeShared('OFAC sdnList XML: CONSOLIDATED.xml (ofac-cons)', () => {
  let parsed: ParsedSource;
  beforeAll(() => {
    parsed = parseSource('ofac-cons', readShared('ofac-cons', ['CONSOLIDATED.xml']));
  });

  it('reads the 442 records and the publish date', () => {
    expect(parsed.entities).toHaveLength(442);
    expect(parsed.publishedAt).toBe('2026-01-08');
    expect(parsed.warnings).toEqual([]);
    expect(parsed.entities.filter((e) => e.type === 'person')).toHaveLength(79);
  });

  it('keeps OFAC name shape "LAST, First" and the strong/weak category of each a.k.a.', () => {
    const e = byId(parsed, '9639');
    expect(e.names[0]).toEqual({
      full: 'HANIYA, Ismail Abdul Salah',
      kind: 'primary',
      quality: 'strong',
      first: 'Ismail Abdul Salah',
      last: 'HANIYA',
    });
    expect(e.names.map((n) => n.full)).toEqual(['HANIYA, Ismail Abdul Salah', 'HANIYA, Ismail', 'HANIYYA, Ismaeel']);
    expect(e.birthDates).toEqual([{ date: '1962' }]);
    expect(e.birthPlaces).toEqual(['Shati']);
    expect(e.programs).toEqual(['NS-PLC']);
    const weak = parsed.entities.flatMap((x) => x.names.filter((n) => n.quality === 'weak'));
    expect(weak).toHaveLength(72);
  });

  it('idList: identifiers become documents, statements do not; country inside idNumber is split off', () => {
    const e = byId(parsed, '32091');
    expect(e.documents).toContainEqual({ type: 'ISIN', number: 'XS1233275194' });
    expect(e.documents.some((d) => d.type === 'Issuer Name')).toBe(false);
    const novatek = byId(parsed, '17064');
    expect(novatek.documents).toContainEqual({ type: 'Government Gazette Number', number: '33556474', country: 'RU' });
  });

  it('agrees with the consolidated legacy CSVs on ids, names and DOBs', () => {
    const csv = parseSource(
      'ofac-cons',
      readShared('ofac-cons', ['cons_prim.csv', 'cons_alt.csv', 'cons_add.csv', 'cons_comments.csv']),
    );
    const csvById = new Map(csv.entities.map((e) => [e.sourceId, e]));
    expect([...csvById.keys()].sort()).toEqual(parsed.entities.map((e) => e.sourceId).sort());
    let differing = 0;
    for (const e of parsed.entities) {
      const c = csvById.get(e.sourceId);
      expect(c?.birthDates).toEqual(e.birthDates);
      // The legacy CSV turns double quotes into single ones; that is the only difference.
      const key = (x: Entity) =>
        x.names
          .map((n) => `${n.full.replace(/"/g, "'")}/${n.quality}`)
          .sort()
          .join('|');
      if (c && key(c) !== key(e)) differing++;
    }
    expect(differing).toBeLessThanOrEqual(1);
  });
});

describe('OFAC sdnList XML: SDN.XML shapes (vessel, wallets, nationality)', () => {
  // Shaped like the official SDN.XML (same schema as CONSOLIDATED.xml); ids of one real vessel and
  // one real wallet holder, trimmed.
  const xml = `<?xml version="1.0" standalone="yes"?>
<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation>
    <Publish_Date>12/31/2025</Publish_Date>
    <Record_Count>3</Record_Count>
  </publshInformation>
  <sdnEntry>
    <uid>4243</uid>
    <lastName>EBANO</lastName>
    <sdnType>Vessel</sdnType>
    <programList><program>CUBA</program></programList>
    <idList>
      <id><uid>1</uid><idType>Vessel Registration Identification</idType><idNumber>IMO 7406784</idNumber></id>
    </idList>
    <akaList>
      <aka><uid>2</uid><type>f.k.a.</type><category>weak</category><lastName>ANA I</lastName></aka>
    </akaList>
    <vesselInfo>
      <vesselType>General Cargo</vesselType>
      <vesselFlag>Panama</vesselFlag>
      <tonnage>2595</tonnage>
      <grossRegisteredTonnage>1865</grossRegisteredTonnage>
    </vesselInfo>
  </sdnEntry>
  <sdnEntry>
    <uid>29703</uid>
    <firstName>Anton Nikolaeyvich</firstName>
    <lastName>ANDREYEV</lastName>
    <sdnType>Individual</sdnType>
    <programList><program>CYBER2</program><program>ELECTION-EO13848</program></programList>
    <idList>
      <id><uid>3</uid><idType>Digital Currency Address - XBT</idType><idNumber>1Fz29BQp82pE3vXXcsZoMNQ3KSHfMzfMe3</idNumber></id>
      <id><uid>4</uid><idType>Digital Currency Address - ETH</idType><idNumber>0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c</idNumber></id>
      <id><uid>5</uid><idType>Passport</idType><idNumber>4005504207</idNumber><idCountry>Russia</idCountry><issueDate>01 Jan 2015</issueDate></id>
      <id><uid>6</uid><idType>Gender</idType><idNumber>Male</idNumber></id>
      <id><uid>7</uid><idType>Secondary sanctions risk:</idType><idNumber>Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201</idNumber></id>
    </idList>
    <nationalityList><nationality><uid>8</uid><country>Russia</country><mainEntry>true</mainEntry></nationality></nationalityList>
    <citizenshipList><citizenship><uid>9</uid><country>Russia</country><mainEntry>true</mainEntry></citizenship></citizenshipList>
    <dateOfBirthList><dateOfBirthItem><uid>10</uid><dateOfBirth>03 Mar 1985</dateOfBirth><mainEntry>true</mainEntry></dateOfBirthItem></dateOfBirthList>
    <placeOfBirthList><placeOfBirthItem><uid>11</uid><placeOfBirth>Saint Petersburg, Russia</placeOfBirth><mainEntry>true</mainEntry></placeOfBirthItem></placeOfBirthList>
    <addressList><address><uid>12</uid><city>Saint Petersburg</city><country>Russia</country></address></addressList>
  </sdnEntry>
  <sdnEntry>
    <uid>15431</uid>
    <lastName>EP-GOM</lastName>
    <sdnType>Aircraft</sdnType>
    <programList><program>SDGT</program></programList>
  </sdnEntry>
</sdnList>
`;

  it('maps vesselInfo, wallets, gender, nationality/citizenship, DOB and the publish date', () => {
    const parsed = parseSource('ofac-sdn', new Map([['SDN.XML', xml]]));
    expect(parsed.publishedAt).toBe('2025-12-31');
    expect(parsed.warnings).toEqual([]);
    const vessel = byId(parsed, '4243');
    expect(vessel.type).toBe('vessel');
    expect(vessel.vessel).toEqual({
      imo: '7406784',
      type: 'General Cargo',
      flag: 'PA',
      tonnage: '2595',
      grossRegisteredTonnage: '1865',
    });
    expect(vessel.names[1]).toEqual({ full: 'ANA I', kind: 'alias', quality: 'weak' });
    const person = byId(parsed, '29703');
    expect(person.type).toBe('person');
    expect(person.name).toBe('ANDREYEV, Anton Nikolaeyvich');
    expect(person.digitalCurrencyAddresses).toEqual([
      { currency: 'XBT', address: '1Fz29BQp82pE3vXXcsZoMNQ3KSHfMzfMe3' },
      { currency: 'ETH', address: '0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c' },
    ]);
    expect(person.documents).toEqual([
      { type: 'Passport', number: '4005504207', country: 'RU', note: 'issued 01 Jan 2015' },
    ]);
    expect(person.gender).toBe('male');
    expect(person.nationalities).toEqual(['RU']);
    expect(person.birthDates).toEqual([{ date: '1985-03-03' }]);
    expect(person.birthPlaces).toEqual(['Saint Petersburg, Russia']);
    expect(person.programs).toEqual(['CYBER2', 'ELECTION-EO13848']);
    expect(byId(parsed, '15431').type).toBe('aircraft');
  });

  it('notes a Record_Count that does not match', () => {
    const parsed = parseOfacXml('ofac-sdn', xml.replace('<Record_Count>3<', '<Record_Count>4<'), 'SDN.XML');
    expect(parsed.warnings.join()).toMatch(/Record_Count says 4 but 3/);
  });

  it('fails on a truncated file, an HTML page, an empty list', () => {
    expect(() => parseOfacXml('ofac-sdn', xml.slice(0, xml.length / 2), 'SDN.XML')).toThrow(/truncated/);
    expect(() => parseOfacXml('ofac-sdn', '<html><body>Too many requests</body></html>', 'SDN.XML')).toThrow(
      /HTML error page/,
    );
    expect(() => parseOfacXml('ofac-sdn', '<sdnList><publshInformation/></sdnList>', 'SDN.XML')).toThrow(
      /no <sdnEntry>/,
    );
  });
});
