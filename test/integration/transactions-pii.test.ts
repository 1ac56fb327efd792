/**
 * Travel Rule and counterparty personal data at rest: after screening transactions full of names,
 * addresses and identifiers (and replaying one), neither the database file nor its WAL or shared-memory
 * file holds any of them in clear; the decisions are still replayed and read back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyHash } from '../../src/transactions/body-hash.ts';
import { startTestRuntime } from '../helpers/runtime.ts';
import { HOUR, NOW, screen, testClock, txBody, verifiedCustomer, type Json } from '../helpers/transactions.ts';

const clock = testClock(NOW);

const SECRETS = {
  counterpartyName: 'Ottoline Vantablack-Ferrers',
  counterpartyWallet: '0x7a3bC91d0E5f2A4b6C8d9E0f1A2b3C4d5E6f7A8B',
  originatorFamily: 'Quillfeather',
  originatorGiven: 'Zephyrine',
  originatorAlias: 'Zephy Quillon',
  originatorLocal: 'Зефирина Квиллфезер',
  street: 'Larkspur Lane',
  town: 'Wintersbourne',
  postCode: 'WB4 9QZ',
  passport: 'P7731904QX',
  customerId: 'CUST-88412907',
  birthDate: '1979-03-14',
  birthPlace: 'Thistlewick',
  account: 'IBAN-DE44500105175407324931',
  beneficiaryFamily: 'Marchbanks',
  beneficiaryGiven: 'Isolde',
  beneficiaryCompany: 'Hollowmere Provisions GmbH',
  beneficiaryAccount: '0x52908400098527886E0F7030069857D2E4169EE7',
};

function travelRule(): Record<string, unknown> {
  const s = SECRETS;
  return {
    originator: {
      originatorPerson: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [
                {
                  primaryIdentifier: s.originatorFamily,
                  secondaryIdentifier: s.originatorGiven,
                  naturalPersonNameIdentifierType: 'LEGL',
                },
                { primaryIdentifier: s.originatorAlias, naturalPersonNameIdentifierType: 'ALIA' },
              ],
              localNameIdentifier: [{ primaryIdentifier: s.originatorLocal, nameIdentifierType: 'LEGL' }],
            },
            geographicAddress: [
              {
                addressType: 'HOME',
                streetName: s.street,
                buildingNumber: '17',
                postCode: s.postCode,
                townName: s.town,
                country: 'GB',
              },
            ],
            nationalIdentification: {
              nationalIdentifier: s.passport,
              nationalIdentifierType: 'CCPT',
              countryOfIssue: 'GB',
            },
            customerIdentification: s.customerId,
            dateAndPlaceOfBirth: { dateOfBirth: s.birthDate, placeOfBirth: s.birthPlace },
          },
        },
      ],
      accountNumber: [s.account],
    },
    beneficiary: {
      beneficiaryPerson: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [
                {
                  primaryIdentifier: s.beneficiaryFamily,
                  secondaryIdentifier: s.beneficiaryGiven,
                  naturalPersonNameIdentifierType: 'LEGL',
                },
              ],
            },
          },
        },
        {
          legalPerson: {
            name: {
              nameIdentifier: [{ legalPersonName: s.beneficiaryCompany, legalPersonNameIdentifierType: 'LEGL' }],
            },
          },
        },
      ],
      accountNumber: [s.beneficiaryAccount],
    },
    payloadMetadata: { payloadVersion: '101.2023' },
  };
}

describe('Travel Rule personal data at rest', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('is in neither the database file, nor its WAL, nor its shared-memory file', async () => {
    const rt = await startTestRuntime({}, { clock: clock.clock });
    dirs.push(rt.dir);
    await verifiedCustomer(rt, 'pii-1');
    const bodies = [
      // Outbound to a named counterparty by name only (its key is the name), then by wallet.
      txBody({
        userId: 'pii-1',
        amount: '2000',
        counterparty: { name: SECRETS.counterpartyName },
        travelRule: travelRule(),
      }),
      txBody({
        userId: 'pii-1',
        amount: '2500',
        counterparty: { name: SECRETS.counterpartyName, walletAddress: SECRETS.counterpartyWallet, chain: 'ethereum' },
        travelRule: travelRule(),
      }),
      // Inbound, so the originator side is screened; above the alert threshold so an alert row is written too.
      txBody({
        userId: 'pii-1',
        direction: 'inbound',
        amount: '60000',
        counterparty: { name: SECRETS.counterpartyName },
        travelRule: travelRule(),
      }),
    ];
    const answers: Json[] = [];
    for (const b of bodies) {
      const r = await screen(rt, b);
      expect(r.status).toBe(200);
      answers.push(r.body);
    }
    expect(answers[2].decision).not.toBe('approve');
    // Idempotent replay still works (fingerprints are keyed hashes now), and a changed body is still a conflict.
    const replay = await screen(rt, bodies[0]);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(answers[0]);
    expect((await screen(rt, { ...bodies[0], amount: '2001' })).status).toBe(409);
    // Fan-out still tells counterparties apart by their keyed hashes: one by name, one by wallet.
    const risk = await rt.call('GET', '/v1/users/pii-1/risk');
    expect(((await risk.json()) as Json).aggregates.distinctRecipients).toBe(2);

    // Every table, as SQLite returns it, before the files are read.
    const rows = await rt.database.client.execute('select * from screened_transactions');
    expect(String(rows.rows[0]!.request)).toMatch(/^v1\./);
    expect(String(rows.rows[0]!.counterparty_key)).toMatch(/^name:[A-Za-z0-9_-]{22}$/);

    const dbFile = path.join(rt.dir, 'sidecar.db');
    const files = [dbFile, `${dbFile}-wal`, `${dbFile}-shm`];
    const read = () => Buffer.concat(files.filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
    // While open (the WAL holds the recent pages) and after closing (checkpointed into the file).
    const whileOpen = read();
    await rt.close();
    const afterClose = read();
    for (const bytes of [whileOpen, afterClose]) {
      expect(bytes.includes(Buffer.from(bodies[0]!.transactionId as string))).toBe(true); // the rows are there...
      for (const [what, plain] of Object.entries(SECRETS)) {
        for (const form of new Set([plain, plain.toLowerCase()])) {
          expect(bytes.includes(Buffer.from(form, 'utf8')), `${what} (${form}) found in clear`).toBe(false); // ...the people are not
        }
      }
    }

    // Reopened with the same key, the stored decisions read back as answered.
    const again = await startTestRuntime({}, { clock: clock.clock, dir: dirs[0]! });
    try {
      const stored = await again.call('GET', `/v1/transactions/${bodies[1]!.transactionId}`);
      expect(await stored.json()).toEqual({
        ...answers[1],
        countedInAggregates: true,
        decidedAt: null,
        decidedBy: null,
        finalOutcome: null,
      });
    } finally {
      await again.close();
    }
  });

  it('rows stored in clear by an earlier version are sealed at start-up, and still replay', async () => {
    let rt = await startTestRuntime({}, { clock: clock.clock });
    dirs.push(rt.dir);
    const legacyName = 'Barnaby Thistlethwaite-Oakes';
    const legacyWallet = '0x1b2C3d4E5f60718293a4B5c6D7e8F90a1B2c3D4e';
    const bodies = [
      txBody({
        userId: 'legacy-1',
        amount: '20',
        at: NOW - 2 * HOUR,
        counterparty: { name: legacyName },
        travelRule: false,
      }),
      txBody({
        userId: 'legacy-1',
        amount: '30',
        at: NOW - HOUR,
        counterparty: { walletAddress: legacyWallet },
        travelRule: false,
      }),
    ];
    // Written the way the previous version wrote them: request JSON, keys and a plain SHA-256 fingerprint in clear.
    const keys = [`name:${legacyName.toLowerCase()}`, `wallet:${legacyWallet.toLowerCase()}`];
    for (const [i, b] of bodies.entries()) {
      const at = Date.parse(b.timestamp as string);
      const response = { transactionId: b.transactionId, decision: 'approve', riskScore: 0, reasons: [] };
      await rt.database.client.batch(
        [
          {
            sql: `insert into screened_transactions (transaction_id, user_id, occurred_at, direction, amount, asset, amount_usd,
                  counterparty_key, counted, body_hash, request, received_at) values (?, ?, ?, 'outbound', ?, 'USDC', ?, ?, 1, ?, ?, ?)`,
            args: [
              b.transactionId as string,
              'legacy-1',
              at,
              b.amount as string,
              b.amount as string,
              keys[i]!,
              bodyHash(b),
              JSON.stringify(b),
              at,
            ],
          },
          {
            sql: `insert into transaction_decisions (transaction_id, user_id, decision, risk_score, monitoring, reason_codes, response,
                  evaluated_at) values (?, 'legacy-1', 'approve', 0, 'standard', '[]', ?, ?)`,
            args: [b.transactionId as string, JSON.stringify(response), at],
          },
        ],
        'write',
      );
    }
    rt = await rt.restart();
    try {
      const rows = await rt.database.client.execute(
        'select request, counterparty_key, body_hash from screened_transactions order by rowid',
      );
      for (const r of rows.rows) {
        expect(String(r.request)).toMatch(/^v1\./);
        expect(String(r.counterparty_key)).toMatch(/^(name|wallet):[A-Za-z0-9_-]{22}$/);
        expect(String(r.body_hash)).toMatch(/^h1\./);
      }
      // The same body replays the stored answer; another body under the same id is still a conflict.
      const replay = await screen(rt, bodies[0]);
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.transactionId).toBe(bodies[0]!.transactionId);
      expect((await screen(rt, { ...bodies[1], amount: '31' })).status).toBe(409);
      // The rekeyed history and new transactions agree: the same counterparties are not counted twice.
      await screen(
        rt,
        txBody({
          userId: 'legacy-1',
          amount: '5',
          counterparty: { name: ` ${legacyName.toUpperCase()} ` },
          travelRule: false,
        }),
      );
      await screen(
        rt,
        txBody({ userId: 'legacy-1', amount: '5', counterparty: { walletAddress: legacyWallet }, travelRule: false }),
      );
      const risk = (await (await rt.call('GET', '/v1/users/legacy-1/risk')).json()) as Json;
      expect(risk.aggregates.distinctRecipients).toBe(2);
    } finally {
      await rt.close();
    }
    const dbFile = path.join(dirs.at(-1)!, 'sidecar.db');
    const bytes = Buffer.concat(
      [dbFile, `${dbFile}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)),
    );
    for (const plain of [legacyName, legacyName.toLowerCase(), legacyWallet, legacyWallet.toLowerCase()])
      expect(bytes.includes(Buffer.from(plain)), `${plain} still in clear`).toBe(false);
  });
});
