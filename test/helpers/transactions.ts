/**
 * Helpers for transaction-screening scenarios over the real HTTP app: a movable clock, request
 * builders, and direct row counts (to prove what was, or was not, stored).
 */
import type { TestRuntime } from './runtime.ts';

/** Scenario "now": after every Travel Rule effective date (EU TFR, AU 2026-03-31). */
export const NOW = Date.parse('2026-06-01T12:00:00Z');
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const iso = (ms: number) => new Date(ms).toISOString();

/** A clock the scenario moves; handed to bootstrap so the service and the test agree on "now". */
export function testClock(start = NOW) {
  let now = start;
  return {
    clock: () => new Date(now),
    set(ms: number) {
      now = ms;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

let seq = 0;
/** A clean EVM address (never on a list: random). */
export function cleanWallet(): string {
  seq++;
  return `0x${Array.from({ length: 40 }, (_, i) => ((seq * 7919 + i * 104729) % 16).toString(16)).join('')}`;
}

export function newId(prefix = 'tx'): string {
  seq++;
  return `${prefix}-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 8)}`;
}

/** IVMS101.2023 payload that satisfies the Travel Rule (after the standard's business example 1). */
export function completeTravelRule(): Record<string, unknown> {
  return {
    originator: {
      originatorPerson: [
        {
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
                townName: 'Walnut',
                country: 'US',
              },
            ],
            customerIdentification: '1002390',
          },
        },
      ],
      accountNumber: ['10023909'],
    },
    beneficiary: {
      beneficiaryPerson: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [
                { primaryIdentifier: 'Barnes', secondaryIdentifier: 'Robert', naturalPersonNameIdentifierType: 'LEGL' },
              ],
            },
          },
        },
      ],
      accountNumber: ['0x52908400098527886E0F7030069857D2E4169EE7'],
    },
    payloadMetadata: { payloadVersion: '101.2023' },
  };
}

export interface TxOptions {
  userId?: string;
  at?: number;
  amount?: string;
  direction?: 'inbound' | 'outbound';
  counterparty?: Record<string, unknown>;
  travelRule?: Record<string, unknown> | false;
  [key: string]: unknown;
}

/** A screening body: outbound 100 USDC to a clean hosted wallet at NOW, Travel Rule data attached. */
export function txBody(o: TxOptions = {}): Record<string, unknown> {
  const { userId, at, amount, direction, counterparty, travelRule, ...rest } = o;
  return {
    transactionId: newId(),
    userId: userId ?? 'user-1',
    timestamp: iso(at ?? NOW),
    direction: direction ?? 'outbound',
    amount: amount ?? '100',
    asset: 'USDC',
    counterparty: counterparty ?? { walletAddress: cleanWallet(), chain: 'ethereum', hosted: true },
    ...(travelRule === false ? {} : { travelRule: travelRule ?? completeTravelRule() }),
    ...rest,
  };
}

// Test response bodies are read loosely: each test asserts the fields it cares about.
export type Json = any;

export async function screen(
  rt: TestRuntime,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await rt.call('POST', '/v1/transactions/screen', body, headers);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** Screens and insists on a 200. */
export async function screenOk(rt: TestRuntime, o: TxOptions = {}): Promise<Json> {
  const r = await screen(rt, txBody(o));
  if (r.status !== 200) throw new Error(`screen answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function getJson(
  rt: TestRuntime,
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const res = await rt.call('GET', url, undefined, headers);
  return { status: res.status, body: await res.json() };
}

/** A verified, medium-risk customer whose account is two years old (so only the rule under test fires). */
export async function verifiedCustomer(
  rt: TestRuntime,
  userId: string,
  over: Record<string, unknown> = {},
): Promise<void> {
  const res = await rt.call('PUT', `/v1/users/${userId}`, {
    kycStatus: 'approved',
    riskLevel: 'medium',
    country: 'DE',
    createdAt: iso(NOW - 730 * DAY),
    ...over,
  });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`profile import answered ${res.status}: ${await res.text()}`);
}

export const codes = (r: Json): string[] => (r.reasons as { code: string }[]).map((x) => x.code);

export async function rowCount(
  rt: TestRuntime,
  table: 'screened_transactions' | 'transaction_decisions' | 'transaction_alerts' | 'user_monitoring',
): Promise<number> {
  const rs = await rt.database.client.execute(`select count(*) as n from ${table}`);
  return Number(rs.rows[0]!.n);
}
