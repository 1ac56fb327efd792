import { describe, expect, it } from 'vitest';
import { TravelRulePayloadShape, validateIvms101 } from '../../../src/travel-rule/ivms101.ts';
import { isValidLei } from '../../../src/travel-rule/lei.ts';
import { alice, bob, completePayload, VALID_LEI } from './fixtures.ts';

const TODAY = '2026-03-02';
const issues = (payload: unknown) => validateIvms101(payload, TODAY);
const missing = (payload: unknown) =>
  issues(payload)
    .filter((i) => i.kind === 'missing')
    .map((i) => i.path);
const invalid = (payload: unknown) =>
  issues(payload)
    .filter((i) => i.kind === 'invalid')
    .map((i) => `${i.constraint ?? '-'} ${i.path}`);

describe('IVMS101.2023 schema and constraints', () => {
  it('accepts the standard’s business example', () => {
    expect(issues(completePayload())).toEqual([]);
  });

  it('lists the missing entities of an empty payload', () => {
    expect(missing({})).toEqual(['originator', 'beneficiary']);
  });

  it('lists every missing field at once, nested paths with indices', () => {
    const p = completePayload();
    p.beneficiary = {
      beneficiaryPerson: [{ naturalPerson: { name: { nameIdentifier: [{ secondaryIdentifier: 'Robert' }] } } }],
    };
    expect(missing(p)).toEqual([
      'beneficiary.beneficiaryPerson[0].naturalPerson.name.nameIdentifier[0].primaryIdentifier',
      'beneficiary.beneficiaryPerson[0].naturalPerson.name.nameIdentifier[0].naturalPersonNameIdentifierType',
      // C6 also fails: no LEGL name among the identifiers.
      'beneficiary.beneficiaryPerson[0].naturalPerson.name.nameIdentifier',
    ]);
  });

  it('C1: an originator natural person needs an address, customer id, national id, or date and place of birth', () => {
    const p = completePayload();
    const person = (p.originator as { originatorPerson: { naturalPerson: Record<string, unknown> }[] })
      .originatorPerson[0]!.naturalPerson;
    delete person.geographicAddress;
    delete person.customerIdentification;
    expect(issues(p)).toEqual([
      expect.objectContaining({
        kind: 'missing',
        constraint: 'C1',
        path: 'originator.originatorPerson[0].naturalPerson.geographicAddress|customerIdentification|nationalIdentification|dateAndPlaceOfBirth',
      }),
    ]);
    person.dateAndPlaceOfBirth = { dateOfBirth: '1990-02-25', placeOfBirth: 'Walnut' };
    expect(issues(p)).toEqual([]);
  });

  it('C1/C4 apply to the originator only (not to the beneficiary)', () => {
    const p = completePayload();
    // Bob has a name and nothing else: fine as beneficiary.
    expect(issues(p)).toEqual([]);
    p.originator = {
      originatorPerson: [
        {
          legalPerson: {
            name: { nameIdentifier: [{ legalPersonName: 'ACME LTD', legalPersonNameIdentifierType: 'LEGL' }] },
          },
        },
      ],
      accountNumber: ['x1'],
    };
    expect(issues(p).map((i) => i.constraint)).toEqual(['C4']);
  });

  it('C2: a date of birth in the future (relative to the transaction date) is invalid', () => {
    const p = completePayload();
    (p.beneficiary as { beneficiaryPerson: { naturalPerson: Record<string, unknown> }[] })
      .beneficiaryPerson[0]!.naturalPerson.dateAndPlaceOfBirth = { dateOfBirth: '2026-03-02', placeOfBirth: 'London' };
    expect(invalid(p)).toEqual(['C2 beneficiary.beneficiaryPerson[0].naturalPerson.dateAndPlaceOfBirth.dateOfBirth']);
  });

  it('C3: country codes must be ISO 3166-1 alpha-2 or XX', () => {
    const p = completePayload();
    const person = (p.originator as { originatorPerson: { naturalPerson: Record<string, unknown> }[] })
      .originatorPerson[0]!.naturalPerson;
    person.countryOfResidence = 'ZZ';
    expect(invalid(p)).toEqual(['C3 originator.originatorPerson[0].naturalPerson.countryOfResidence']);
    person.countryOfResidence = 'XX';
    expect(invalid(p)).toEqual([]);
  });

  it('C5/C6: at least one LEGL name', () => {
    const p = completePayload();
    (p.originatingVasp as { legalPerson: { name: { nameIdentifier: unknown[] } } }).legalPerson.name.nameIdentifier = [
      { legalPersonName: 'VASP A', legalPersonNameIdentifierType: 'TRAD' },
    ];
    expect(issues(p)).toEqual([
      expect.objectContaining({
        kind: 'missing',
        constraint: 'C5',
        path: 'originatingVasp.legalPerson.name.nameIdentifier',
      }),
    ]);
  });

  it('C7, C9, C10: legal-person national identifiers', () => {
    const p = completePayload();
    const lp = (p.originatingVasp as { legalPerson: Record<string, unknown> }).legalPerson;
    lp.nationalIdentification = {
      nationalIdentifier: 'P1234567',
      nationalIdentifierType: 'CCPT',
      countryOfIssue: 'DE',
    };
    expect(invalid(p)).toEqual([
      'C7 originatingVasp.legalPerson.nationalIdentification.nationalIdentifierType',
      'C9 originatingVasp.legalPerson.nationalIdentification.countryOfIssue',
    ]);
    expect(missing(p)).toEqual(['originatingVasp.legalPerson.nationalIdentification.registrationAuthority']);
    lp.nationalIdentification = {
      nationalIdentifier: 'HRB 12345',
      nationalIdentifierType: 'RAID',
      registrationAuthority: 'Handelsregister',
    };
    expect(invalid(p)).toEqual(['C10 originatingVasp.legalPerson.nationalIdentification.registrationAuthority']);
    lp.nationalIdentification = {
      nationalIdentifier: 'HRB 12345',
      nationalIdentifierType: 'RAID',
      registrationAuthority: 'RA000242',
    };
    expect(issues(p)).toEqual([]);
    lp.nationalIdentification = {
      nationalIdentifier: VALID_LEI,
      nationalIdentifierType: 'LEIX',
      registrationAuthority: 'RA000242',
    };
    expect(invalid(p)).toEqual(['C9 originatingVasp.legalPerson.nationalIdentification.registrationAuthority']);
  });

  it('C8: an address needs addressLine or street with building', () => {
    const p = completePayload();
    const person = (
      p.originator as { originatorPerson: { naturalPerson: { geographicAddress: Record<string, unknown>[] } }[] }
    ).originatorPerson[0]!.naturalPerson;
    person.geographicAddress = [
      { addressType: 'HOME', streetName: 'Potential Street', townName: 'Walnut', country: 'US' },
    ];
    expect(issues(p)).toEqual([
      expect.objectContaining({
        kind: 'missing',
        constraint: 'C8',
        path: 'originator.originatorPerson[0].naturalPerson.geographicAddress[0].addressLine|streetName+buildingNumber|streetName+buildingName',
      }),
    ]);
    person.geographicAddress = [
      { addressType: 'HOME', addressLine: ['24 Potential Street, Walnut CA 91765'], townName: 'Walnut', country: 'US' },
    ];
    expect(issues(p)).toEqual([]);
  });

  it('C11: LEI format and ISO 17442 check digits', () => {
    expect(isValidLei(VALID_LEI)).toBe(true);
    expect(isValidLei('5493001KJTIIGC8Y1R13')).toBe(false);
    const p = completePayload();
    const nid = (p.originatingVasp as { legalPerson: { nationalIdentification: Record<string, unknown> } }).legalPerson
      .nationalIdentification;
    nid.nationalIdentifier = '5493001KJTIIGC8Y1R13';
    expect(invalid(p)).toEqual(['C11 originatingVasp.legalPerson.nationalIdentification.nationalIdentifier']);
    nid.nationalIdentifier = 'not-an-lei';
    expect(invalid(p)).toEqual(['C11 originatingVasp.legalPerson.nationalIdentification.nationalIdentifier']);
  });

  it('C12: intermediary sequence numbers run from 0 without gaps', () => {
    const p = completePayload();
    const hop = (sequence: number) => ({
      intermediaryVASP: {
        legalPerson: {
          name: { nameIdentifier: [{ legalPersonName: `Hop ${sequence}`, legalPersonNameIdentifierType: 'LEGL' }] },
        },
      },
      sequence,
    });
    p.transferPath = [hop(0), hop(1)];
    expect(issues(p)).toEqual([]);
    p.transferPath = [hop(0), hop(2)];
    expect(invalid(p)).toEqual(['C12 transferPath']);
  });

  it('a person is natural or legal, not both or neither; datatypes are checked (length, codes)', () => {
    const p = completePayload();
    p.beneficiary = { beneficiaryPerson: [{}], accountNumber: ['a'] };
    expect(missing(p)).toEqual(['beneficiary.beneficiaryPerson[0].naturalPerson|legalPerson']);
    p.beneficiary = {
      beneficiaryPerson: [
        {
          ...alice,
          legalPerson: { name: { nameIdentifier: [{ legalPersonName: 'X', legalPersonNameIdentifierType: 'LEGL' }] } },
        },
      ],
      accountNumber: ['a'],
    };
    expect(invalid(p)).toContain('PERSON beneficiary.beneficiaryPerson[0]');
    p.beneficiary = {
      beneficiaryPerson: [
        {
          naturalPerson: {
            name: { nameIdentifier: [{ primaryIdentifier: 'M'.repeat(101), naturalPersonNameIdentifierType: 'XXXX' }] },
          },
        },
      ],
      accountNumber: ['a'],
    };
    expect(invalid(p)).toEqual([
      '- beneficiary.beneficiaryPerson[0].naturalPerson.name.nameIdentifier[0].primaryIdentifier',
      '- beneficiary.beneficiaryPerson[0].naturalPerson.name.nameIdentifier[0].naturalPersonNameIdentifierType',
    ]);
  });
});

describe('IVMS101 text: any script, length in characters', () => {
  const named = (primaryIdentifier: string, secondaryIdentifier: string, town: string, street: string) => {
    const p = completePayload();
    p.originator = {
      originatorPerson: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [{ primaryIdentifier, secondaryIdentifier, naturalPersonNameIdentifierType: 'LEGL' }],
            },
            geographicAddress: [
              { addressType: 'HOME', streetName: street, buildingNumber: '7', townName: town, country: 'XX' },
            ],
            dateAndPlaceOfBirth: { dateOfBirth: '1970-01-31', placeOfBirth: town },
          },
        },
      ],
      accountNumber: ['1'],
    };
    return p;
  };

  const real: [string, string, string, string][] = [
    ['Müller', 'Jürgen', 'Zürich', 'Bahnhofstraße'],
    ['Gonçalves', 'João', 'São Paulo', 'Rua Oscar Freire'],
    ['Araújo', 'Lúcia', 'Brasília', 'Eixo Monumental'],
    ['Çağlar', 'Şükrü', 'İstanbul', 'İstiklal Caddesi'],
    ['Öztürk', 'Gülşen', 'Eskişehir', 'Atatürk Bulvarı'],
    ['Nguyễn', 'Thị Minh Khai', 'Hồ Chí Minh City', 'Đường Nguyễn Thị Minh Khai'],
    ['Trần', 'Quốc Tuấn', 'Hà Nội', 'Phố Hàng Bạc'],
    ['Ó Súilleabháin', 'Seán', 'Baile Átha Cliath', 'Sráid Uí Chonaill'],
    ['Łukasiewicz', 'Zoë', 'Łódź', 'Świętokrzyska'],
    ['Ærøskøbing', 'Søren', 'København', 'Nørrebrogade'],
  ];
  for (const [family, given, town, street] of real) {
    it(`${given} ${family}, ${street}, ${town}`, () => {
      expect(validateIvms101(named(family, given, town, street), '2026-06-01')).toEqual([]);
    });
  }

  it('counts characters, not UTF-16 units: 35 Vietnamese or astral characters fit Max35Text, 36 do not', () => {
    const nfd = 'Hồ Chí Minh'.normalize('NFD');
    expect(nfd.length).toBeGreaterThan(11);
    const town35 = '𝒜'.repeat(35); // 70 UTF-16 units
    expect(validateIvms101(named('Nguyễn', 'Thị', town35, 'Lê Lợi'), '2026-06-01')).toEqual([]);
    expect(invalid(named('Nguyễn', 'Thị', '𝒜'.repeat(36), 'Lê Lợi'))).toContain(
      '- originator.originatorPerson[0].naturalPerson.geographicAddress[0].townName',
    );
    expect(invalid(named('', 'Thị', 'Huế', 'Lê Lợi'))).toContain(
      '- originator.originatorPerson[0].naturalPerson.name.nameIdentifier[0].primaryIdentifier',
    );
  });
});

describe('request-level shape (loosened schema)', () => {
  it('accepts incomplete payloads so the verdict can list what is missing', () => {
    expect(
      TravelRulePayloadShape.safeParse({ originator: { originatorPerson: [{ naturalPerson: {} }] } }).success,
    ).toBe(true);
  });
  it('rejects unknown keys, prototype keys and wrong types at any depth', () => {
    expect(
      TravelRulePayloadShape.safeParse({ originator: { originatorPerson: [{ naturalPerson: { nmae: {} } }] } }).success,
    ).toBe(false);
    expect(TravelRulePayloadShape.safeParse(JSON.parse('{"originator":{"__proto__":{"polluted":true}}}')).success).toBe(
      false,
    );
    expect(TravelRulePayloadShape.safeParse({ originator: { originatorPerson: 'Alice' } }).success).toBe(false);
    expect(
      TravelRulePayloadShape.safeParse({ originator: { originatorPerson: Array.from({ length: 21 }, () => ({})) } })
        .success,
    ).toBe(false);
  });
  it('every list has the standard schema’s bound, so a 500,000-element list is refused without parsing it', () => {
    const huge = Array.from({ length: 500_000 }, () => 1);
    for (const payload of [
      { originator: { originatorPerson: huge } },
      { originator: { originatorPerson: [{ naturalPerson: { name: { nameIdentifier: huge } } }] } },
      { beneficiary: { accountNumber: huge } },
      { transferPath: huge },
      { payloadMetadata: { transliterationMethod: huge } },
      { originator: { originatorPerson: [{ naturalPerson: { geographicAddress: [{ addressLine: huge }] } }] } },
    ]) {
      const r = TravelRulePayloadShape.safeParse(payload);
      expect(r.success).toBe(false);
      expect(r.error!.issues.length).toBe(1);
      expect(r.error!.issues[0]!.code).toBe('too_big');
    }
    // The strict schema agrees: more persons than the bound is a datatype issue, not 11 person checks.
    const p = completePayload();
    p.beneficiary = { beneficiaryPerson: Array.from({ length: 11 }, () => bob), accountNumber: ['a'] };
    expect(invalid(p)).toEqual(['- beneficiary.beneficiaryPerson']);
    expect(
      TravelRulePayloadShape.safeParse({ originator: { originatorPerson: Array.from({ length: 11 }, () => ({})) } })
        .success,
    ).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
