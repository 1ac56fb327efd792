/** Counterparty sanctions through the screening call: listed wallets, listed names, and the real SDN file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeShared, SHARED_LISTS_DIR } from '../helpers/shared-data.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import {
  cleanWallet,
  codes,
  completeTravelRule,
  getJson,
  NOW,
  rowCount,
  screenOk,
  testClock,
  verifiedCustomer,
} from '../helpers/transactions.ts';

const clock = testClock(NOW);

describe('counterparty sanctions (bundled sample lists)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({}, { clock: clock.clock });
    await verifiedCustomer(rt, 'sx-1');
  });
  afterAll(() => rt.dispose());

  it('sanctions.wallet: a Garantex bitcoin address from the SDN list blocks the transfer', async () => {
    const r = await screenOk(rt, {
      userId: 'sx-1',
      amount: '50',
      counterparty: { walletAddress: '3Lpoy53K625zVeE47ZasiG5jGkAxJ27kh1', chain: 'bitcoin', hosted: false },
    });
    expect(r.decision).toBe('block');
    expect(codes(r)[0]).toBe('sanctions.wallet');
    expect(r.sanctions.hits).toEqual([
      expect.objectContaining({
        kind: 'wallet',
        field: 'counterparty.walletAddress',
        source: 'ofac-sdn',
        sourceId: '36025',
        currency: 'XBT',
      }),
    ]);
    // A block always leaves an alert for compliance, with the rule hits.
    const alerts = await getJson(rt, '/v1/alerts?status=open&userId=sx-1');
    expect(alerts.body.alerts[0]).toMatchObject({ transactionId: r.transactionId, decision: 'block' });
  });

  it('an EVM address matches whatever its letter case', async () => {
    const r = await screenOk(rt, {
      userId: 'sx-1',
      amount: '50',
      counterparty: { walletAddress: '0x7ff9cfad3877f21d41da833e2f775db0569ee3d9', chain: 'ethereum' },
    });
    expect(r.decision).toBe('block');
    expect(codes(r)).toContain('sanctions.wallet');
  });

  it('sanctions.counterparty_name: the listed name of a designated bank blocks', async () => {
    const r = await screenOk(rt, {
      userId: 'sx-1',
      amount: '50',
      counterparty: { name: 'Banco Nacional de Cuba', walletAddress: cleanWallet() },
    });
    expect(codes(r)).toContain('sanctions.counterparty_name');
    expect(r.decision).toBe('block');
    expect(
      r.sanctions.hits.some((h: { kind: string; sourceId: string }) => h.kind === 'name' && h.sourceId === '306'),
    ).toBe(true);
  });

  it('a Travel Rule beneficiary with a listed name is screened too', async () => {
    const travelRule = completeTravelRule() as Record<string, unknown>;
    travelRule.beneficiary = {
      beneficiaryPerson: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [
                {
                  primaryIdentifier: 'MADURO MOROS',
                  secondaryIdentifier: 'Nicolas',
                  naturalPersonNameIdentifierType: 'LEGL',
                },
              ],
            },
          },
        },
      ],
      accountNumber: ['0xabc'],
    };
    const r = await screenOk(rt, { userId: 'sx-1', amount: '2000', travelRule });
    expect(codes(r)).toContain('sanctions.counterparty_name');
    expect(r.decision).not.toBe('approve');
    expect(r.sanctions.hits.find((h: { kind: string }) => h.kind === 'name').field).toBe(
      'travelRule.beneficiary.beneficiaryPerson[0]',
    );
  });

  it('a clean counterparty passes with no hits', async () => {
    const r = await screenOk(rt, {
      userId: 'sx-1',
      amount: '50',
      counterparty: { name: 'Erika Mustermann', walletAddress: cleanWallet() },
    });
    expect(r.sanctions.hits).toEqual([]);
    expect(r.decision).toBe('approve');
    expect(await rowCount(rt, 'screened_transactions')).toBeGreaterThan(0);
  });
});

describeShared('counterparty sanctions on the real OFAC SDN file (shared snapshot)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime({ LISTS_DIR: SHARED_LISTS_DIR, LIST_SOURCES: 'ofac-sdn' }, { clock: clock.clock });
    await verifiedCustomer(rt, 'sdn-1');
  }, 180_000);
  afterAll(() => rt.dispose());

  it('blocks a transfer to a Lazarus Group ETH address (SDN 27307, "Digital Currency Address - ETH")', async () => {
    const r = await screenOk(rt, {
      userId: 'sdn-1',
      amount: '120',
      counterparty: { walletAddress: '0x098B716B8Aaf21512996dC57EB0615e2383E2f96', chain: 'ethereum', hosted: false },
    });
    expect(r.decision).toBe('block');
    expect(r.sanctions.hits[0]).toMatchObject({
      kind: 'wallet',
      source: 'ofac-sdn',
      sourceId: '27307',
      currency: 'ETH',
    });
    expect(r.reasons[0]).toMatchObject({ code: 'sanctions.wallet', outcome: 'block' });
  });

  it('blocks a transfer received from a listed XBT address', async () => {
    const r = await screenOk(rt, {
      userId: 'sdn-1',
      direction: 'inbound',
      amount: '80',
      counterparty: { walletAddress: '12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h', chain: 'bitcoin' },
    });
    expect(r.decision).toBe('block');
    expect(codes(r)).toContain('sanctions.wallet');
  });
});
