/**
 * Every counterparty-side name is screened: all Travel Rule persons, every name identifier (LEGL, ALIA,
 * BIRT, MAID, MISC, local and phonetic names, legal persons' trading names); a bound that is exceeded is
 * a reason, never a silent skip; disguised names (bidi overrides, tag and invisible characters) are a
 * reason of their own; real-world names with diacritics make a complete IVMS101 payload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import {
  codes,
  completeTravelRule,
  NOW,
  screenOk,
  testClock,
  verifiedCustomer,
  type Json,
} from '../helpers/transactions.ts';

const clock = testClock(NOW);
/** OFAC SDN 22790, in the bundled sample. */
const SANCTIONED = { primaryIdentifier: 'MADURO MOROS', secondaryIdentifier: 'Nicolas' };

const natural = (ids: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  naturalPerson: { name: { nameIdentifier: ids, ...extra } },
});
const legl = (primaryIdentifier: string, secondaryIdentifier?: string) => ({
  primaryIdentifier,
  ...(secondaryIdentifier ? { secondaryIdentifier } : {}),
  naturalPersonNameIdentifierType: 'LEGL',
});

/** A complete payload whose beneficiary side (screened on an outbound transfer) is `persons`. */
function withBeneficiaries(persons: unknown[]): Record<string, unknown> {
  const tr = completeTravelRule() as Record<string, Record<string, unknown>>;
  tr.beneficiary = { beneficiaryPerson: persons, accountNumber: ['0x52908400098527886E0F7030069857D2E4169EE7'] };
  return tr;
}

const DECOYS = ['Barnes', 'Meier', 'Dubois', 'Rossi', 'Novak', 'Silva', 'Jensen', 'Kowalski', 'Petrov', 'Larsen'];

describe('Travel Rule names: every person and every name identifier is screened', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({}, { clock: clock.clock });
    await verifiedCustomer(rt, 'nm-1');
  });
  afterAll(() => rt.dispose());

  const send = (travelRule: Record<string, unknown>, over: Record<string, unknown> = {}) =>
    screenOk(rt, { userId: 'nm-1', amount: '2000', travelRule, ...over });
  const nameHits = (r: Json) =>
    (r.sanctions.hits as { kind: string; field: string }[]).filter((h) => h.kind === 'name');

  it('eight decoy persons followed by a sanctioned one: the ninth is screened', async () => {
    const persons = [
      ...DECOYS.slice(0, 8).map((n) => natural([legl(n, 'Robert')])),
      natural([legl(SANCTIONED.primaryIdentifier, SANCTIONED.secondaryIdentifier)]),
    ];
    const r = await send(withBeneficiaries(persons));
    expect(codes(r)).toContain('sanctions.counterparty_name');
    expect(r.decision).not.toBe('approve');
    expect(nameHits(r).map((h) => h.field)).toContain('travelRule.beneficiary.beneficiaryPerson[8]');
  });

  it('a sanctioned person given as ALIA beside a LEGL decoy', async () => {
    const person = natural([legl('Barnes', 'Robert'), { ...SANCTIONED, naturalPersonNameIdentifierType: 'ALIA' }]);
    const r = await send(withBeneficiaries([person]));
    expect(codes(r)).toContain('sanctions.counterparty_name');
    expect(r.decision).not.toBe('approve');
  });

  for (const type of ['BIRT', 'MAID', 'MISC'] as const) {
    it(`a sanctioned ${type} name beside a LEGL decoy`, async () => {
      const person = natural([legl('Barnes', 'Robert'), { ...SANCTIONED, naturalPersonNameIdentifierType: type }]);
      const r = await send(withBeneficiaries([person]));
      expect(codes(r)).toContain('sanctions.counterparty_name');
    });
  }

  it('a sanctioned local or phonetic name beside a LEGL decoy', async () => {
    for (const key of ['localNameIdentifier', 'phoneticNameIdentifier']) {
      const person = natural([legl('Barnes', 'Robert')], { [key]: [{ ...SANCTIONED, nameIdentifierType: 'LEGL' }] });
      const r = await send(withBeneficiaries([person]));
      expect(codes(r), key).toContain('sanctions.counterparty_name');
    }
  });

  it('a legal person: a sanctioned trading name beside a LEGL decoy', async () => {
    const person = {
      legalPerson: {
        name: {
          nameIdentifier: [
            { legalPersonName: 'Acme Trading Ltd', legalPersonNameIdentifierType: 'LEGL' },
            { legalPersonName: 'Banco Nacional de Cuba', legalPersonNameIdentifierType: 'TRAD' },
          ],
        },
      },
    };
    const r = await send(withBeneficiaries([person]));
    expect(codes(r)).toContain('sanctions.counterparty_name');
    expect(r.decision).toBe('block');
  });

  it('the originator side is screened on an inbound transfer', async () => {
    const tr = completeTravelRule() as Record<string, Record<string, unknown>>;
    const decoys = DECOYS.slice(0, 8).map((n) => ({
      naturalPerson: {
        name: { nameIdentifier: [legl(n, 'Alice')] },
        customerIdentification: '1002390',
      },
    }));
    tr.originator = {
      originatorPerson: [
        ...decoys,
        {
          naturalPerson: {
            name: {
              nameIdentifier: [legl('Smith', 'Alice'), { ...SANCTIONED, naturalPersonNameIdentifierType: 'ALIA' }],
            },
            customerIdentification: '1',
          },
        },
      ],
      accountNumber: ['1'],
    };
    const r = await send(tr, { direction: 'inbound' });
    expect(codes(r)).toContain('sanctions.counterparty_name');
  });
});

describe('travel_rule.too_many_names with a small bound', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ TRANSACTIONS_MAX_SCREENED_NAMES: '5' }, { clock: clock.clock });
    await verifiedCustomer(rt, 'nm-2');
  });
  afterAll(() => rt.dispose());

  it('reviews a transfer with more distinct counterparty names than the bound', async () => {
    const persons = DECOYS.slice(0, 6).map((n) => natural([legl(n, 'Robert')]));
    const r = await screenOk(rt, { userId: 'nm-2', amount: '2000', travelRule: withBeneficiaries(persons) });
    expect(codes(r)).toContain('travel_rule.too_many_names');
    expect(r.decision).toBe('review');
    const reason = r.reasons.find((x: { code: string }) => x.code === 'travel_rule.too_many_names');
    expect(reason.details).toMatchObject({ names: 6, screened: 5, limit: 5 });
  });

  it('the same name repeated counts once', async () => {
    const persons = DECOYS.slice(0, 4).map(() => natural([legl('Barnes', 'Robert')]));
    const r = await screenOk(rt, { userId: 'nm-2', amount: '2000', travelRule: withBeneficiaries(persons) });
    expect(codes(r)).not.toContain('travel_rule.too_many_names');
    expect(r.decision).toBe('approve');
  });
});

describe('input.obfuscated_name', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({}, { clock: clock.clock });
    await verifiedCustomer(rt, 'ob-1');
  });
  afterAll(() => rt.dispose());

  const disguises: [string, string][] = [
    ['a right-to-left override around the name', '\u202eErika Mustermann\u202c'],
    ['a tag character inside a word', 'Erika Muster\u{e0041}mann'],
    ['a zero-width space inside a word', 'Erika Muster\u200bmann'],
    ['a word joiner', 'Erika\u2060 Mustermann'],
  ];

  for (const [what, name] of disguises) {
    it(`the counterparty name with ${what} goes to review`, async () => {
      const r = await screenOk(rt, {
        userId: 'ob-1',
        amount: '50',
        counterparty: { name, walletAddress: '0x52908400098527886e0f7030069857d2e4169ee7' },
      });
      expect(codes(r)).toContain('input.obfuscated_name');
      expect(r.decision).toBe('review');
      const reason = r.reasons.find((x: { code: string }) => x.code === 'input.obfuscated_name');
      expect(reason.details.fields[0].field).toBe('counterparty.name');
      expect(JSON.stringify(reason)).not.toContain('Mustermann');
    });
  }

  it('a Travel Rule person name with a bidi override goes to review', async () => {
    const person = natural([legl('\u202eBarnes\u202c', 'Robert')]);
    const r = await screenOk(rt, { userId: 'ob-1', amount: '2000', travelRule: withBeneficiaries([person]) });
    expect(codes(r)).toContain('input.obfuscated_name');
    expect(r.decision).toBe('review');
  });

  it('plain Persian ZWNJ, a soft hyphen and diacritics are not a disguise', async () => {
    for (const name of [
      '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u0631\u0636\u0627\u06cc\u06cc',
      'Müller-Lüden\u00adscheid',
      'Nguyễn Thị Minh Khai',
    ]) {
      const r = await screenOk(rt, {
        userId: 'ob-1',
        amount: '50',
        counterparty: { name, walletAddress: '0x52908400098527886e0f7030069857d2e4169ee7' },
      });
      expect(codes(r), name).not.toContain('input.obfuscated_name');
    }
  });
});

describe('input.obfuscated_name weight is configurable', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ RISK_WEIGHTS: 'input.obfuscated_name:0.2' }, { clock: clock.clock });
    await verifiedCustomer(rt, 'ob-2');
  });
  afterAll(() => rt.dispose());

  it('a lower weight keeps the reason but not the review', async () => {
    const r = await screenOk(rt, {
      userId: 'ob-2',
      amount: '50',
      counterparty: { name: 'Erika\u200bMustermann', walletAddress: '0x52908400098527886e0f7030069857d2e4169ee7' },
    });
    expect(codes(r)).toContain('input.obfuscated_name');
    expect(r.decision).toBe('approve');
  });
});

describe('IVMS101 text in any script: real names and places make a complete payload', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({}, { clock: clock.clock });
  });
  afterAll(() => rt.dispose());

  const people: [string, string, string, string, string][] = [
    ['Müller', 'Jürgen', 'Bahnhofstraße', 'Zürich', 'CH'],
    ['Gonçalves', 'João', 'Avenida Paulista', 'São Paulo', 'BR'],
    ['Araújo', 'Lúcia', 'Eixo Monumental', 'Brasília', 'BR'],
    ['Çağlar', 'Şükrü', 'İstiklal Caddesi', 'İstanbul', 'TR'],
    ['Öztürk', 'Gülşen', 'Atatürk Bulvarı', 'Ankara', 'TR'],
    ['Nguyễn', 'Thị Minh Khai', 'Đường Lê Lợi', 'Hồ Chí Minh City', 'VN'],
    ['Dvořák', 'Antonín', 'Náměstí Míru', 'Praha', 'CZ'],
    ['Ó Súilleabháin', 'Seán', 'Sráid Uí Chonaill', 'Baile Átha Cliath', 'IE'],
    ['Łukasiewicz', 'Zoë', 'Świętokrzyska', 'Łódź', 'PL'],
  ];

  people.forEach(([family, given, street, town, country], n) => {
    it(`${given} ${family}, ${town}`, async () => {
      // One customer each, so the daily velocity rules stay quiet.
      await verifiedCustomer(rt, `u8-${n}`);
      const tr = completeTravelRule() as Record<string, Record<string, unknown>>;
      tr.originator = {
        originatorPerson: [
          {
            naturalPerson: {
              name: { nameIdentifier: [legl(family, given)] },
              geographicAddress: [
                { addressType: 'HOME', streetName: street, buildingNumber: '12', townName: town, country },
              ],
              dateAndPlaceOfBirth: { dateOfBirth: '1980-04-02', placeOfBirth: town },
            },
          },
        ],
        accountNumber: ['10023909'],
      };
      tr.beneficiary = {
        beneficiaryPerson: [natural([legl(family, given)])],
        accountNumber: ['0x52908400098527886E0F7030069857D2E4169EE7'],
      };
      const r = await screenOk(rt, { userId: `u8-${n}`, amount: '1500', travelRule: tr });
      expect(r.travelRule).toMatchObject({ required: true, status: 'complete', missing: [], invalid: [] });
      expect(r.decision).toBe('approve');
    });
  });
});
