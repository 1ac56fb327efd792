/** IVMS101.2023 payloads after the standard's business example 1 (Alice Smith → Bob Barnes). */
export const alice = {
  naturalPerson: {
    name: {
      nameIdentifier: [
        { primaryIdentifier: 'Smith', secondaryIdentifier: 'Alice', naturalPersonNameIdentifierType: 'LEGL' },
      ],
    },
    geographicAddress: [
      {
        addressType: 'GEOG',
        streetName: 'Potential Street',
        buildingNumber: '24',
        buildingName: 'Weathering Views',
        postCode: '91765',
        townName: 'Walnut',
        countrySubDivision: 'California',
        country: 'US',
      },
    ],
    customerIdentification: '1002390',
  },
};
export const bob = {
  naturalPerson: {
    name: {
      nameIdentifier: [
        { primaryIdentifier: 'Barnes', secondaryIdentifier: 'Robert', naturalPersonNameIdentifierType: 'LEGL' },
      ],
    },
  },
};
/** GLEIF's own LEI (valid check digits). */
export const VALID_LEI = '5493001KJTIIGC8Y1R12';
export const vaspA = {
  legalPerson: {
    name: { nameIdentifier: [{ legalPersonName: 'VASP A', legalPersonNameIdentifierType: 'LEGL' }] },
    nationalIdentification: { nationalIdentifier: VALID_LEI, nationalIdentifierType: 'LEIX' },
  },
};

export function completePayload(): Record<string, unknown> {
  return structuredClone({
    originator: { originatorPerson: [alice], accountNumber: ['10023909'] },
    beneficiary: { beneficiaryPerson: [bob], accountNumber: ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'] },
    originatingVasp: vaspA,
    payloadMetadata: { payloadVersion: '101.2023' },
  });
}
