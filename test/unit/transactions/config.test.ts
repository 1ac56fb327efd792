import { describe, expect, it } from 'vitest';
import { loadTransactionsConfig } from '../../../src/transactions/config.ts';

describe('transactions configuration', () => {
  it('defaults', () => {
    expect(loadTransactionsConfig({})).toEqual({
      maxClockSkewMs: 120_000,
      stateMaxUsers: 200_000,
      commitMaxBatch: 500,
      synchronous: 'normal',
      commitMaxQueue: 10_000,
      maxScreenedNames: 50,
      amountUsdTolerance: 50_000_000_000_000_000n,
    });
  });
  it('overrides and limits', () => {
    expect(
      loadTransactionsConfig({ TRANSACTIONS_MAX_CLOCK_SKEW: '30s', TRANSACTIONS_SYNCHRONOUS: 'full' }),
    ).toMatchObject({ maxClockSkewMs: 30_000, synchronous: 'full' });
    expect(() => loadTransactionsConfig({ TRANSACTIONS_COMMIT_MAX_BATCH: '5000' })).toThrow(
      /TRANSACTIONS_COMMIT_MAX_BATCH/,
    );
    expect(() => loadTransactionsConfig({ TRANSACTIONS_SYNCHRONOUS: 'off' })).toThrow(/TRANSACTIONS_SYNCHRONOUS/);
    expect(
      loadTransactionsConfig({
        TRANSACTIONS_COMMIT_MAX_QUEUE: '3',
        TRANSACTIONS_MAX_SCREENED_NAMES: '7',
        TRANSACTIONS_AMOUNT_USD_TOLERANCE: '0.01',
        TRANSACTIONS_MAX_BACKDATE: '2d',
      }),
    ).toMatchObject({
      commitMaxQueue: 3,
      maxScreenedNames: 7,
      amountUsdTolerance: 10_000_000_000_000_000n,
      maxBackdateMs: 172_800_000,
    });
    expect(() => loadTransactionsConfig({ TRANSACTIONS_AMOUNT_USD_TOLERANCE: '5%' })).toThrow(
      /TRANSACTIONS_AMOUNT_USD_TOLERANCE/,
    );
    expect(() => loadTransactionsConfig({ TRANSACTIONS_COMMIT_MAX_QUEUE: '0' })).toThrow(
      /TRANSACTIONS_COMMIT_MAX_QUEUE/,
    );
  });
});
