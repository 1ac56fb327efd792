import { beforeAll, describe, expect, it } from 'vitest';
import type { Entity, ParsedSource } from '../../../src/sanctions/entity.ts';
import { parseCsv } from '../../../src/sanctions/sources/common/csv.ts';
import { parseSource } from '../../../src/sanctions/sources/index.ts';
import { describeShared, readShared } from '../../helpers/shared-data.ts';

const SDN_FILES = ['sdn.csv', 'alt.csv', 'add.csv', 'sdn_comments.csv'] as const;

function byId(parsed: ParsedSource, id: string): Entity {
  const e = parsed.entities.find((x) => x.sourceId === id);
  if (!e) throw new Error(`no entity ${id}`);
  return e;
}

describeShared('OFAC legacy CSV: consistent 2021 set (ofac-sdn-2021)', () => {
  let files: Map<string, string>;
  let parsed: ParsedSource;
  beforeAll(() => {
    files = readShared('ofac-sdn-2021', SDN_FILES);
    parsed = parseSource('ofac-sdn', files);
  });

  it('reads all 8,976 SDNs and finds no orphan rows', () => {
    expect(parsed.entities).toHaveLength(8976);
    expect(new Set(parsed.entities.map((e) => e.sourceId)).size).toBe(8976);
    expect(parsed.warnings).toEqual([]);
  });

  it('attaches every alt.csv name to its SDN', () => {
    const entities = new Map(parsed.entities.map((e) => [e.sourceId, e]));
    const alt = parseCsv(files.get('alt.csv') ?? '', { source: 't', file: 'alt.csv', columns: 5 });
    expect(alt).toHaveLength(11910);
    for (const row of alt) {
      const e = entities.get(row[0] ?? '');
      expect(e, `ent_num ${row[0]}`).toBeDefined();
      const name = (row[3] ?? '').replace(/\s+/g, ' ').trim(); // double spaces are collapsed
      expect(e?.names.some((n) => n.full === name)).toBe(true);
    }
  });

  it('types and primary names', () => {
    const counts = parsed.entities.reduce<Record<string, number>>((acc, e) => {
      acc[e.type] = (acc[e.type] ?? 0) + 1;
      return acc;
    }, {});
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(8976);
    for (const e of parsed.entities) {
      expect(e.names[0]?.kind).toBe('primary');
      expect(e.name).toBe(e.names[0]?.full);
      expect(e.names.filter((n) => n.kind === 'primary')).toHaveLength(1);
    }
  });
});

describeShared('OFAC legacy CSV: mixed-date snapshot (ofac-sdn)', () => {
  let parsed: ParsedSource;
  beforeAll(() => {
    parsed = parseSource('ofac-sdn', readShared('ofac-sdn', SDN_FILES));
  });

  it('keeps all 14,965 rows and counts the orphans of the newer side files instead of failing', () => {
    expect(parsed.entities).toHaveLength(14965);
    const w = parsed.warnings.join('\n');
    expect(w).toMatch(/alt\.csv: 1468 rows for 945 ent_nums absent from sdn\.csv/);
    expect(w).toMatch(/add\.csv: 2474 rows for 2111 ent_nums absent from sdn\.csv/);
    expect(w).toMatch(/sdn_comments\.csv: 2 rows for 2 ent_nums absent/);
    expect(w).toMatch(/87 ent_nums of sdn\.csv have no address row/);
  });

  it('a weak a.k.a. from Remarks and strong names from alt.csv (306 BANCO NACIONAL DE CUBA)', () => {
    const e = byId(parsed, '306');
    expect(e.type).toBe('organization');
    expect(e.names).toEqual([
      { full: 'BANCO NACIONAL DE CUBA', kind: 'primary', quality: 'strong' },
      { full: 'NATIONAL BANK OF CUBA', kind: 'alias', quality: 'strong' },
      { full: 'BNC', kind: 'alias', quality: 'weak' },
    ]);
    expect(e.programs).toEqual(['CUBA']);
    expect(e.addresses.map((a) => a.country)).toEqual(['CH', 'ES', 'JP', 'PA']);
    expect(e.addresses[0]).toEqual({
      text: 'Zweierstrasse 35, Zurich CH-8022, Switzerland',
      city: 'Zurich CH-8022',
      country: 'CH',
    });
  });

  it('a vessel (4243 EBANO): IMO from Remarks, CSV vessel columns, f.k.a.s', () => {
    const e = byId(parsed, '4243');
    expect(e.type).toBe('vessel');
    expect(e.vessel).toEqual({
      imo: '7406784',
      flag: 'PA',
      type: 'General Cargo',
      tonnage: '2595',
      grossRegisteredTonnage: '1865',
    });
    expect(e.documents).toContainEqual({ type: 'IMO', number: '7406784' });
    expect(e.names.filter((n) => n.quality === 'weak').map((n) => n.full)).toEqual(['ANA I', 'SAND SWAN']);
  });

  it('an individual (22790 MADURO MOROS): "LAST, First" split, DOB, POB, citizenship, cedula, programs', () => {
    const e = byId(parsed, '22790');
    expect(e.type).toBe('person');
    expect(e.names[0]).toEqual({
      full: 'MADURO MOROS, Nicolas',
      kind: 'primary',
      quality: 'strong',
      first: 'Nicolas',
      last: 'MADURO MOROS',
    });
    expect(e.birthDates).toEqual([{ date: '1962-11-23' }]);
    expect(e.birthPlaces).toEqual(['Caracas, Venezuela']);
    expect(e.nationalities).toEqual(['VE']);
    expect(e.gender).toBe('male');
    expect(e.documents).toContainEqual({ type: 'Cedula No.', number: '5892464', country: 'VE' });
    expect(e.programs).toEqual(['VENEZUELA', 'IRAN-CON-ARMS-EO']);
  });

  it('passport with issue/expiry, national id and weak "LAST, First" a.k.a. (28006 ORTEGA MURILLO)', () => {
    const e = byId(parsed, '28006');
    expect(e.documents).toContainEqual({
      type: 'Passport',
      number: 'A00000204',
      country: 'NI',
      note: 'issued 06 Aug 2012 expires 06 Aug 2022',
    });
    expect(e.documents).toContainEqual({ type: 'National ID No.', number: '0010912680053D', country: 'NI' });
    expect(e.names).toContainEqual({ full: 'ORTEGA, Payo', kind: 'alias', quality: 'weak' });
  });

  it('digital currency addresses, including one split across sdn.csv and sdn_comments.csv (29703)', () => {
    const e = byId(parsed, '29703');
    const wallets = e.digitalCurrencyAddresses;
    expect(wallets.filter((w) => w.currency === 'XBT')).toHaveLength(12);
    expect(wallets).toContainEqual({ currency: 'XBT', address: '1Fz29BQp82pE3vXXcsZoMNQ3KSHfMzfMe3' });
    // sdn.csv stops at "...; Digital Currency Addres", the comments file continues "s - ETH 0x...".
    expect(wallets).toContainEqual({ currency: 'ETH', address: '0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c' });
    expect(wallets.map((w) => w.currency)).toEqual(expect.arrayContaining(['LTC', 'ZEC', 'BSV']));
    expect(e.documents).toContainEqual({ type: 'Passport', number: '4005504207', country: 'RU' });
    expect(e.birthDates).toEqual([{ date: '1985-03-03' }]);
  });

  it('keeps the space at the 1000-character cut: "...Address - XBT " + "194xmr..." (39593)', () => {
    expect(byId(parsed, '39593').digitalCurrencyAddresses).toContainEqual({
      currency: 'XBT',
      address: '194xmrZA53UBsZau2PnJLdmVVW9m5feeS',
    });
    expect(byId(parsed, '39593').digitalCurrencyAddresses).toHaveLength(40);
  });

  it('reads every currency OFAC uses', () => {
    const currencies = new Set(parsed.entities.flatMap((e) => e.digitalCurrencyAddresses.map((w) => w.currency)));
    for (const c of [
      'XBT',
      'ETH',
      'USDT',
      'LTC',
      'BCH',
      'TRX',
      'XMR',
      'ZEC',
      'DASH',
      'BSV',
      'XVG',
      'BTG',
      'ETC',
      'USDC',
      'ARB',
      'BSC',
    ]) {
      expect(currencies, c).toContain(c);
    }
    const garantex = byId(parsed, '36025');
    expect(garantex.digitalCurrencyAddresses).toEqual([
      { currency: 'XBT', address: '3Lpoy53K625zVeE47ZasiG5jGkAxJ27kh1' },
      { currency: 'ETH', address: '0x7FF9cFad3877F21d41Da833E2F775dB0569eE3D9' },
      { currency: 'USDT', address: '3E6ZCKRrsdPc35chA9Eftp1h3DLW18NFNV' },
    ]);
  });

  it('does not glue a stale continuation onto a remark that is not cut off (34682)', () => {
    const e = byId(parsed, '34682');
    expect(e.remarks).toMatch(/Registration Number 1027700067328 \(Russia\)\.$/);
    expect(parsed.warnings.join('\n')).toMatch(/1 continuations for remarks that are not cut off ignored/);
  });

  it('an aircraft (15431 EP-GOM)', () => {
    const e = byId(parsed, '15431');
    expect(e.type).toBe('aircraft');
    expect(e.documents).toContainEqual({ type: "Aircraft Manufacturer's Serial Number (MSN)", number: '1023409321' });
  });

  it('resolves nationalities to ISO codes', () => {
    const nats = parsed.entities.flatMap((e) => e.nationalities);
    expect(nats.length).toBeGreaterThan(5000);
    expect(nats.filter((n) => !/^[A-Z]{2}$/.test(n)).length).toBeLessThanOrEqual(5);
  });
});

describeShared('OFAC legacy CSV: consolidated (ofac-cons)', () => {
  it('reads 442 records with strong/weak names and ids', () => {
    const parsed = parseSource(
      'ofac-cons',
      readShared('ofac-cons', ['cons_prim.csv', 'cons_alt.csv', 'cons_add.csv', 'cons_comments.csv']),
    );
    expect(parsed.entities).toHaveLength(442);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.entities.every((e) => e.source === 'ofac-cons')).toBe(true);
    const haniya = byId(parsed, '9639');
    expect(haniya.names[0]).toMatchObject({
      full: 'HANIYA, Ismail Abdul Salah',
      first: 'Ismail Abdul Salah',
      last: 'HANIYA',
    });
    expect(haniya.birthDates).toEqual([{ date: '1962' }]);
    expect(haniya.birthPlaces).toEqual(['Shati']);
  });
});

describe('OFAC legacy CSV failure modes', () => {
  const good = new Map([
    ['sdn.csv', '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a'],
    ['alt.csv', '36,12,"aka","AERO-CARIBBEAN",-0- \r\n99,13,"aka","ORPHAN",-0- \r\n'],
    ['add.csv', '36,25,-0- ,"Havana","Cuba",-0- \r\n'],
    ['sdn_comments.csv', ''],
  ]);

  it('parses a minimal set, counting orphans', () => {
    const parsed = parseSource('ofac-sdn', good);
    expect(parsed.entities).toHaveLength(1);
    expect(parsed.entities[0]?.names.map((n) => n.full)).toEqual(['AEROCARIBBEAN AIRLINES', 'AERO-CARIBBEAN']);
    expect(parsed.entities[0]?.addresses).toEqual([{ text: 'Havana, Cuba', city: 'Havana', country: 'CU' }]);
    expect(parsed.warnings.join('\n')).toMatch(/alt\.csv: 1 rows for 1 ent_nums absent/);
  });

  it('an HTML error page instead of sdn.csv fails the source', () => {
    const files = new Map(good).set(
      'sdn.csv',
      '<!DOCTYPE html><html><head><title>503</title></head><body>Service Unavailable</body></html>',
    );
    expect(() => parseSource('ofac-sdn', files)).toThrow(/sdn\.csv.*HTML/);
  });

  it('a truncated sdn.csv fails the source', () => {
    const files = new Map(good).set(
      'sdn.csv',
      '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 10 Dec',
    );
    expect(() => parseSource('ofac-sdn', files)).toThrow(/unterminated/);
  });

  it('an empty sdn.csv fails the source (an empty comments file is legitimate)', () => {
    expect(() => parseSource('ofac-sdn', new Map(good).set('sdn.csv', ''))).toThrow(/sdn\.csv.*empty/);
    expect(() => parseSource('ofac-sdn', new Map(good).set('alt.csv', '\x1a'))).toThrow(/alt\.csv.*empty/);
  });

  it('a file of another layout fails the source', () => {
    const files = new Map(good).set(
      'alt.csv',
      'ent_num,alt_num,alt_type,alt_name,alt_remarks\r\n36,12,"aka","X",-0- \r\n',
    );
    expect(() => parseSource('ofac-sdn', files)).toThrow(/ent_num "ent_num" is not a number/);
  });
});
